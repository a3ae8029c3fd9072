//===- Audit.cpp - fluid-audit: instructions a QEMU CPU model cannot run --===//
//
// LLVM's Object library finds the executable sections and the symbols that
// split them into functions; Zydis decodes each function and names its ISA
// set and extension; featuresForIsa maps those to LLVM feature names, the
// language of CpuModels.def. Two TCG bugs are checked on top of the
// missing-feature test: AVX2 gathers on QUIRK_GATHER models and lzcnt/tzcnt
// where they would run as bsr/bsf.
//
//===----------------------------------------------------------------------===//
#include "Audit.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Format.h"
#include "llvm/TargetParser/X86TargetParser.h"
#include <Zydis/Zydis.h>
#include <algorithm>

using namespace llvm;
using namespace llvm::object;

namespace fluid {
namespace cpu {

std::vector<std::string> featuresForIsa(int IsaSet, int IsaExt, bool Mode64) {
  switch (IsaSet) { // sets finer than their extension
  case ZYDIS_ISA_SET_POPCNT: return {"popcnt"};
  case ZYDIS_ISA_SET_LZCNT: return {"lzcnt"};
  case ZYDIS_ISA_SET_CMPXCHG16B: return {"cx16"};
  case ZYDIS_ISA_SET_LAHF: return Mode64 ? std::vector<std::string>{"sahf"}
                                         : std::vector<std::string>{};
  case ZYDIS_ISA_SET_CMOV: case ZYDIS_ISA_SET_FCMOV: return {"cmov"};
  case ZYDIS_ISA_SET_SSE4: return {"sse4.1"};
  case ZYDIS_ISA_SET_SSE42: return {"sse4.2"};
  case ZYDIS_ISA_SET_AVXAES: return {"aes", "avx"};
  case ZYDIS_ISA_SET_AVX_GFNI: return {"gfni", "avx"};
  case ZYDIS_ISA_SET_FXSAVE: case ZYDIS_ISA_SET_FXSAVE64: return {"fxsr"};
  case ZYDIS_ISA_SET_SSE_PREFETCH: case ZYDIS_ISA_SET_SSEMXCSR: return {"sse"};
  case ZYDIS_ISA_SET_SSE2MMX: return {"sse2"};
  case ZYDIS_ISA_SET_SSSE3MMX: return {"ssse3"};
  case ZYDIS_ISA_SET_SSE3X87: return {"sse3"};
  case ZYDIS_ISA_SET_PENTIUMMMX: return {"mmx"};
  default: break;
  }
  switch (IsaExt) {
  case ZYDIS_ISA_EXT_MMX: return {"mmx"};
  case ZYDIS_ISA_EXT_SSE: return {"sse"};
  case ZYDIS_ISA_EXT_SSE2: return {"sse2"};
  case ZYDIS_ISA_EXT_SSE3: return {"sse3"};
  case ZYDIS_ISA_EXT_SSSE3: return {"ssse3"};
  case ZYDIS_ISA_EXT_SSE4A: return {"sse4a"};
  case ZYDIS_ISA_EXT_AES: return {"aes"};
  case ZYDIS_ISA_EXT_PCLMULQDQ: return {"pclmul"};
  case ZYDIS_ISA_EXT_AVX: return {"avx"};
  case ZYDIS_ISA_EXT_AVX2: return {"avx2"};
  case ZYDIS_ISA_EXT_AVX2GATHER: return {"avx2"};
  case ZYDIS_ISA_EXT_AVX512EVEX: case ZYDIS_ISA_EXT_AVX512VEX: return {"avx512f"};
  case ZYDIS_ISA_EXT_AVX_VNNI: return {"avxvnni"};
  case ZYDIS_ISA_EXT_FMA: return {"fma"};
  case ZYDIS_ISA_EXT_FMA4: return {"fma4"};
  case ZYDIS_ISA_EXT_XOP: return {"xop"};
  case ZYDIS_ISA_EXT_TBM: return {"tbm"};
  case ZYDIS_ISA_EXT_F16C: return {"f16c"};
  case ZYDIS_ISA_EXT_BMI1: return {"bmi"};
  case ZYDIS_ISA_EXT_BMI2: return {"bmi2"};
  case ZYDIS_ISA_EXT_LZCNT: return {"lzcnt"};
  case ZYDIS_ISA_EXT_MOVBE: return {"movbe"};
  case ZYDIS_ISA_EXT_ADOX_ADCX: return {"adx"};
  case ZYDIS_ISA_EXT_RDRAND: return {"rdrnd"};
  case ZYDIS_ISA_EXT_RDSEED: return {"rdseed"};
  case ZYDIS_ISA_EXT_SHA: return {"sha"};
  case ZYDIS_ISA_EXT_GFNI: return {"gfni"};
  case ZYDIS_ISA_EXT_VAES: return {"vaes"};
  case ZYDIS_ISA_EXT_VPCLMULQDQ: return {"vpclmulqdq"};
  case ZYDIS_ISA_EXT_CLFLUSHOPT: return {"clflushopt"};
  case ZYDIS_ISA_EXT_CLWB: return {"clwb"};
  case ZYDIS_ISA_EXT_CLZERO: return {"clzero"};
  case ZYDIS_ISA_EXT_MONITORX: return {"mwaitx"};
  case ZYDIS_ISA_EXT_XSAVE: return {"xsave"};
  case ZYDIS_ISA_EXT_XSAVEOPT: return {"xsaveopt"};
  case ZYDIS_ISA_EXT_XSAVEC: return {"xsavec"};
  case ZYDIS_ISA_EXT_XSAVES: return {"xsaves"};
  case ZYDIS_ISA_EXT_RDPID: return {"rdpid"};
  case ZYDIS_ISA_EXT_RDWRFSGS: return {"fsgsbase"};
  case ZYDIS_ISA_EXT_PKU: return {"pku"};
  case ZYDIS_ISA_EXT_INVPCID: return {"invpcid"};
  case ZYDIS_ISA_EXT_AMD3DNOW: return {"3dnow"};
  case ZYDIS_ISA_EXT_AMD3DNOW_PREFETCH: return {"prfchw"};
  case ZYDIS_ISA_EXT_PREFETCHWT1: return {"prefetchwt1"};
  case ZYDIS_ISA_EXT_SGX: return {"sgx"};
  case ZYDIS_ISA_EXT_RTM: return {"rtm"};
  default: // base, x87, long mode, and system extensions clang never emits
    return {};
  }
}

static std::string hexBytes(ArrayRef<uint8_t> Bytes) {
  std::string Text;
  for (uint8_t Byte : Bytes) {
    if (!Text.empty())
      Text += ' ';
    Text += toHex(ArrayRef<uint8_t>(Byte), /*LowerCase=*/true);
  }
  return Text;
}

// The feature the model lacks (with a note for TCG bugs), or "".
static std::string offendingFeature(const ZydisDecodedInstruction &Insn,
                                    bool Mode64, const CpuModel &Model,
                                    const StringSet<> &Runs, std::string &Note) {
  for (const std::string &Feature :
       featuresForIsa(Insn.meta.isa_set, Insn.meta.isa_ext, Mode64))
    if (!Runs.contains(Feature)) {
      if (Feature == "lzcnt" || (Feature == "bmi" &&
                                 Insn.mnemonic == ZYDIS_MNEMONIC_TZCNT))
        Note = "runs as bsr/bsf on this model: wrong result, no fault";
      return Feature;
    }
  if (Insn.meta.isa_ext == ZYDIS_ISA_EXT_AVX2GATHER &&
      Model.hasQuirk(QUIRK_GATHER)) {
    Note = "QEMU 7.2 gathers with an xmm4/ymm4 index return wrong data";
    return "avx2-gather";
  }
  return "";
}

void auditCode(ArrayRef<uint8_t> Bytes, uint64_t Address, bool Mode64,
               StringRef Function, const CpuModel *Model,
               AuditReport &Report) {
  ZydisDecoder Decoder;
  ZydisDecoderInit(&Decoder,
                   Mode64 ? ZYDIS_MACHINE_MODE_LONG_64
                          : ZYDIS_MACHINE_MODE_LEGACY_32,
                   Mode64 ? ZYDIS_STACK_WIDTH_64 : ZYDIS_STACK_WIDTH_32);
  StringSet<> Runs = Model ? Model->runs() : StringSet<>();
  size_t Offset = 0;
  while (Offset < Bytes.size()) {
    ZydisDecodedInstruction Insn;
    if (!ZYAN_SUCCESS(ZydisDecoderDecodeInstruction(
            &Decoder, nullptr, Bytes.data() + Offset, Bytes.size() - Offset,
            &Insn))) {
      ++Report.UndecodableBytes; // padding or data: resynchronise
      ++Offset;
      continue;
    }
    ++Report.Instructions;
    ++Report.ExtensionCounts[ZydisISAExtGetString(Insn.meta.isa_ext)];
    std::string Note;
    std::string Feature =
        Model ? offendingFeature(Insn, Mode64, *Model, Runs, Note) : "";
    if (!Feature.empty()) {
      ZydisDisassembledInstruction Text;
      ZydisDisassembleIntel(Mode64 ? ZYDIS_MACHINE_MODE_LONG_64
                                   : ZYDIS_MACHINE_MODE_LEGACY_32,
                            Address + Offset, Bytes.data() + Offset,
                            Insn.length, &Text);
      Report.Findings.push_back(
          {Function.str(), Offset, Address + Offset,
           hexBytes(Bytes.slice(Offset, Insn.length)), Text.text, Feature,
           Note});
    }
    Offset += Insn.length;
  }
}

// As clang's -march=native reads the host: the CPU's own features (when
// LLVM knows its name), then each feature the host reports, on or off,
// with the features it implies.
CpuModel hostModel(const HostCpu &Host, std::string &Storage) {
  StringMap<bool> Map;
  if (X86::parseArchX86(Host.Name) != X86::CK_None) {
    SmallVector<StringRef, 64> Names;
    X86::getFeaturesForCPU(Host.Name, Names, /*NeedPlus=*/false);
    for (StringRef Name : Names) {
      Map[Name] = true;
      X86::updateImpliedFeatures(Name, true, Map);
    }
  }
  for (const auto &Entry : Host.Features) {
    Map[Entry.getKey()] = Entry.getValue();
    X86::updateImpliedFeatures(Entry.getKey(), Entry.getValue(), Map);
  }
  std::vector<StringRef> Runs;
  for (const auto &Entry : Map)
    if (Entry.getValue())
      Runs.push_back(Entry.getKey());
  llvm::sort(Runs);
  Storage = join(Runs, ",");
  return CpuModel{"host", /*Only32=*/false, "native", Storage, /*Quirks=*/0,
                  ModelSource::Derived};
}

namespace {
struct Range {
  uint64_t Start;
  std::string Name;
  size_t Order = 0;
};
} // namespace

// Function and label symbols of one section, by address; the first range
// starts at the section itself.
static std::vector<Range> rangesOf(const ObjectFile &Object,
                                   const SectionRef &Section,
                                   StringRef SectionName) {
  std::vector<Range> Ranges{{Section.getAddress(), SectionName.str(), 0}};
  for (const SymbolRef &Symbol : Object.symbols()) {
    Expected<section_iterator> Where = Symbol.getSection();
    Expected<SymbolRef::Type> Type = Symbol.getType();
    Expected<StringRef> Name = Symbol.getName();
    Expected<uint64_t> Address = Symbol.getAddress();
    if (!Where || !Type || !Name || !Address) {
      consumeError(Where.takeError());
      consumeError(Type.takeError());
      consumeError(Name.takeError());
      consumeError(Address.takeError());
      continue;
    }
    if (*Where != Section || Name->empty() ||
        (*Type != SymbolRef::ST_Function && *Type != SymbolRef::ST_Unknown &&
         *Type != SymbolRef::ST_Other))
      continue;
    Ranges.push_back({*Address, Name->str(), 0});
  }
  // Symbol-table order breaks ties, so the result is deterministic.
  for (size_t I = 0; I < Ranges.size(); ++I)
    Ranges[I].Order = I;
  llvm::sort(Ranges.begin() + 1, Ranges.end(), [](const Range &A, const Range &B) {
    return std::tie(A.Start, A.Order) < std::tie(B.Start, B.Order);
  });
  // One name per address: the last symbol wins over the section's name and
  // over local labels sharing a function's address.
  std::vector<Range> Unique;
  for (Range &R : Ranges) {
    if (!Unique.empty() && Unique.back().Start == R.Start)
      Unique.back() = R;
    else
      Unique.push_back(R);
  }
  return Unique;
}

static Error auditSection(const ObjectFile &Object, const SectionRef &Section,
                          bool Elf64, const CpuModel *Model,
                          const AuditOptions &Options, AuditReport &Report) {
  Expected<StringRef> Name = Section.getName();
  Expected<StringRef> Contents = Section.getContents();
  if (!Name || !Contents) {
    consumeError(Name.takeError());
    return Contents ? Error::success() : Contents.takeError();
  }
  ArrayRef<uint8_t> Bytes = arrayRefFromStringRef(*Contents);
  uint64_t Base = Section.getAddress();
  std::vector<Range> Ranges = rangesOf(Object, Section, *Name);
  for (size_t I = 0; I < Ranges.size(); ++I) {
    uint64_t Begin = Ranges[I].Start - Base;
    uint64_t End = I + 1 < Ranges.size() ? Ranges[I + 1].Start - Base
                                         : Bytes.size();
    if (Begin >= End || End > Bytes.size())
      continue;
    if (is_contained(Options.SkipSymbols, Ranges[I].Name)) {
      ++Report.SkippedRanges;
      continue;
    }
    bool Code32 = is_contained(Options.Code32Symbols, Ranges[I].Name);
    Report.Code32Ranges += Code32;
    auditCode(Bytes.slice(Begin, End - Begin), Ranges[I].Start,
              Elf64 && !Code32, Ranges[I].Name, Model, Report);
  }
  return Error::success();
}

Expected<AuditReport> auditFile(StringRef Path, const CpuModel *Model,
                                const AuditOptions &Options) {
  auto fileError = [&](const Twine &Why) {
    return createStringError(inconvertibleErrorCode(), Path + ": " + Why);
  };
  Expected<OwningBinary<ObjectFile>> Binary = ObjectFile::createObjectFile(Path);
  if (!Binary) {
    std::string Why = toString(Binary.takeError());
    if (StringRef(Why).contains("No such file"))
      return fileError("no such file");
    return fileError("not an ELF object or image (" + Why + ")");
  }
  const ObjectFile &Object = *Binary->getBinary();
  if (!Object.isELF())
    return fileError("not an ELF object or image");
  Triple::ArchType Arch = Object.getArch();
  if (Arch != Triple::x86_64 && Arch != Triple::x86)
    return fileError("not x86 code (" +
                     Triple::getArchTypeName(Arch).str() + ")");
  // A section header pointing past the end of the file (a damaged symbol
  // table's size, say) would have the symbol walk below run for 2^64
  // entries: refuse such files up front, naming the section.
  for (const SectionRef &Section : Object.sections()) {
    if (ELFSectionRef(Section).getType() == ELF::SHT_NOBITS)
      continue;
    if (Expected<StringRef> Contents = Section.getContents(); !Contents) {
      Expected<StringRef> Name = Section.getName();
      std::string Which = Name ? ("section '" + *Name + "'").str()
                               : "a section";
      consumeError(Name.takeError());
      return fileError("damaged ELF: " + Which + ": " +
                       toString(Contents.takeError()));
    }
  }
  AuditReport Report;
  for (const SectionRef &Section : Object.sections())
    if (Section.isText() && Section.getSize() > 0)
      if (Error E = auditSection(Object, Section, Arch == Triple::x86_64,
                                 Model, Options, Report))
        return fileError(toString(std::move(E)));
  return Report;
}

} // namespace cpu
} // namespace fluid

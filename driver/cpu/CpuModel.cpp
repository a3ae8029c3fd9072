//===- CpuModel.cpp - The QEMU CPU model table ----------------------------===//
//
// Expands CpuModels.def into a constant array; everything else here is
// lookup. The CPUID bit table serves the check of the model table against
// what QEMU reports (fluid-cpu check-cpuid); the kernel's features.c holds
// the same bits in C for its boot guard.
//
//===----------------------------------------------------------------------===//
#include "CpuModel.h"

#include <tuple>

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Regex.h"
#include <algorithm>

using namespace llvm;

namespace fluid {
namespace cpu {

static const ModelSource MEASURED = ModelSource::Measured;
static const ModelSource DERIVED = ModelSource::Derived;

static const CpuModel Models[] = {
#define FLUID_CPU_MODEL(Name, Only32, BaseMarch, Runs, Quirks, Source)         \
  {Name, Only32, BaseMarch, Runs, Quirks, Source},
#include "CpuModels.def"
};

StringSet<> CpuModel::runs() const {
  StringSet<> Set;
  SmallVector<StringRef, 48> Names;
  Runs.split(Names, ',', -1, /*KeepEmpty=*/false);
  for (StringRef N : Names)
    Set.insert(N);
  return Set;
}

ArrayRef<CpuModel> allModels() { return Models; }

const CpuModel *findModel(StringRef Name) {
  for (const CpuModel &M : Models)
    if (M.Name == Name)
      return &M;
  for (const CpuModel &M : Models)
    if (M.Name.equals_insensitive(Name))
      return &M;
  // QEMU's versioned names and aliases: Haswell-v4, Haswell-noTSX-IBRS,
  // EPYC-IBPB. What the versions change (TSX, IBRS, XSAVES, MPX, split-lock
  // detection) is never in a Runs set, so the base row is right for all.
  static const Regex Suffix("^(.*)(-v[0-9]+|-noTSX-IBRS|-noTSX|-IBRS|-IBPB)$");
  SmallVector<StringRef, 3> Parts;
  if (Suffix.match(Name, &Parts) && Parts[1] != Name)
    return findModel(Parts[1]);
  return nullptr;
}

std::vector<std::string> closestModelNames(StringRef Name) {
  // (rank, distance, table position): names sharing the wanted text as a
  // prefix (or containing it) come first, as "Skylake" should suggest
  // Skylake-Client before "base"; then edit distance; table order breaks
  // ties.
  std::vector<std::tuple<unsigned, unsigned, size_t>> Scored;
  std::vector<std::string> Known;
  for (const CpuModel &M : Models)
    Known.push_back(M.Name.str());
  Known.push_back("host");
  std::string Wanted = Name.lower();
  for (size_t I = 0; I < Known.size(); ++I) {
    std::string Candidate = StringRef(Known[I]).lower();
    StringRef C(Candidate);
    unsigned Rank = C.starts_with(Wanted) || StringRef(Wanted).starts_with(C)
                        ? 0
                    : C.contains(Wanted) ? 1
                                         : 2;
    Scored.emplace_back(Rank,
                        StringRef(Wanted).edit_distance(
                            C, /*AllowReplacements=*/true),
                        I);
  }
  llvm::sort(Scored);
  std::vector<std::string> Names;
  for (auto &Entry : Scored)
    Names.push_back(Known[std::get<2>(Entry)]);
  return Names;
}

StringRef cpuidAliasOf(StringRef Feature) {
  return Feature == "crc32" ? "sse4.2" : Feature;
}

std::optional<CpuidBit> cpuidBitFor(StringRef Feature) {
  enum { EAX, EBX, ECX, EDX };
  const unsigned Ext = 0x80000001u;
  // Intel SDM vol. 2A, CPUID; AMD APM vol. 3, appendix E.
  return StringSwitch<std::optional<CpuidBit>>(cpuidAliasOf(Feature))
      .Case("x87", CpuidBit{1, 0, EDX, 0})
      .Case("cx8", CpuidBit{1, 0, EDX, 8})
      .Case("cmov", CpuidBit{1, 0, EDX, 15})
      .Case("mmx", CpuidBit{1, 0, EDX, 23})
      .Case("fxsr", CpuidBit{1, 0, EDX, 24})
      .Case("sse", CpuidBit{1, 0, EDX, 25})
      .Case("sse2", CpuidBit{1, 0, EDX, 26})
      .Case("sse3", CpuidBit{1, 0, ECX, 0})
      .Case("pclmul", CpuidBit{1, 0, ECX, 1})
      .Case("ssse3", CpuidBit{1, 0, ECX, 9})
      .Case("fma", CpuidBit{1, 0, ECX, 12})
      .Case("cx16", CpuidBit{1, 0, ECX, 13})
      .Case("sse4.1", CpuidBit{1, 0, ECX, 19})
      .Case("sse4.2", CpuidBit{1, 0, ECX, 20})
      .Case("movbe", CpuidBit{1, 0, ECX, 22})
      .Case("popcnt", CpuidBit{1, 0, ECX, 23})
      .Case("aes", CpuidBit{1, 0, ECX, 25})
      .Case("xsave", CpuidBit{1, 0, ECX, 26})
      .Case("avx", CpuidBit{1, 0, ECX, 28})
      .Case("f16c", CpuidBit{1, 0, ECX, 29})
      .Case("rdrnd", CpuidBit{1, 0, ECX, 30})
      .Case("fsgsbase", CpuidBit{7, 0, EBX, 0})
      .Case("bmi", CpuidBit{7, 0, EBX, 3})
      .Case("avx2", CpuidBit{7, 0, EBX, 5})
      .Case("bmi2", CpuidBit{7, 0, EBX, 8})
      .Case("invpcid", CpuidBit{7, 0, EBX, 10})
      .Case("avx512f", CpuidBit{7, 0, EBX, 16})
      .Case("rdseed", CpuidBit{7, 0, EBX, 18})
      .Case("adx", CpuidBit{7, 0, EBX, 19})
      .Case("clflushopt", CpuidBit{7, 0, EBX, 23})
      .Case("clwb", CpuidBit{7, 0, EBX, 24})
      .Case("sha", CpuidBit{7, 0, EBX, 29})
      .Case("pku", CpuidBit{7, 0, ECX, 3})
      .Case("gfni", CpuidBit{7, 0, ECX, 8})
      .Case("vaes", CpuidBit{7, 0, ECX, 9})
      .Case("vpclmulqdq", CpuidBit{7, 0, ECX, 10})
      .Case("rdpid", CpuidBit{7, 0, ECX, 22})
      .Case("xsaveopt", CpuidBit{0xd, 1, EAX, 0})
      .Case("xsavec", CpuidBit{0xd, 1, EAX, 1})
      .Case("xsaves", CpuidBit{0xd, 1, EAX, 3})
      .Case("sahf", CpuidBit{Ext, 0, ECX, 0})
      .Case("lzcnt", CpuidBit{Ext, 0, ECX, 5})
      .Case("sse4a", CpuidBit{Ext, 0, ECX, 6})
      .Case("prfchw", CpuidBit{Ext, 0, ECX, 8})
      .Case("64bit", CpuidBit{Ext, 0, EDX, 29})
      .Default(std::nullopt);
}

} // namespace cpu
} // namespace fluid

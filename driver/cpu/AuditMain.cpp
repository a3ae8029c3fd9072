//===- AuditMain.cpp - fluid-audit: thin main over the Audit library ------===//
//
//   fluid-audit --cpu=MODEL [--code32=SYMBOL]... [--skip=SYMBOL]... FILE...
//   fluid-audit --list-features FILE...
//
// Exit status: 0 clean, 1 when any instruction needs a feature the model
// does not run correctly, 2 on bad input (unknown model, bad option, or a
// missing or non-ELF file: each such file is named on one line and the
// others are still audited; 2 then wins over 1).
//
//===----------------------------------------------------------------------===//
#include "Audit.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"
#include <Zydis/Zydis.h>

using namespace llvm;
using namespace fluid::cpu;

#ifndef FLUID_VERSION
#define FLUID_VERSION "unknown"
#endif

static const char Usage[] =
    "USAGE: fluid-audit --cpu=MODEL [--code32=SYMBOL]... [--skip=SYMBOL]... "
    "FILE...\n"
    "       fluid-audit --list-features FILE...\n";

static const char Help[] =
    "\n"
    "Lists every instruction of x86 ELF objects and images (x86_64, i386)\n"
    "that a QEMU CPU model cannot run correctly under TCG: function, address,\n"
    "bytes, text and the feature at fault.\n"
    "\n"
    "OPTIONS:\n"
    "  --cpu=MODEL      a QEMU CPU model as 'qemu-system-x86_64 -cpu help'\n"
    "                   names it (qemu64, Haswell, Skylake-Client, ...; a\n"
    "                   misspelt name lists the closest ones), or 'host':\n"
    "                   this machine's CPU, as QEMU's -cpu host under KVM\n"
    "                   runs the guest on it\n"
    "  --code32=SYMBOL  decode the range at SYMBOL as 32-bit code (a 64-bit\n"
    "                   multiboot kernel's entry, before long mode)\n"
    "  --skip=SYMBOL    do not decode the range at SYMBOL (data in a code\n"
    "                   section, or code run only after its own CPUID check)\n"
    "  --list-features  count the instructions of each ISA extension\n"
    "  --help           this text\n"
    "  --version        Fluid's version, then Zydis's and LLVM's\n"
    "\n"
    "Exit status: 0 clean; 1 when an instruction needs a feature the model\n"
    "does not run correctly; 2 on a bad option or model, or when a file\n"
    "cannot be audited (each named on one line, the others still audited).\n";

static int usageError(const Twine &Message) {
  errs() << "fluid-audit: error: " << Message << "\n";
  return 2;
}

static void printVersion() {
  ZyanU64 Zydis = ZydisGetVersion();
  outs() << "fluid-audit (Fluid) " << FLUID_VERSION
         << ", QEMU 7.2 CPU model table, Zydis "
         << ZYDIS_VERSION_MAJOR(Zydis) << "." << ZYDIS_VERSION_MINOR(Zydis)
         << "." << ZYDIS_VERSION_PATCH(Zydis) << "\n";
  outs().flush();
  cl::PrintVersionMessage();
}

static void printFindings(StringRef Path, const AuditReport &Report,
                          StringRef ModelName) {
  for (const Finding &F : Report.Findings) {
    outs() << Path << ": " << format_hex(F.Address, 10) << " <" << F.Function
           << "+" << format_hex(F.Offset, 1) << ">: " << F.Bytes << "  "
           << F.Text << "  [" << F.Feature << "]";
    if (!F.Note.empty())
      outs() << " (" << F.Note << ")";
    outs() << "\n";
  }
  outs() << "fluid-audit: " << Path << ": " << Report.Findings.size()
         << " instruction(s) " << ModelName << " cannot run correctly, "
         << Report.Instructions << " decoded";
  if (Report.Code32Ranges)
    outs() << ", " << Report.Code32Ranges << " range(s) as 32-bit code";
  if (Report.SkippedRanges)
    outs() << ", " << Report.SkippedRanges << " range(s) skipped";
  outs() << "\n";
}

static void printExtensions(StringRef Path, const AuditReport &Report) {
  for (const auto &[Extension, Count] : Report.ExtensionCounts)
    outs() << Path << ": " << Extension << " " << Count << "\n";
}

int main(int argc, char **argv) {
  std::string ModelName;
  bool ListFeatures = false;
  AuditOptions Options;
  std::vector<std::string> Files;
  for (int I = 1; I < argc; ++I) {
    StringRef Arg = argv[I];
    if (Arg == "--help" || Arg == "-help" || Arg == "-h") {
      outs() << Usage << Help;
      return 0;
    }
    if (Arg == "--version" || Arg == "-version") {
      printVersion();
      return 0;
    }
    if (Arg.consume_front("--cpu="))
      ModelName = Arg.str();
    else if (Arg == "--list-features")
      ListFeatures = true;
    else if (Arg.consume_front("--code32="))
      Options.Code32Symbols.push_back(Arg.str());
    else if (Arg.consume_front("--skip="))
      Options.SkipSymbols.push_back(Arg.str());
    else if (Arg.starts_with("-") && Arg.size() > 1)
      return usageError("unknown option '" + Arg + "' (see fluid-audit --help)");
    else
      Files.push_back(Arg.str());
  }
  if (Files.empty())
    return usageError("no input files (usage: fluid-audit --cpu=MODEL FILE...)");
  const CpuModel *Model = nullptr;
  CpuModel Host;
  std::string HostFeatures;
  if (StringRef(ModelName).equals_insensitive("host")) {
    if (!Triple(sys::getProcessTriple()).isX86())
      return usageError("--cpu=host: this machine is not x86, so QEMU's -cpu "
                        "host cannot run x86 code; name a QEMU model");
    Host = hostModel(detectHost(), HostFeatures);
    Model = &Host;
  } else if (!ModelName.empty() && !(Model = findModel(ModelName))) {
    return usageError("--cpu=" + ModelName +
                      ": unknown QEMU CPU model; known models (closest "
                      "first): " + join(closestModelNames(ModelName), ", "));
  }
  if (!Model && !ListFeatures)
    return usageError("--cpu=MODEL is required (or --list-features)");
  bool Offending = false, BadInput = false;
  for (const std::string &Path : Files) {
    Expected<AuditReport> Report = auditFile(Path, Model, Options);
    if (!Report) {
      BadInput = true;
      usageError(toString(Report.takeError()));
      continue;
    }
    if (ListFeatures)
      printExtensions(Path, *Report);
    if (Model)
      printFindings(Path, *Report, Model->Name);
    Offending |= !Report->Findings.empty();
  }
  return BadInput ? 2 : Offending ? 1 : 0;
}

//===- AuditMain.cpp - fluid-audit: thin main over the Audit library ------===//
//
//   fluid-audit --cpu=MODEL [--code32=SYMBOL]... [--skip=SYMBOL]... FILE...
//   fluid-audit --list-features FILE...
//
// Exit status: 0 clean, 1 when any instruction needs a feature the model
// does not run correctly, 2 on bad input (unknown model, missing or
// non-ELF file, bad option).
//
//===----------------------------------------------------------------------===//
#include "Audit.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace fluid::cpu;

static int usageError(const Twine &Message) {
  errs() << "fluid-audit: error: " << Message << "\n";
  return 2;
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
    if (Arg.consume_front("--cpu="))
      ModelName = Arg.str();
    else if (Arg == "--list-features")
      ListFeatures = true;
    else if (Arg.consume_front("--code32="))
      Options.Code32Symbols.push_back(Arg.str());
    else if (Arg.consume_front("--skip="))
      Options.SkipSymbols.push_back(Arg.str());
    else if (Arg.starts_with("-") && Arg.size() > 1)
      return usageError("unknown option '" + Arg + "'");
    else
      Files.push_back(Arg.str());
  }
  if (Files.empty())
    return usageError("no input files (usage: fluid-audit --cpu=MODEL FILE...)");
  const CpuModel *Model = nullptr;
  if (!ModelName.empty() && !(Model = findModel(ModelName)))
    return usageError("--cpu=" + ModelName +
                      ": unknown QEMU CPU model; known models (closest "
                      "first): " + join(closestModelNames(ModelName), ", "));
  if (!Model && !ListFeatures)
    return usageError("--cpu=MODEL is required (or --list-features)");
  bool Offending = false;
  for (const std::string &Path : Files) {
    Expected<AuditReport> Report = auditFile(Path, Model, Options);
    if (!Report)
      return usageError(toString(Report.takeError()));
    if (ListFeatures)
      printExtensions(Path, *Report);
    if (Model)
      printFindings(Path, *Report, Model->Name);
    Offending |= !Report->Findings.empty();
  }
  return Offending ? 1 : 0;
}

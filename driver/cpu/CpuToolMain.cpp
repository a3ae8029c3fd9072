//===- CpuToolMain.cpp - fluid-cpu: the CPU policy and table, for tests ---===//
//
// A small private tool (not installed) that exposes the policy library and
// the model table to lit tests and to build scripts:
//   fluid-cpu flags --cpu=MODEL [--policy=MODE] [--no-avx-state] [ARGS...]
//       print the safe CPU flags for ARGS (one line), the summary on stderr
//   fluid-cpu matrix --cpu=M1,M2 --march=A,B [ARGS...]
//       one line per combination: "MODEL MARCH: FLAGS"
//   fluid-cpu models       one line per model: name, bits, source, quirks
//   fluid-cpu check-cpuid --cpu=MODEL LOG
//       compare the table with the kernel's `cpuid` dump in LOG
//
//===----------------------------------------------------------------------===//
#include "CpuCheck.h"
#include "CpuModel.h"
#include "CpuPolicy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace fluid::cpu;

static int fail(const Twine &Message) {
  errs() << "fluid-cpu: error: " << Message << "\n";
  return 2;
}

static int printFlags(PolicyRequest Request) {
  Expected<PolicyResult> Result = applyCpuPolicy(Request);
  if (!Result)
    return fail(toString(Result.takeError()));
  if (!Result->Summary.empty())
    errs() << "fluid-cpu: warning: " << Result->Summary << "\n";
  outs() << join(Result->CpuFlags, " ") << "\n";
  return 0;
}

static int printMatrix(StringRef Models, StringRef Marches,
                       const PolicyRequest &Base) {
  SmallVector<StringRef, 16> ModelNames, MarchNames;
  Models.split(ModelNames, ',', -1, false);
  Marches.split(MarchNames, ',', -1, false);
  for (StringRef Model : ModelNames)
    for (StringRef March : MarchNames) {
      PolicyRequest Request = Base;
      Request.Model = Model.str();
      const CpuModel *Row = findModel(Model);
      if (Row && Row->Only32)
        Request.Args.insert(Request.Args.begin(), "-m32");
      Request.Args.push_back(("-march=" + March).str());
      Expected<PolicyResult> Result = applyCpuPolicy(Request);
      if (!Result)
        return fail(toString(Result.takeError()));
      outs() << Model << " " << March << ": " << join(Result->CpuFlags, " ")
             << "\n";
    }
  return 0;
}

static int printModels() {
  for (const CpuModel &M : allModels())
    outs() << M.Name << " " << (M.Only32 ? "32" : "64") << " "
           << (M.Source == ModelSource::Measured ? "measured" : "derived")
           << (M.hasQuirk(QUIRK_GATHER) ? " gather-bug" : "")
           << (M.hasQuirk(QUIRK_NO_BOOT) ? " no-boot" : "") << "\n";
  return 0;
}

static int checkLog(StringRef ModelName, StringRef Path) {
  const CpuModel *Model = findModel(ModelName);
  if (!Model)
    return fail("--cpu=" + ModelName + ": unknown QEMU CPU model");
  auto Buffer = MemoryBuffer::getFile(Path);
  if (!Buffer)
    return fail(Path + ": " + Buffer.getError().message());
  Expected<CpuidCheck> Check = checkCpuid(*Model, (*Buffer)->getBuffer());
  if (!Check)
    return fail(Path + ": " + toString(Check.takeError()));
  outs() << Model->Name << ": " << Check->Checked.size()
         << " table features advertised; not advertised: "
         << (Check->NotAdvertised.empty() ? "none"
                                          : join(Check->NotAdvertised, ", "))
         << "; advertised, left out: "
         << (Check->LeftOut.empty() ? "none" : join(Check->LeftOut, ", "))
         << "\n";
  return Check->NotAdvertised.empty() ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return fail("usage: fluid-cpu flags|matrix|models|check-cpuid ...");
  StringRef Command = argv[1];
  PolicyRequest Request;
  Request.Tool = "fluid-cpu";
  std::string Models, Marches;
  std::vector<std::string> Rest;
  for (int I = 2; I < argc; ++I) {
    StringRef Arg = argv[I];
    if (Arg.consume_front("--cpu="))
      Request.Model = Models = Arg.str();
    else if (Arg.consume_front("--march="))
      Marches = Arg.str();
    else if (Arg.consume_front("--policy=")) {
      Expected<PolicyMode> Mode = parsePolicyMode(Arg);
      if (!Mode)
        return fail(toString(Mode.takeError()));
      Request.Mode = *Mode;
    } else if (Arg == "--no-avx-state")
      Request.GuestEnablesAvx = false;
    else
      Rest.push_back(Arg.str());
  }
  if (Command == "models")
    return printModels();
  if (Models.empty())
    return fail("--cpu=MODEL is required");
  if (Command == "check-cpuid")
    return Rest.size() == 1 ? checkLog(Models, Rest[0])
                            : fail("check-cpuid takes one serial log");
  Request.Host = detectHost();
  Request.Args = Rest;
  if (Command == "flags")
    return printFlags(Request);
  if (Command == "matrix")
    return printMatrix(Models, Marches, Request);
  return fail("unknown command '" + Command + "'");
}

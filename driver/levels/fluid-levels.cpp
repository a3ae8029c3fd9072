//===- fluid-levels.cpp - fluid-cc --fluid-profile, the executable -------===//
//
// fluid-cc execs this program, installed next to the plugin, with its own
// arguments when --fluid-profile is given: the split needs LLVM's IR
// libraries, which fluid-cc itself does not load. Arguments are processed
// exactly as fluid-cc processes them (driver/cc/ArgProcessing.h); modes
// without code generation exec clang as fluid-cc would.
//
//===----------------------------------------------------------------------===//

#include "ArgProcessing.h"
#include "Installation.h"
#include "ProfileCompile.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

using namespace llvm;
using namespace fluid::driver;

static std::string ToolName = "fluid-cc";

[[noreturn]] static void fail(const Twine &Message) {
  errs() << ToolName << ": error: " << Message << "\n";
  errs().flush();
  std::exit(1);
}

int main(int Argc, char **Argv) {
  ToolName = sys::path::filename(Argv[0]).str();
  SmallVector<const char *, 64> Expanded(Argv, Argv + Argc);
  BumpPtrAllocator Alloc;
  cl::ExpansionContext Expander(Alloc, cl::TokenizeGNUCommandLine);
  if (Error E = Expander.expandResponseFiles(Expanded))
    fail(toString(std::move(E)));
  std::vector<std::string> Args(Expanded.begin() + 1, Expanded.end());

  // fluid-levels lives in <prefix>/lib/fluid, with the plugin and runtimes.
  static int Anchor;
  std::string Exe = sys::fs::getMainExecutable(Argv[0], &Anchor);
  Environment Env = describeInstallation(ToolName, sys::path::parent_path(Exe));

  Expected<Plan> PlanOrErr = processArgs(Args, Env);
  if (!PlanOrErr)
    fail(toString(PlanOrErr.takeError()));
  Plan &P = *PlanOrErr;
  for (const std::string &Warning : P.Warnings)
    errs() << ToolName << ": warning: " << Warning << "\n";
  for (const RequiredFile &F : P.RequiredFiles)
    if (!sys::fs::exists(F.Path))
      fail(F.Flag + ": " + F.What + " not found: '" + F.Path + "'");
  if (sys::path::has_parent_path(P.Program)) {
    if (!sys::fs::can_execute(P.Program))
      fail("clang not found: '" + P.Program + "' (from " + P.ProgramOrigin +
           ")");
  } else if (ErrorOr<std::string> Found = sys::findProgramByName(P.Program)) {
    P.Program = *Found;
  } else {
    fail("clang not found: '" + P.Program + "' is not in PATH (from " +
         P.ProgramOrigin + ")");
  }
  P.Args[0] = P.Program;

  fluid::levels::CompileSettings Settings;
  Settings.ToolName = ToolName;
  Settings.ClangPath = P.Program;
  Settings.Verbose = P.Verbose;
  // clang's compile jobs run in this process when the clang to wrap is the
  // one fluid-levels links (the built-in one); FLUID_LEVELS_SUBPROCESS=1
  // runs every clang as its own process.
  SmallString<256> Wrapped, BuiltIn;
  Settings.InProcess =
      !fromEnv("FLUID_LEVELS_SUBPROCESS") &&
      !sys::fs::real_path(P.Program, Wrapped) &&
      !sys::fs::real_path(P.CxxMode ? Env.DefaultClangXX : Env.DefaultClang,
                          BuiltIn) &&
      Wrapped == BuiltIn;
  int Status = fluid::levels::runProfileCompile(P, Settings);
  if (Status >= 0)
    return Status;

  // No code generation: clang runs as fluid-cc would run it.
  std::vector<char *> ExecArgv;
  for (std::string &Arg : P.Args)
    ExecArgv.push_back(Arg.data());
  ExecArgv.push_back(nullptr);
  outs().flush();
  errs().flush();
  execv(ExecArgv[0], ExecArgv.data());
  fail("cannot run clang '" + P.Args[0] + "': " + std::strerror(errno));
}

//===- fluid-levels.cpp - fluid-cc --fluid-profile, the executable -------===//
//
// fluid-cc execs this program, installed next to the plugin, with its own
// arguments when --fluid-profile is given: the split needs LLVM's IR
// libraries, which fluid-cc itself does not load. It starts as fluid-cc
// does (driver/cc/ToolStart.h): the arguments are processed once, by the
// same processArgs, whose reading of each argument the compile's steps use
// (ArgLayout.h); modes without code generation exec clang as fluid-cc would.
//
//===----------------------------------------------------------------------===//

#include "ArgProcessing.h"
#include "Installation.h"
#include "ProfileCompile.h"
#include "ToolStart.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace fluid::driver;

int main(int Argc, char **Argv) {
  std::string ToolName = sys::path::filename(Argv[0]).str();
  std::vector<std::string> Args = expandedArguments(ToolName, Argc, Argv);

  // fluid-levels lives in <prefix>/lib/fluid, with the plugin and runtimes.
  static int Anchor;
  std::string Exe = sys::fs::getMainExecutable(Argv[0], &Anchor);
  Environment Env = describeInstallation(ToolName, sys::path::parent_path(Exe));

  Expected<Invocation> InvocationOrErr = processArgs(Args, Env);
  if (!InvocationOrErr)
    exitWithError(ToolName, toString(InvocationOrErr.takeError()));
  Invocation &P = *InvocationOrErr;
  prepareInvocation(ToolName, P);

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
  execClang(ToolName, P);
}

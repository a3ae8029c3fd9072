//===- fluid-cc.cpp - fluid-cc / fluid-c++: run the plan ------------------===//
//
// Everything interesting happens in processArgs (ArgProcessing.cpp); this
// file gathers its inputs (argv with response files expanded, the
// installation found relative to this executable, FLUID_CLANG), checks that
// the files the plan needs exist (both as fluid-levels does: ToolStart.h),
// and execs clang, so clang's exit status and signals are the build's.
//
//===----------------------------------------------------------------------===//

#include "ArgProcessing.h"
#include "Installation.h"
#include "ToolStart.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

using namespace llvm;
using namespace fluid::driver;

static std::string ToolName = "fluid-cc";

[[noreturn]] static void fail(const Twine &Message) {
  exitWithError(ToolName, Message);
}

/// fluid-cc lives in <prefix>/bin, its plugin and runtimes in
/// <prefix>/lib/fluid (/proc/self/exe: symlinks to the tool resolve to the
/// installed tree).
static Environment describeInstallation(const char *Argv0) {
  static int Anchor;
  std::string Exe = sys::fs::getMainExecutable(Argv0, &Anchor);
  SmallString<256> Lib(sys::path::parent_path(sys::path::parent_path(Exe)));
  sys::path::append(Lib, "lib", "fluid");
  return describeInstallation(sys::path::filename(Argv0), Lib);
}

/// --fluid-profile: compiles run through several clang commands and a
/// relink (driver/levels), which need LLVM's IR libraries. They live in
/// fluid-levels, next to the plugin, so that every other compile keeps this
/// small, fast executable. It gets the very same arguments.
[[noreturn]] static void runLevels(const Environment &Env, char **Argv) {
  SmallString<256> Levels(Env.LibDir);
  sys::path::append(Levels, "fluid-levels");
  if (!sys::fs::can_execute(Levels))
    fail("--fluid-profile: fluid-levels not found: '" + Levels + "'");
  execv(Levels.c_str(), Argv);
  fail("cannot run '" + Levels + "': " + std::strerror(errno));
}

static void printCommand(ArrayRef<std::string> Args) {
  errs() << ToolName << ": exec";
  for (const std::string &Arg : Args) {
    bool Quote = Arg.empty() || Arg.find_first_of(" \t\"'\\$") != std::string::npos;
    errs() << ' ';
    if (Quote)
      errs() << '"' << Arg << '"';
    else
      errs() << Arg;
  }
  errs() << "\n";
}

int main(int Argc, char **Argv) {
  ToolName = sys::path::filename(Argv[0]).str();
  std::vector<std::string> Args = expandedArguments(ToolName, Argc, Argv);

  Environment Env = describeInstallation(Argv[0]);
  Expected<Invocation> InvocationOrErr = processArgs(Args, Env);
  if (!InvocationOrErr)
    fail(toString(InvocationOrErr.takeError()));
  Invocation &P = *InvocationOrErr;
  if (P.PrintHelp) {
    outs() << helpText(ToolName);
    return 0;
  }
  if (P.PrintOnly) {
    outs() << *P.PrintOnly << "\n";
    return 0;
  }
  if (!P.ProfileFile.empty())
    runLevels(Env, Argv);
  prepareInvocation(ToolName, P);
  if (P.PrintVersion)
    outs() << ToolName << " (Fluid) " << FLUID_VERSION << ", wrapping "
           << P.Args[0] << "\n";
  if (P.Verbose)
    printCommand(P.Args);
  execClang(ToolName, P);
}

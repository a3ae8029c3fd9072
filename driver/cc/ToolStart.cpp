//===- ToolStart.cpp - How fluid-cc and fluid-levels start ---------------===//
//
// See ToolStart.h.
//
//===----------------------------------------------------------------------===//

#include "ToolStart.h"

#include "llvm/Support/Allocator.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

using namespace llvm;

namespace fluid {
namespace driver {

void exitWithError(StringRef Tool, const Twine &Message) {
  errs() << Tool << ": error: " << Message << "\n";
  errs().flush();
  std::exit(1);
}

std::vector<std::string> expandedArguments(StringRef Tool, int Argc,
                                           char **Argv) {
  SmallVector<const char *, 64> Expanded(Argv, Argv + Argc);
  BumpPtrAllocator Alloc;
  cl::ExpansionContext Expander(Alloc, cl::TokenizeGNUCommandLine);
  if (Error E = Expander.expandResponseFiles(Expanded))
    exitWithError(Tool, toString(std::move(E)));
  return std::vector<std::string>(Expanded.begin() + 1, Expanded.end());
}

/// Absolute path of the clang \p P runs, or a named error.
static std::string resolveClang(StringRef Tool, const Invocation &P) {
  if (sys::path::has_parent_path(P.Program)) {
    if (!sys::fs::can_execute(P.Program))
      exitWithError(Tool, "clang not found: '" + P.Program + "' (from " +
                              P.ProgramOrigin + ")");
    return P.Program;
  }
  ErrorOr<std::string> Found = sys::findProgramByName(P.Program);
  if (!Found)
    exitWithError(Tool, "clang not found: '" + P.Program +
                            "' is not in PATH (from " + P.ProgramOrigin + ")");
  return *Found;
}

void prepareInvocation(StringRef Tool, Invocation &P) {
  for (const std::string &Warning : P.Warnings)
    errs() << Tool << ": warning: " << Warning << "\n";
  for (const RequiredFile &F : P.RequiredFiles)
    if (!sys::fs::exists(F.Path))
      exitWithError(Tool, F.Flag + ": " + F.What + " not found: '" + F.Path +
                              "'");
  P.Program = resolveClang(Tool, P);
  P.Args[0] = P.Program;
}

void execClang(StringRef Tool, Invocation &P) {
  std::vector<char *> ExecArgv;
  for (std::string &Arg : P.Args)
    ExecArgv.push_back(Arg.data());
  ExecArgv.push_back(nullptr);
  outs().flush();
  errs().flush();
  execv(ExecArgv[0], ExecArgv.data());
  exitWithError(Tool, "cannot run clang '" + P.Args[0] + "': " +
                          std::strerror(errno));
}

} // namespace driver
} // namespace fluid

//===- Commands.cpp - The commands a --fluid-profile compile starts ------===//
//
// See Commands.h.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "InProcess.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace fluid {
namespace levels {

void CommandRunner::error(const Twine &Message) const {
  errs() << S.ToolName << ": error: " << Message << "\n";
}

std::optional<std::string> CommandRunner::findTool(StringRef Name) const {
  SmallString<256> Real;
  if (sys::fs::real_path(S.ClangPath, Real))
    Real = S.ClangPath;
  SmallString<256> Beside(sys::path::parent_path(Real));
  sys::path::append(Beside, Name);
  if (sys::fs::can_execute(Beside))
    return std::string(Beside);
  for (std::string Candidate : {(Name + "-19").str(), Name.str()})
    if (ErrorOr<std::string> Found = sys::findProgramByName(Candidate))
      return *Found;
  return std::nullopt;
}

static void printCommand(StringRef Tool, ArrayRef<std::string> Args) {
  errs() << Tool << ": run";
  for (const std::string &Arg : Args) {
    bool Quote =
        Arg.empty() || Arg.find_first_of(" \t\"'\\$") != std::string::npos;
    errs() << ' ' << (Quote ? "\"" : "") << Arg << (Quote ? "\"" : "");
  }
  errs() << "\n";
}

bool CommandRunner::runParallel(ArrayRef<std::vector<std::string>> Commands) {
  bool Ok = true;
  if (S.InProcess) {
    // One after the other, in this process: no clang start-up per command.
    std::vector<std::vector<std::string>> Others;
    for (const std::vector<std::string> &Cmd : Commands) {
      if (Cmd[0] != S.ClangPath) {
        Others.push_back(Cmd);
        continue;
      }
      if (S.Verbose)
        printCommand(S.ToolName, Cmd);
      Ok &= runClangInProcess(Cmd) == 0;
    }
    if (Others.empty())
      return Ok;
    return runSubprocesses(Others) && Ok;
  }
  return runSubprocesses(Commands);
}

bool CommandRunner::runSubprocesses(ArrayRef<std::vector<std::string>> Commands) {
  // Two at a time: a build runs many fluid-cc processes already.
  const size_t Width = 2;
  bool Ok = true;
  for (size_t Start = 0; Start < Commands.size(); Start += Width) {
    std::vector<sys::ProcessInfo> Running;
    std::vector<size_t> Which;
    for (size_t I = Start; I < std::min(Commands.size(), Start + Width); ++I) {
      const std::vector<std::string> &Cmd = Commands[I];
      if (S.Verbose)
        printCommand(S.ToolName, Cmd);
      std::vector<StringRef> Argv(Cmd.begin(), Cmd.end());
      std::string Error;
      bool Failed = false;
      sys::ProcessInfo PI =
          sys::ExecuteNoWait(Cmd[0], Argv, std::nullopt, {}, 0, &Error,
                             &Failed);
      if (Failed) {
        error("cannot run '" + Cmd[0] + "': " + Error);
        Ok = false;
        continue;
      }
      Running.push_back(PI);
      Which.push_back(I);
    }
    for (size_t K = 0; K < Running.size(); ++K) {
      std::string Error;
      sys::ProcessInfo Done =
          sys::Wait(Running[K], std::nullopt, &Error);
      if (Done.ReturnCode != 0) {
        if (!Error.empty())
          error("'" + Commands[Which[K]][0] + "': " + Error);
        Ok = false;
      }
    }
  }
  return Ok;
}

bool CommandRunner::run(ArrayRef<std::string> Args) {
  return runParallel({std::vector<std::string>(Args.begin(), Args.end())});
}

/// One command in a subprocess, its standard output written to \p Stdout.
bool CommandRunner::runToFile(ArrayRef<std::string> Args, StringRef Stdout) {
  if (S.Verbose)
    printCommand(S.ToolName, Args);
  std::vector<StringRef> Argv(Args.begin(), Args.end());
  std::optional<StringRef> Redirects[] = {std::nullopt, Stdout, std::nullopt};
  std::string Error;
  int Status = sys::ExecuteAndWait(Args[0], Argv, std::nullopt, Redirects, 0,
                                   0, &Error);
  if (Status < 0)
    error("cannot run '" + Args[0] + "': " + Error);
  return Status == 0;
}

} // namespace levels
} // namespace fluid

//===- Commands.h - The commands a --fluid-profile compile starts -*- C++ -*-===//
//
// Every stage of fluid-cc --fluid-profile's compile (ProfileCompile.h)
// starts its tools here: found (LLVM 19's, next to clang or in PATH), printed
// with --fluid-verbose, run in this process when they are the clang
// fluid-levels was built with (InProcess.h), else as subprocesses, two at a
// time. A command that cannot start is one error line.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_COMMANDS_H
#define FLUID_DRIVER_LEVELS_COMMANDS_H

#include "ProfileCompile.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <optional>
#include <string>
#include <vector>

namespace fluid {
namespace levels {

class CommandRunner {
public:
  explicit CommandRunner(const CompileSettings &S) : S(S) {}

  /// \p Name's program: beside the clang, else Name-19 or Name in PATH.
  std::optional<std::string> findTool(llvm::StringRef Name) const;
  /// Runs one command; true when it succeeded.
  bool run(llvm::ArrayRef<std::string> Args);
  /// Runs one command in a subprocess, its standard output to \p Stdout.
  bool runToFile(llvm::ArrayRef<std::string> Args, llvm::StringRef Stdout);
  /// Runs independent commands; true when all succeeded.
  bool runParallel(llvm::ArrayRef<std::vector<std::string>> Commands);

private:
  bool runSubprocesses(llvm::ArrayRef<std::vector<std::string>> Commands);
  void error(const llvm::Twine &Message) const;

  const CompileSettings &S;
};

} // namespace levels
} // namespace fluid

#endif // FLUID_DRIVER_LEVELS_COMMANDS_H

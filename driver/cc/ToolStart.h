//===- ToolStart.h - How fluid-cc and fluid-levels start -------*- C++ -*-===//
//
// fluid-cc execs fluid-levels with its own arguments for --fluid-profile,
// and both start the same way: argv with response files expanded, the plan
// processArgs makes of it, then, before anything runs, the plan's warnings
// printed, the files it needs checked and its clang found; a command that
// is clang's alone is exec'd the same way. A failure is one
// "TOOL: error: ..." line and exit status 1.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_TOOLSTART_H
#define FLUID_DRIVER_TOOLSTART_H

#include "ArgProcessing.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <string>
#include <vector>

namespace fluid {
namespace driver {

/// Prints "Tool: error: Message" and exits with status 1.
[[noreturn]] void exitWithError(llvm::StringRef Tool,
                                const llvm::Twine &Message);

/// argv[1..] with response files (@file) expanded in place.
std::vector<std::string> expandedArguments(llvm::StringRef Tool, int Argc,
                                           char **Argv);

/// Prints \p P's warnings, checks that the files it needs exist and finds
/// its clang: P.Program and P.Args[0] become the clang's path.
void prepareInvocation(llvm::StringRef Tool, Invocation &P);

/// Runs \p P's clang command in place of this process (its exit status and
/// signals are the build's); returns only to exit with an error line.
[[noreturn]] void execClang(llvm::StringRef Tool, Invocation &P);

} // namespace driver
} // namespace fluid

#endif // FLUID_DRIVER_TOOLSTART_H

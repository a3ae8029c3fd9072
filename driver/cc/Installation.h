//===- Installation.h - Where fluid-cc's clang and files are ---*- C++ -*-===//
//
// What processArgs needs to know of the machine (driver/cc/ArgProcessing.h,
// Environment): the clang to wrap (built in, or FLUID_CLANG/FLUID_CLANGXX),
// the default target, the host CPU. fluid-cc and fluid-levels (which fluid-cc
// execs for --fluid-profile) describe it the same way.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_INSTALLATION_H
#define FLUID_DRIVER_INSTALLATION_H

#include "ArgProcessing.h"

#include <optional>
#include <string>

namespace fluid {
namespace driver {

/// The environment of a tool named \p ProgramName (argv[0]'s basename)
/// whose plugin and runtimes are in \p LibDir.
Environment describeInstallation(llvm::StringRef ProgramName,
                                 llvm::StringRef LibDir);

/// The environment variable's value, or std::nullopt when unset or empty.
std::optional<std::string> fromEnv(const char *Name);

} // namespace driver
} // namespace fluid

#endif

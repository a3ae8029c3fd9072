//===- InProcess.h - Run clang's compile jobs in this process --*- C++ -*-===//
//
// fluid-cc --fluid-profile runs clang several times per source file (a
// front end per class, a compile per level). Each clang process costs its
// start-up (loading and relocating libLLVM and libclang-cpp) before any
// work; running the compile jobs here pays that once per file.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_INPROCESS_H
#define FLUID_DRIVER_LEVELS_INPROCESS_H

#include "llvm/ADT/ArrayRef.h"

#include <string>

namespace fluid {
namespace levels {

/// Runs the clang command line \p Argv (Argv[0]: the clang executable, whose
/// resource directory and default target it takes) as that clang would:
/// diagnostics on stderr, -cc1 jobs in this process. Returns the exit
/// status.
int runClangInProcess(llvm::ArrayRef<std::string> Argv);

} // namespace levels
} // namespace fluid

#endif

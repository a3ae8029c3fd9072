//===- OptimizeCommand.h - fluid-prof optimize ------------------*- C++ -*-===//
//
// The `optimize` subcommand lives in its own file, options included (LLVM's
// command line registers a subcommand from any translation unit), so
// fluid-prof.cpp only asks whether it was chosen and runs it.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_OPTIMIZECOMMAND_H
#define FLUID_DRIVER_PROF_OPTIMIZECOMMAND_H

namespace llvm::cl {
class OptionCategory;
} // namespace llvm::cl

namespace fluid {

/// The subcommand's options, for the --help fluid-prof prints.
llvm::cl::OptionCategory &optimizeCategory();

/// Whether the command line chose `fluid-prof optimize`.
bool optimizeSelected();

/// Runs it: the exit status (1 after a one-line error).
int runOptimize();

} // namespace fluid

#endif // FLUID_DRIVER_PROF_OPTIMIZECOMMAND_H

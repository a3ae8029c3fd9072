//===- ProfileCommands.h - Subcommands in their own files -------*- C++ -*-===//
//
// optimize, merge, diff and export each live in their own file with their
// options (LLVM's command line registers a subcommand from any translation
// unit); fluid-prof.cpp asks which was chosen and runs it. docs/fluid-prof.md
// and docs/measured-levels.md describe them.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_PROFILECOMMANDS_H
#define FLUID_DRIVER_PROF_PROFILECOMMANDS_H

namespace llvm::cl {
class OptionCategory;
} // namespace llvm::cl

namespace fluid {

/// Their options, for the --help fluid-prof prints: optimize's, and those
/// of merge, diff and export.
llvm::cl::OptionCategory &optimizeCategory();
llvm::cl::OptionCategory &profileCommandsCategory();

/// Each one: whether the command line chose it, and running it (the exit
/// status, 1 after a one-line error).
///
/// fluid-prof optimize --max-text=B|--max-cycles=N --binary=LEVEL=FILE...
/// (OptimizeCommand.cpp)
bool optimizeSelected();
int runOptimize();

/// fluid-prof merge [--weight=N:FILE]... [--files-from=LIST] -o OUT FILE...
bool mergeSelected();
int runMerge();

/// fluid-prof diff [--format=table|csv] A B
bool diffSelected();
int runDiff();

/// fluid-prof export --format=csv|dot|collapsed|speedscope [-o OUT] FILE
bool exportSelected();
int runExport();

} // namespace fluid

#endif // FLUID_DRIVER_PROF_PROFILECOMMANDS_H

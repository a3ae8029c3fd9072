//===- ProfileCommands.h - fluid-prof merge, diff and export ---*- C++ -*-===//
//
// Each subcommand lives in its own file with its options (LLVM's command
// line registers a subcommand from any translation unit), as optimize does;
// fluid-prof.cpp asks which was chosen and runs it. docs/fluid-prof.md
// describes them.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_PROFILECOMMANDS_H
#define FLUID_DRIVER_PROF_PROFILECOMMANDS_H

namespace fluid {

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

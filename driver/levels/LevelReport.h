//===- LevelReport.h - What the level choice tells the user ----*- C++ -*-===//
//
// After each function's level is chosen (LevelChoice.cpp), the compile
// says what the plan did not decide: the functions left at the command
// line's level because they changed since the profile or are not in it (a
// warning), and, with --fluid-verbose, every function's level and why.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_LEVELREPORT_H
#define FLUID_DRIVER_LEVELS_LEVELREPORT_H

#include "SplitModule.h"

#include "llvm/ADT/StringRef.h"

namespace fluid {
namespace levels {

struct StageContext;

/// Reports \p Choice for the source named \p Source.
void reportChoice(const StageContext &C, const LevelChoice &Choice,
                  llvm::StringRef Source);

} // namespace levels
} // namespace fluid

#endif // FLUID_DRIVER_LEVELS_LEVELREPORT_H

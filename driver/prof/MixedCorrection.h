//===- MixedCorrection.h - A mixed build corrects the table --*- C++ -*-===//
//
// A cost table (CostTable.h) measures each unit with every other unit at
// the same uniform level. The mixed build made from a plan puts callers and
// callees at other levels, and fluid-cc offers bodies across levels, so a
// unit's cost there can differ (inlining interactions). Profiled with its
// levels (each function records the level it was built at), that build
// measures one cell of the table for each unit whose members all ran at
// one level: the unit's cycles at that level, in the mixed context. This
// replaces that cell and keeps the others; the optimizer then solves again.
// docs/measured-levels.md states the rule and its limits.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_MIXEDCORRECTION_H
#define FLUID_DRIVER_PROF_MIXEDCORRECTION_H

#include "CostTable.h"
#include "Profile.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace fluid {

/// Corrects T with the profiles of one mixed build (runs of that build,
/// summed; Paths name them in errors): for each unit whose members present
/// there all record one level the table measures, the unit's cycles at
/// that level become its members' self cycles there, plus those of the
/// functions only the mixed profile has whose callers all lie in the unit;
/// the members' figures at that level become theirs there, all scaled from
/// the mixed build's runs to that level's (T.Runs). Fills T.Mixed and each
/// unit's MixedLevels, UniformCycles and MixedOnly, and adds the profiles
/// to T.Sources.
///
/// One-line errors: a profile without levels (or a function without one),
/// profiles of different builds (build ids, or one function's level), of
/// another target or clock than the table's, a function whose hash differs
/// from the table's, no function in common with the table.
llvm::Error correctWithMixedBuild(CostTable &T,
                                  llvm::ArrayRef<Profile> Profiles,
                                  llvm::ArrayRef<std::string> Paths);

} // namespace fluid

#endif // FLUID_DRIVER_PROF_MIXEDCORRECTION_H

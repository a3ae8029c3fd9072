//===- LevelPlanFile.h - The level plan a compile reads --------*- C++ -*-===//
//
// Before any stage of a --fluid-profile compile, the plan (or profile) the
// option names is read, size-checked, and checked against the plan markers
// of preprocessed inputs (PlanMarker.h): on a build host compiling in a
// directory of its own (distccd), the plan is found where the preprocessing
// host's markers say, and every preprocessed input must have been
// preprocessed with this very plan.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_LEVELPLANFILE_H
#define FLUID_DRIVER_LEVELS_LEVELPLANFILE_H

#include "Plan.h"

#include "llvm/Support/Error.h"

namespace fluid {
namespace levels {

struct StageContext;

/// The level plan of the compile \p C: --fluid-profile's file, read as a
/// plan or a profile (then planned by the default policy).
llvm::Expected<fluid::Plan> readLevelPlan(const StageContext &C);

} // namespace levels
} // namespace fluid

#endif // FLUID_DRIVER_LEVELS_LEVELPLANFILE_H

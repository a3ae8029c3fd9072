//===- Preprocess.h - fluid-cc --fluid-profile -E --------------*- C++ -*-===//
//
// Preprocessing has no code to level, but its output names the plan in a
// line marker (PlanMarker.h), as it names headers, so a compiler cache that
// hashes what -E read misses when the plan changes; a dependency file the
// preprocessing writes (a distcc client's -MD) lists the plan too.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_PREPROCESS_H
#define FLUID_DRIVER_LEVELS_PREPROCESS_H

#include "Plan.h"

namespace fluid {
namespace levels {

struct StageContext;

/// Runs clang -E as the command asks, with \p LevelPlan's markers after the
/// output's first line. Returns the exit status.
int preprocessWithPlan(const StageContext &C, const fluid::Plan &LevelPlan);

/// Whether \p C's -E output can carry the markers: not with -P (no line
/// markers) nor when it lists dependencies or macros (-M, -MM, -dM).
bool preprocessCarriesPlan(const StageContext &C);

} // namespace levels
} // namespace fluid

#endif // FLUID_DRIVER_LEVELS_PREPROCESS_H

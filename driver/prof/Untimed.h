//===- Untimed.h - Functions to leave untimed in the next build -*- C++ -*-===//
//
// fluid-prof untimed reads profiles and lists the functions whose time they
// could not trust (fluid-prof plan's "untimed" and "probe floor" reasons:
// too small to time, or self cycles per call below one probe pair's cost,
// mostly the hooks' own), less every such function that called a timed
// function not on the list: an untimed function has its time in its
// caller's, so no hook may run under it. fluid-cc --fluid-untimed=LIST then
// gives the listed functions a call counter instead of their hooks
// (passes/UntimedList.h has the file format).
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_UNTIMED_H
#define FLUID_DRIVER_PROF_UNTIMED_H

#include "Plan.h"

namespace fluid {

/// The functions to leave untimed, ordered by name, then file; the plan's
/// figures and reasons kept.
llvm::Expected<std::vector<PlanFunction>>
untimedFunctions(llvm::ArrayRef<Profile> Profiles,
                 llvm::ArrayRef<std::string> Paths);

/// Writes the list fluid-cc --fluid-untimed reads.
void writeUntimedList(llvm::ArrayRef<PlanFunction> Functions,
                      llvm::raw_ostream &OS);

} // namespace fluid

#endif // FLUID_DRIVER_PROF_UNTIMED_H

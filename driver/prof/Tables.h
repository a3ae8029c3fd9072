//===- Tables.h - fluid-prof's tables of profiles and plans -----*- C++ -*-===//
//
// What fluid-prof show prints. Names are shown whole (a long one gets a line
// of its own) and C++ names demangled; both are display only, the JSON keeps
// linkage names. Part of the fluid-prof tool, not of the profile library:
// the demangler is a dependency fluid-cc does not need.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_TABLES_H
#define FLUID_DRIVER_PROF_TABLES_H

#include "Plan.h"
#include "Profile.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace fluid {

enum class SortKey { Self, Total, Calls };

/// "37 functions: 3 O3, 20 O2, 10 Os, 4 Oz": levels from the fastest to the
/// smallest code, O0 last.
std::string functionCount(const Plan &P);

/// A linkage name for people: Itanium C++ names demangled, the "file:"
/// prefix of internal functions kept.
std::string displayName(llvm::StringRef Name);

/// The functions table (sorted by Sort, first Top rows) and the edges table.
void showProfile(const Profile &P, SortKey Sort, unsigned Top,
                 llvm::raw_ostream &OS);

/// One row per function, by self cycles: level, figures and reason.
void showPlan(const Plan &P, unsigned Top, llvm::raw_ostream &OS);

} // namespace fluid

#endif // FLUID_DRIVER_PROF_TABLES_H

//===- Accounting.h - The figures of a profile, checked against each other ===//
//
// parseProfile checks that a profile is well formed; this checks that its
// figures can be true, which is what fluid-prof plan ranks functions by: a
// function's inclusive cycles cover its self cycles and its max per call, a
// caller's inclusive covers each of its edges (and so does the callee's), the
// functions' self cycles add up to the totals, and no counter stands at
// 2^64-1 unless the runtime counted a saturation. A runtime that closed a
// frame with another thread's clock wrote such a profile (a negative
// duration saturated to 18446744073709551615): this is where it is caught.
// A version 2 profile's calling contexts keep the same rules node by node
// (a node's inclusive covers its self and its children's), form a tree
// ((parent, function) unique, no function twice on a path, no node for an
// untimed function) and add up to each function's own figures.
// The one owner of these rules: fluid-prof validate and plan, fluid-cc and
// the tests' profile_check.py all come here.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_ACCOUNTING_H
#define FLUID_DRIVER_PROF_ACCOUNTING_H

#include "Profile.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace fluid {

/// Every broken figure of P, one line each ("function work: inclusive 500
/// is below its self 501"), functions and edges in profile order, the
/// totals last. Empty when the figures add up. A figure at 2^64-1 in a
/// profile whose events count saturations stopped there: comparisons
/// against it are skipped.
std::vector<std::string> accountingProblems(const Profile &P);

/// The first problem as a one-line error naming Path ("PATH: figures do not
/// add up: function work: ... (and 2 more)"), or success.
llvm::Error checkAccounting(const Profile &P, llvm::StringRef Path);

} // namespace fluid

#endif // FLUID_DRIVER_PROF_ACCOUNTING_H

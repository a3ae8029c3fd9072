//===- Plan.h - Per-function optimization plans: policies, I/O -*- C++ -*-===//
//
// A plan maps every function of one or more profiles to the optimization
// level fluid-cc compiles it at, with a one-line reason naming the figures
// behind the choice (docs/plan-format.md). fluid-prof writes plans
// (makePlan + writePlan); fluid-cc reads them, or a profile to which it
// applies the default policy (readPlanOrProfile).
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_PLAN_H
#define FLUID_DRIVER_PROF_PLAN_H

#include "Profile.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fluid {

struct PlanFunction {
  std::string Name; // as the profile names it (internal: "file.c:name")
  std::string File;
  uint64_t Hash = 0; // the profile's structural hash
  OptLevel Level = OptLevel::O2;
  std::string Reason; // one line, names the figures behind the level
  // The (summed) figures the policy saw, for tables.
  uint64_t Calls = 0;
  uint64_t SelfCycles = 0;
  uint64_t TotalCycles = 0;
  // Why its self cycles cannot rank it, if they cannot: it was untimed
  // (too small to time, or listed), or its self time per call is below one
  // probe pair's cost on a real clock (mostly the hooks' own). Empty: they
  // can.
  std::string Untrusted;
};

/// One profile a plan was made from.
struct PlanSource {
  uint64_t BuildId = 0;
  std::string Target;
  std::string Clock;
};

struct Plan {
  std::string Producer;
  std::string Policy;                 // "shares" or "bareflow"
  std::vector<PlanSource> Sources;    // one per profile summed
  uint64_t TotalSelfCycles = 0;       // of the summed profiles
  std::vector<PlanFunction> Functions; // unique by (Name, File)
};

enum class PolicyKind { Shares, BareFlow };

/// Every threshold of both policies (fluid-prof plan's options).
struct PolicyOptions {
  PolicyKind Kind = PolicyKind::Shares;
  // Shares: the smallest set of functions (by self cycles, descending)
  // covering HotShare of all self cycles gets HotLevel; executed functions
  // outside the set covering ColdShare get ColdLevel; functions listed with
  // 0 calls get NeverLevel; the rest BaseLevel.
  double HotShare = 0.90;
  double ColdShare = 0.99;
  OptLevel HotLevel = OptLevel::O3;
  OptLevel BaseLevel = OptLevel::O2;
  OptLevel ColdLevel = OptLevel::Os;
  OptLevel NeverLevel = OptLevel::Oz;
  // BareFlow (the prototype's rule, on calls and inclusive cycles): O3 at
  // >= HotCalls calls or >= HotCycles cycles, O2 at >= WarmCalls or >=
  // WarmCycles, O1 if executed, O0 otherwise.
  uint64_t HotCalls = 1000;
  uint64_t HotCycles = 1000000;
  uint64_t WarmCalls = 100;
  uint64_t WarmCycles = 100000;
};

/// Checks the thresholds: shares in (0, 1] (taken to 9 decimal places),
/// ColdShare >= HotShare, WarmCalls <= HotCalls, WarmCycles <= HotCycles.
/// The one-line error names fluid-prof plan's option ("--hot-share=1.5: ...").
llvm::Error checkPolicyOptions(const PolicyOptions &Options);

/// "shares" or "bareflow", as plans and fluid-prof plan --policy spell it.
llvm::StringRef policyName(PolicyKind Kind);

/// The policy of plans fluid-prof optimize makes from measured costs
/// (MeasuredPlan.h): plans may carry it beside the two above.
constexpr llvm::StringLiteral MeasuredPolicyName("measured");

/// Sums the profiles (functions matched by name and file; a function whose
/// hash differs between profiles is an error naming both) and applies the
/// policy. Deterministic: ties are broken by name. Profiles of different
/// clocks (tsc, icount) do not add up and are refused; counters saturate at
/// 2^64-1. Functions come out ordered by name, then file.
llvm::Expected<Plan> makePlan(llvm::ArrayRef<Profile> Profiles,
                              llvm::ArrayRef<std::string> Paths,
                              const PolicyOptions &Options);

/// Parses and validates a plan (format "fluid-plan", version 1). Path names
/// the input in the one-line error.
llvm::Expected<Plan> parsePlan(llvm::StringRef Json, llvm::StringRef Path);

/// A plan, or a profile (bare or framed) to which the default policy is
/// applied: what fluid-cc --fluid-profile=FILE accepts.
llvm::Expected<Plan> readPlanOrProfile(llvm::StringRef Data,
                                       llvm::StringRef Path);

/// True when Data is a plan rather than a profile: bare JSON whose "format"
/// is "fluid-plan" (also when the JSON is damaged, so parsePlan names the
/// damage). Framed logs and other JSON are profiles.
bool isPlanDocument(llvm::StringRef Data);

/// Writes the plan as JSON (parsePlan reads it back unchanged): one source
/// and one function per line, functions ordered by name then file, whatever
/// their order in P, so equal plans are equal bytes.
void writePlan(const Plan &P, llvm::raw_ostream &OS);

/// A stable 64-bit digest of the plan's content (what fluid-cc adds to a
/// compile's identity): XXH3 over writePlan's bytes, so every field counts,
/// figures and reasons included.
uint64_t planDigest(const Plan &P);

} // namespace fluid

#endif // FLUID_DRIVER_PROF_PLAN_H

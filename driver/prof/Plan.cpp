//===- Plan.cpp - Per-function optimization plans: summing and policies --===//
//
// makePlan sums the profiles function by function, then one policy picks
// each function's level and writes the reason. The "shares" policy ranks
// functions by self cycles and cuts the ranking where cumulative shares of
// all self cycles are reached, as LLVM's profile summary does with its
// percentiles; "bareflow" keeps the prototype's absolute thresholds on calls
// and inclusive cycles. Shares are compared in integers (to 9 decimal
// places), so a function exactly reaching a share is exactly on the line.
// Reading and writing plans lives in PlanIO.cpp.
//
//===----------------------------------------------------------------------===//

#include "Plan.h"
#include "JsonReader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>
#include <utility>

using namespace llvm;

#ifndef FLUID_VERSION
#define FLUID_VERSION "unknown"
#endif

namespace fluid {

StringRef policyName(PolicyKind Kind) {
  return Kind == PolicyKind::Shares ? "shares" : "bareflow";
}

namespace {

constexpr uint64_t NanosPerOne = 1000000000;

/// A share as an exact fraction, Nanos / 10^9.
uint64_t shareNanos(double Share) {
  return uint64_t(std::llround(Share * double(NanosPerOne)));
}

/// Whether Part >= Nanos/10^9 of Whole, exactly.
bool covers(uint64_t Part, uint64_t Whole, uint64_t Nanos) {
  using U128 = unsigned __int128;
  return U128(Part) * NanosPerOne >= U128(Nanos) * Whole;
}

/// "90%", "99.5%": a share threshold as the user wrote it.
std::string sharePercent(uint64_t Nanos) {
  std::string Fraction;
  raw_string_ostream(Fraction)
      << format("%07llu", (unsigned long long)(Nanos % 10000000));
  StringRef Trimmed = StringRef(Fraction).rtrim('0');
  return (Twine(Nanos / 10000000) + (Trimmed.empty() ? "" : ".") + Trimmed +
          "%")
      .str();
}

/// "41.2%", "0.53%", "0.0031%", "8.1e-15%": Part of Whole with two
/// significant digits, so a negligible share does not print as 0.0%.
std::string percentOf(uint64_t Part, uint64_t Whole) {
  if (Part == 0 || Whole == 0)
    return "0%";
  double Percent = 100.0 * double(Part) / double(Whole);
  std::string Text;
  raw_string_ostream OS(Text);
  if (Percent >= 1)
    OS << format("%.1f%%", Percent);
  else if (Percent >= 1e-6)
    OS << format("%.*f%%", 1 - int(std::floor(std::log10(Percent))), Percent);
  else
    OS << format("%.1e%%", Percent);
  return Text;
}

std::string callCount(uint64_t Calls) {
  return formatv("{0} call{1}", Calls, Calls == 1 ? "" : "s").str();
}

uint64_t saturatingAdd(uint64_t A, uint64_t B) {
  return A > UINT64_MAX - B ? UINT64_MAX : A + B;
}

Error optionError(StringRef Option, const Twine &Value, const Twine &What) {
  return createStringError(inconvertibleErrorCode(),
                           "--" + Option + "=" + Value + ": " + What);
}

/// "0.9", "1e-12": a share as the user would write it.
std::string shareText(double Share) {
  std::string Text;
  raw_string_ostream(Text) << format("%g", Share);
  return Text;
}

/// The self cycles a function is ranked by: none when they cannot be
/// trusted (PlanFunction::Untrusted).
uint64_t rankingCycles(const PlanFunction &F) {
  return F.Untrusted.empty() ? F.SelfCycles : 0;
}

/// Functions by rank: ranking cycles descending, then name, then file.
std::vector<size_t> rankBySelfCycles(ArrayRef<PlanFunction> Functions) {
  std::vector<size_t> Order(Functions.size());
  std::iota(Order.begin(), Order.end(), 0);
  llvm::sort(Order, [&](size_t A, size_t B) {
    const PlanFunction &FA = Functions[A], &FB = Functions[B];
    if (rankingCycles(FA) != rankingCycles(FB))
      return rankingCycles(FA) > rankingCycles(FB);
    return std::tie(FA.Name, FA.File) < std::tie(FB.Name, FB.File);
  });
  return Order;
}

/// How many of the ranked functions the smallest prefix covering Nanos of
/// Total needs, and what that prefix covers. None when Total is 0.
std::pair<size_t, uint64_t> coveringPrefix(ArrayRef<PlanFunction> Functions,
                                           ArrayRef<size_t> Order,
                                           uint64_t Total, uint64_t Nanos) {
  if (Total == 0)
    return {0, 0};
  uint64_t Cumulative = 0;
  for (size_t Rank = 0; Rank < Order.size(); ++Rank) {
    Cumulative = saturatingAdd(Cumulative, rankingCycles(Functions[Order[Rank]]));
    if (covers(Cumulative, Total, Nanos))
      return {Rank + 1, Cumulative};
  }
  return {Order.size(), Cumulative};
}

void applyShares(Plan &P, const PolicyOptions &Options) {
  std::vector<size_t> Order = rankBySelfCycles(P.Functions);
  // Shares are of the self cycles that can rank a function.
  uint64_t Total = 0;
  for (const PlanFunction &F : P.Functions)
    Total = saturatingAdd(Total, rankingCycles(F));
  uint64_t HotNanos = shareNanos(Options.HotShare);
  uint64_t ColdNanos = shareNanos(Options.ColdShare);
  auto [HotCount, HotCovered] =
      coveringPrefix(P.Functions, Order, Total, HotNanos);
  size_t ColdCount = coveringPrefix(P.Functions, Order, Total, ColdNanos).first;
  size_t Count = Order.size();
  for (size_t Rank = 0; Rank < Count; ++Rank) {
    PlanFunction &F = P.Functions[Order[Rank]];
    std::string Share = percentOf(F.SelfCycles, Total);
    if (!F.Untrusted.empty() && F.Calls > 0) {
      F.Level = Options.BaseLevel;
      F.Reason = formatv("{0}, {1}", F.Untrusted, callCount(F.Calls));
    } else if (Rank < HotCount) {
      F.Level = Options.HotLevel;
      F.Reason = formatv("hot: {0} of self cycles, rank {1} of {2}, top {3} "
                         "cover {4} (>= {5}), {6}",
                         Share, Rank + 1, Count, HotCount,
                         percentOf(HotCovered, Total), sharePercent(HotNanos),
                         callCount(F.Calls));
    } else if (F.Calls == 0) {
      F.Level = Options.NeverLevel;
      F.Reason = "never ran: 0 calls";
    } else if (Total == 0) {
      F.Level = Options.ColdLevel;
      F.Reason = formatv("negligible: the profiles hold no self cycles, {0}",
                         callCount(F.Calls));
    } else if (Rank >= ColdCount) {
      F.Level = Options.ColdLevel;
      F.Reason = formatv("negligible: {0} of self cycles, rank {1} of {2}, "
                         "beyond the top {3} covering {4}, {5}",
                         Share, Rank + 1, Count, ColdCount,
                         sharePercent(ColdNanos), callCount(F.Calls));
    } else {
      F.Level = Options.BaseLevel;
      F.Reason = formatv("warm: {0} of self cycles, rank {1} of {2}, {3}",
                         Share, Rank + 1, Count, callCount(F.Calls));
    }
  }
}

/// "calls 1000 >= 1000", "total cycles 5 >= 5", or both joined by "and".
std::string rulesMet(const PlanFunction &F, uint64_t Calls, uint64_t Cycles) {
  std::string Met;
  if (F.Calls >= Calls)
    Met = formatv("calls {0} >= {1}", F.Calls, Calls);
  if (F.TotalCycles >= Cycles)
    Met += formatv("{0}total cycles {1} >= {2}", Met.empty() ? "" : " and ",
                   F.TotalCycles, Cycles)
               .str();
  return Met;
}

void applyBareFlow(Plan &P, const PolicyOptions &Options) {
  for (PlanFunction &F : P.Functions) {
    if (F.Calls >= Options.HotCalls || F.TotalCycles >= Options.HotCycles) {
      F.Level = OptLevel::O3;
      F.Reason = "hot: " + rulesMet(F, Options.HotCalls, Options.HotCycles);
    } else if (F.Calls >= Options.WarmCalls ||
               F.TotalCycles >= Options.WarmCycles) {
      F.Level = OptLevel::O2;
      F.Reason = "warm: " + rulesMet(F, Options.WarmCalls, Options.WarmCycles);
    } else if (F.Calls > 0) {
      F.Level = OptLevel::O1;
      F.Reason =
          formatv("ran: calls {0} < {1} and total cycles {2} < {3}", F.Calls,
                  Options.WarmCalls, F.TotalCycles, Options.WarmCycles);
    } else {
      F.Level = OptLevel::O0;
      F.Reason = "never ran: 0 calls";
    }
  }
}

/// Sets PlanFunction::Untrusted: a function every profile found untimed,
/// or whose self cycles per call are below one probe pair's cost on a real
/// clock (under QEMU's -icount every instruction is counted exactly, and
/// the probes' cost with it: nothing is below resolution there). A
/// recursive function is judged per outermost call (its calls less those on
/// its edge to itself): its recursive calls' time is inside its outermost
/// calls', and a folded recursion (passes/FoldRecursion.h) has hooks on the
/// outermost calls only.
void markUntrusted(MutableArrayRef<PlanFunction> Functions,
                   ArrayRef<size_t> UntimedIn, ArrayRef<uint64_t> SelfCalls,
                   size_t Profiles, uint64_t PairCost) {
  for (size_t I = 0; I < Functions.size(); ++I) {
    PlanFunction &F = Functions[I];
    uint64_t Outermost = F.Calls - std::min(F.Calls, SelfCalls[I]);
    if (UntimedIn[I] == Profiles)
      F.Untrusted = "untimed: only its calls were counted (its time is "
                    "its callers')";
    else if (Outermost > 0 && PairCost > 0 &&
             F.SelfCycles / Outermost < PairCost)
      F.Untrusted = formatv("probe floor: {0} self cycles per {1}call, "
                            "below the {2} one probe pair costs (mostly the "
                            "hooks' own time)",
                            F.SelfCycles / Outermost,
                            Outermost < F.Calls ? "outermost " : "", PairCost);
  }
}

} // namespace

Error checkPolicyOptions(const PolicyOptions &Options) {
  for (auto [Option, Share] :
       {std::pair<StringRef, double>{"hot-share", Options.HotShare},
        {"cold-share", Options.ColdShare}})
    // Written to also catch NaN.
    if (!(Share > 0 && Share <= 1) || shareNanos(Share) == 0)
      return optionError(Option, shareText(Share),
                         "a share must be in (0, 1], to 9 decimal places");
  if (shareNanos(Options.ColdShare) < shareNanos(Options.HotShare))
    return optionError("cold-share", shareText(Options.ColdShare),
                       "below --hot-share=" + shareText(Options.HotShare) +
                           ": the cold cut must cover at least the hot set");
  if (Options.WarmCalls > Options.HotCalls)
    return optionError("warm-calls", Twine(Options.WarmCalls),
                       "above --hot-calls=" + Twine(Options.HotCalls));
  if (Options.WarmCycles > Options.HotCycles)
    return optionError("warm-cycles", Twine(Options.WarmCycles),
                       "above --hot-cycles=" + Twine(Options.HotCycles));
  return Error::success();
}

Expected<Plan> makePlan(ArrayRef<Profile> Profiles, ArrayRef<std::string> Paths,
                        const PolicyOptions &Options) {
  if (Error E = checkPolicyOptions(Options))
    return std::move(E);
  if (Profiles.empty())
    return createStringError(inconvertibleErrorCode(), "no profiles to plan");
  auto PathOf = [&](size_t I) -> std::string {
    return I < Paths.size() ? Paths[I] : formatv("profile {0}", I).str();
  };
  Plan P;
  P.Producer = "fluid-prof " FLUID_VERSION;
  P.Policy = policyName(Options.Kind).str();
  // (name, file, hash) -> index into P.Functions. One source compiled twice
  // with other macros (a program and its 64-bit-offsets twin), or two
  // versions of a function, are two functions: fluid-cc applies the one
  // whose hash the function it compiles has.
  std::map<std::tuple<StringRef, StringRef, uint64_t>, size_t> Index;
  // How many of the profiles found each function untimed; the largest
  // probe pair cost of the real-clock profiles (0: none, or all icount).
  std::vector<size_t> UntimedIn;
  // The calls on each function's edge to itself, summed.
  std::vector<uint64_t> SelfCalls;
  uint64_t PairCost = 0;
  P.Functions.reserve(Profiles.front().Functions.size());
  for (size_t I = 0; I < Profiles.size(); ++I) {
    const Profile &Prof = Profiles[I];
    if (Prof.Clock != Profiles.front().Clock)
      return failAt(PathOf(I),
                    formatv("clock is {0} but {1}'s is {2}: cycles "
                            "of different clocks do not add up",
                            Prof.Clock, PathOf(0), Profiles.front().Clock));
    P.Sources.push_back({Prof.BuildId, Prof.Target, Prof.Clock});
    StringMap<uint64_t> Recursive;
    for (const EdgeProfile &E : Prof.Edges)
      if (E.Caller == E.Callee)
        Recursive[E.Caller] = E.Calls;
    for (const FunctionProfile &F : Prof.Functions) {
      auto [It, New] =
          Index.try_emplace({F.Name, F.File, F.Hash}, P.Functions.size());
      if (New) {
        P.Functions.push_back({F.Name, F.File, F.Hash, OptLevel::O2, "",
                               F.Calls, F.SelfCycles, F.TotalCycles, ""});
        UntimedIn.push_back(0);
        SelfCalls.push_back(0);
      } else {
        PlanFunction &Sum = P.Functions[It->second];
        Sum.Calls = saturatingAdd(Sum.Calls, F.Calls);
        Sum.SelfCycles = saturatingAdd(Sum.SelfCycles, F.SelfCycles);
        Sum.TotalCycles = saturatingAdd(Sum.TotalCycles, F.TotalCycles);
      }
      UntimedIn[It->second] += F.Untimed;
      SelfCalls[It->second] =
          saturatingAdd(SelfCalls[It->second], Recursive.lookup(F.Name));
    }
    if (Prof.Clock != "icount")
      PairCost = std::max(PairCost, Prof.ProbeInner + Prof.ProbeOuter);
  }
  markUntrusted(P.Functions, UntimedIn, SelfCalls, Profiles.size(),
                PairCost);
  llvm::sort(P.Functions, [](const PlanFunction &A, const PlanFunction &B) {
    return std::tie(A.Name, A.File, A.Hash) < std::tie(B.Name, B.File, B.Hash);
  });
  for (const PlanFunction &F : P.Functions)
    P.TotalSelfCycles = saturatingAdd(P.TotalSelfCycles, F.SelfCycles);
  if (Options.Kind == PolicyKind::Shares)
    applyShares(P, Options);
  else
    applyBareFlow(P, Options);
  return P;
}

} // namespace fluid

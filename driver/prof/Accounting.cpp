//===- Accounting.cpp - The figures of a profile, checked against each other =//
//
// Each rule is what the runtime keeps by construction (runtime/internal.h,
// fluid_charge_frame): a frame's inclusive is never below its callees', so
// every figure below an ancestor's stays below it; sums saturate and count
// the saturation. A profile breaking one was damaged after it was written
// or made by a runtime with a bug, and its ranking cannot be trusted.
//
//===----------------------------------------------------------------------===//

#include "Accounting.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"

#include <cstdint>

using namespace llvm;

namespace fluid {

namespace {

constexpr uint64_t Saturated = UINT64_MAX;

class Checker {
public:
  explicit Checker(const Profile &P) : P(P) {
    auto It = P.Events.find("saturations");
    SaturationsCounted = It != P.Events.end() && It->second != 0;
  }

  std::vector<std::string> run() {
    StringMap<const FunctionProfile *> ByName;
    for (const FunctionProfile &F : P.Functions) {
      ByName.try_emplace(F.Name, &F);
      checkFunction(F);
    }
    for (const EdgeProfile &E : P.Edges)
      checkEdge(E, ByName.lookup(E.Caller), ByName.lookup(E.Callee));
    checkTotals();
    return std::move(Problems);
  }

private:
  const Profile &P;
  bool SaturationsCounted = false;
  std::vector<std::string> Problems;

  /// Whether Value may stand at 2^64-1: when the runtime said it stopped a
  /// counter there. Comparisons with such a figure say nothing.
  bool stoppedAtLimit(uint64_t Value) const {
    return Value == Saturated && SaturationsCounted;
  }

  /// At least (Big >= Small), unless either is a counted saturation.
  bool covers(uint64_t Big, uint64_t Small) const {
    return Big >= Small || stoppedAtLimit(Big) || stoppedAtLimit(Small);
  }

  void saturatedField(StringRef What, StringRef Field, uint64_t Value) {
    if (Value == Saturated && !SaturationsCounted)
      Problems.push_back(formatv("{0}: {1} is {2}, a saturated counter, but "
                                 "events.saturations is 0",
                                 What, Field, Value));
  }

  void checkFunction(const FunctionProfile &F) {
    std::string What = "function " + F.Name;
    std::pair<StringRef, uint64_t> Fields[] = {
        {"calls", F.Calls},           {"self_cycles", F.SelfCycles},
        {"total_cycles", F.TotalCycles}, {"min_cycles", F.MinCycles},
        {"max_cycles", F.MaxCycles}};
    for (auto [Field, Value] : Fields)
      saturatedField(What, Field, Value);
    if (F.Untimed &&
        (F.SelfCycles || F.TotalCycles || F.MinCycles || F.MaxCycles))
      Problems.push_back(formatv("{0} is untimed but has cycles (self {1}, "
                                 "inclusive {2}, min {3}, max {4})",
                                 What, F.SelfCycles, F.TotalCycles,
                                 F.MinCycles, F.MaxCycles));
    if (!covers(F.TotalCycles, F.SelfCycles))
      Problems.push_back(formatv("{0}: inclusive {1} is below its self {2}",
                                 What, F.TotalCycles, F.SelfCycles));
    // The longest call is part of the inclusive (a recursive function's
    // nested calls lie inside its outermost one).
    if (!covers(F.TotalCycles, F.MaxCycles))
      Problems.push_back(formatv("{0}: max_cycles {1} is above its "
                                 "inclusive {2}",
                                 What, F.MaxCycles, F.TotalCycles));
  }

  void checkEdge(const EdgeProfile &E, const FunctionProfile *Caller,
                 const FunctionProfile *Callee) {
    std::string What = "edge " + E.Caller + " -> " + E.Callee;
    saturatedField(What, "calls", E.Calls);
    saturatedField(What, "cycles", E.Cycles);
    // parseProfile refuses edges naming unlisted functions; a Profile made
    // in memory may still hold one.
    std::pair<const FunctionProfile *, StringRef> Ends[] = {
        {Caller, "caller"}, {Callee, "callee"}};
    for (auto [End, Role] : Ends) {
      if (!End) {
        Problems.push_back(formatv("{0}: the {1} is not a listed function",
                                   What, Role));
        continue;
      }
      if (End->Untimed) {
        Problems.push_back(formatv("{0}: the {1} is untimed (it calls no "
                                   "hook)",
                                   What, Role));
        continue;
      }
      if (!covers(End->TotalCycles, E.Cycles))
        Problems.push_back(formatv("{0}: {1} cycles exceed the {2}'s "
                                   "inclusive {3}",
                                   What, E.Cycles, Role, End->TotalCycles));
    }
  }

  /// The runtime adds the totals with saturation (runtime/export.c): the
  /// exact sum, or 2^64-1 with a saturation counted when it is larger.
  void checkTotals() {
    unsigned __int128 Sum = 0;
    const FunctionProfile *Largest = nullptr;
    for (const FunctionProfile &F : P.Functions) {
      Sum += F.SelfCycles;
      if (!Largest || F.SelfCycles > Largest->SelfCycles)
        Largest = &F;
    }
    if (Sum > Saturated) {
      // Named, since it is most likely the figure that went wrong.
      if (P.TotalSelfCycles != Saturated)
        Problems.push_back(formatv("totals.self_cycles is {0} but the "
                                   "functions' self_cycles add up to more "
                                   "than 2^64-1 (function {1}: self {2})",
                                   P.TotalSelfCycles, Largest->Name,
                                   Largest->SelfCycles));
      else
        saturatedField("totals", "self_cycles", P.TotalSelfCycles);
      return;
    }
    uint64_t Exact = static_cast<uint64_t>(Sum);
    if (Exact != P.TotalSelfCycles)
      Problems.push_back(formatv("totals.self_cycles is {0} but the "
                                 "functions' self_cycles add up to {1}",
                                 P.TotalSelfCycles, Exact));
    else
      saturatedField("totals", "self_cycles", P.TotalSelfCycles);
  }
};

} // namespace

std::vector<std::string> accountingProblems(const Profile &P) {
  return Checker(P).run();
}

Error checkAccounting(const Profile &P, StringRef Path) {
  std::vector<std::string> Problems = accountingProblems(P);
  if (Problems.empty())
    return Error::success();
  std::string More =
      Problems.size() > 1 ? formatv(" (and {0} more)", Problems.size() - 1).str()
                          : "";
  return createStringError(inconvertibleErrorCode(), "%s: figures do not add "
                                                     "up: %s%s",
                           Path.str().c_str(), Problems.front().c_str(),
                           More.c_str());
}

} // namespace fluid

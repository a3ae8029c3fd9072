//===- Accounting.cpp - The figures of a profile, checked against each other =//
//
// Each rule is what the runtime keeps by construction (runtime/internal.h,
// fluid_charge_frame): a frame's inclusive is never below its callees', so
// every figure below an ancestor's stays below it; sums saturate and count
// the saturation. A profile breaking one was damaged after it was written
// or made by a runtime with a bug, and its ranking cannot be trusted. A
// version 2 profile's calling contexts are held to the same rules node by
// node, and their sums to each function's own figures.
//
//===----------------------------------------------------------------------===//

#include "Accounting.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>

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
    if (P.Version >= 2) {
      checkContextTree();
      checkContextSums();
    }
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

  /// "context 3 (main > work > leaf)".
  std::string contextName(size_t I) const {
    return formatv("context {0} ({1})", I, contextPath(P, I));
  }

  /// Each node on its own: its figures, its place in the tree, its function.
  void checkContextNode(size_t I, unsigned __int128 ChildrenTotal,
                        bool ChildStopped) {
    const ContextNode &C = P.Contexts[I];
    std::string What = contextName(I);
    for (auto [Field, Value] : {std::pair<StringRef, uint64_t>{"calls", C.Calls},
                                {"self_cycles", C.SelfCycles},
                                {"total_cycles", C.TotalCycles}})
      saturatedField(What, Field, Value);
    if (P.Functions[C.Function].Untimed)
      Problems.push_back(What + ": its function is untimed (it has no "
                                "contexts)");
    if (!covers(C.TotalCycles, C.SelfCycles))
      Problems.push_back(formatv("{0}: inclusive {1} is below its self {2}",
                                 What, C.TotalCycles, C.SelfCycles));
    if (!ChildStopped && !stoppedAtLimit(C.TotalCycles) &&
        ChildrenTotal > C.TotalCycles)
      Problems.push_back(formatv("{0}: inclusive {1} is below its children's "
                                 "{2}",
                                 What, C.TotalCycles,
                                 uint64_t(std::min<unsigned __int128>(
                                     ChildrenTotal, Saturated))));
    for (int64_t A = C.Parent; A >= 0; A = P.Contexts[A].Parent)
      if (P.Contexts[A].Function == C.Function) {
        Problems.push_back(formatv("{0}: its function is already on its path, "
                                   "at context {1} (recursion folds into it)",
                                   What, A));
        break;
      }
  }

  /// The tree: each node against its children, (parent, function) unique.
  void checkContextTree() {
    size_t N = P.Contexts.size();
    std::vector<unsigned __int128> ChildrenTotal(N);
    std::vector<bool> ChildStopped(N);
    std::map<std::pair<int64_t, uint64_t>, size_t> Seen;
    for (size_t I = 0; I < N; ++I) {
      const ContextNode &C = P.Contexts[I];
      auto [It, New] = Seen.try_emplace({C.Parent, C.Function}, I);
      if (!New)
        Problems.push_back(formatv("{0}: repeats context {1} (same parent "
                                   "and function)",
                                   contextName(I), It->second));
      if (C.Parent >= 0) {
        ChildrenTotal[C.Parent] += C.TotalCycles;
        if (stoppedAtLimit(C.TotalCycles))
          ChildStopped[C.Parent] = true;
      }
    }
    for (size_t I = 0; I < N; ++I)
      checkContextNode(I, ChildrenTotal[I], ChildStopped[I]);
  }

  uint64_t event(StringRef Name) const {
    auto It = P.Events.find(Name.str());
    return It == P.Events.end() ? 0 : It->second;
  }

  /// Each timed function's figures against the sums over its nodes: equal
  /// when no call was lost to the tree (a dropped node, a call deeper than
  /// the shadow stack, a saturated counter). Otherwise calls and inclusive
  /// cycles are at most them, and self cycles only over all nodes: a
  /// dropped call's cycles are its parent node's self.
  void checkContextSums() {
    bool Exact = !event("dropped_contexts") && !event("stack_overflows") &&
                 !event("saturations");
    size_t N = P.Functions.size();
    std::vector<std::array<unsigned __int128, 3>> Sums(N);
    unsigned __int128 NodesSelf = 0, FunctionsSelf = 0;
    for (const ContextNode &C : P.Contexts) {
      Sums[C.Function][0] += C.Calls;
      Sums[C.Function][1] += C.SelfCycles;
      Sums[C.Function][2] += C.TotalCycles;
      NodesSelf += C.SelfCycles;
    }
    for (const FunctionProfile &F : P.Functions)
      FunctionsSelf += F.SelfCycles;
    if (!Exact && NodesSelf > FunctionsSelf && !event("saturations"))
      Problems.push_back(formatv(
          "contexts: their self_cycles add up to {0}, above the functions' "
          "{1}",
          uint64_t(std::min<unsigned __int128>(NodesSelf, Saturated)),
          uint64_t(std::min<unsigned __int128>(FunctionsSelf, Saturated))));
    for (size_t I = 0; I < N; ++I) {
      const FunctionProfile &F = P.Functions[I];
      if (F.Untimed) // no nodes: its calls are its callers' nodes' time
        continue;
      std::pair<StringRef, uint64_t> Own[] = {{"calls", F.Calls},
                                              {"self_cycles", F.SelfCycles},
                                              {"total_cycles", F.TotalCycles}};
      for (size_t K = 0; K < 3; ++K) {
        auto [Field, Value] = Own[K];
        unsigned __int128 Sum = Sums[I][K];
        bool SelfOfDropped = !Exact && Field == "self_cycles";
        if (SelfOfDropped ||
            (Exact ? Sum == Value : Sum <= Value || stoppedAtLimit(Value)))
          continue;
        Problems.push_back(formatv(
            "function {0}: its contexts' {1} add up to {2}, {3} its own {4}",
            F.Name, Field,
            uint64_t(std::min<unsigned __int128>(Sum, Saturated)),
            Exact ? "not" : "above", Value));
      }
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

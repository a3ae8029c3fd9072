//===- Merge.cpp - Profiles of one build summed into one -----------------===//
//
// One accumulator: per record the summed counters and the extremes, edges
// by (caller, callee), the context tree keyed by (parent node, function)
// (records agree between inputs, so a function's index names it as its
// name does), events by name. Sums are exact until they pass 2^64-1; each
// counter is stopped there when the result is written, so the count of
// saturations does not depend on the order of the inputs.
//
//===----------------------------------------------------------------------===//

#include "Merge.h"
#include "JsonReader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace llvm;

#ifndef FLUID_VERSION
#define FLUID_VERSION "unknown"
#endif

namespace fluid {

void ProfileMerger::Counter::add(uint64_t Amount, uint64_t Weight) {
  uint64_t Product;
  Over |= __builtin_mul_overflow(Amount, Weight, &Product) ||
          __builtin_add_overflow(Value, Product, &Value);
}

namespace {

/// C's value as written, counting a saturation when it passed 2^64-1.
uint64_t finish(bool Over, uint64_t Value, uint64_t &Saturations) {
  if (!Over)
    return Value;
  ++Saturations;
  return UINT64_MAX;
}

std::string optionalText(const std::optional<uint64_t> &V) {
  return V ? std::to_string(*V) : "absent";
}

/// "name (file, hash, level, untimed)": what must agree between records.
std::string recordText(const FunctionProfile &F) {
  return formatv("'{0}' of '{1}' (hash {2:x-16}{3}{4})", F.Name, F.File, F.Hash,
                 F.Level ? ", " + levelName(*F.Level).str() : "",
                 F.Untimed ? ", untimed" : "");
}

} // namespace

Error ProfileMerger::sameBuild(const Profile &P, StringRef Path) const {
  auto Differs = [&](StringRef Field, const Twine &Here, const Twine &There) {
    return failAt(Path, Field + " is " + Here + " but " + FirstPath + "'s is " +
                            There + ": merge sums profiles of one build");
  };
  if (P.BuildId != First.BuildId)
    return Differs("build_id", formatv("{0:x-16}", P.BuildId),
                   formatv("{0:x-16}", First.BuildId));
  if (P.Target != First.Target)
    return Differs("target", P.Target, First.Target);
  if (P.Clock != First.Clock)
    return Differs("clock", P.Clock, First.Clock);
  if (P.Version != First.Version)
    return Differs("version", Twine(P.Version), Twine(First.Version));
  if (P.ContextCapacity != First.ContextCapacity)
    return Differs("context_capacity", optionalText(P.ContextCapacity),
                   optionalText(First.ContextCapacity));
  if (P.Functions.size() != First.Functions.size())
    return Differs("the number of functions", Twine(P.Functions.size()),
                   Twine(First.Functions.size()));
  for (size_t I = 0; I < P.Functions.size(); ++I) {
    const FunctionProfile &A = P.Functions[I], &B = First.Functions[I];
    if (A.Name != B.Name || A.File != B.File || A.Hash != B.Hash ||
        A.Level != B.Level || A.Untimed != B.Untimed)
      return Differs(formatv("functions[{0}]", I).str(), recordText(A),
                     recordText(B));
  }
  return Error::success();
}

void ProfileMerger::addFunctions(const Profile &P, uint64_t Weight) {
  for (size_t I = 0; I < P.Functions.size(); ++I) {
    const FunctionProfile &F = P.Functions[I];
    FunctionSum &S = Functions[I];
    S.Calls.add(F.Calls, Weight);
    S.Self.add(F.SelfCycles, Weight);
    S.Total.add(F.TotalCycles, Weight);
    if (!F.Calls)
      continue; // never ran here: its 0 is no shortest call
    S.Min = S.Min ? std::min(*S.Min, F.MinCycles) : F.MinCycles;
    S.Max = std::max(S.Max, F.MaxCycles);
  }
  for (const EdgeProfile &E : P.Edges) {
    auto &Sum = Edges[{E.Caller, E.Callee}];
    Sum.first.add(E.Calls, Weight);
    Sum.second.add(E.Cycles, Weight);
  }
  for (const auto &[Name, Value] : P.Events)
    Events[Name].add(Value, Weight);
}

void ProfileMerger::addContexts(const Profile &P, uint64_t Weight) {
  // This input's node index -> the accumulator's (parents come first).
  std::vector<size_t> Mapped(P.Contexts.size());
  for (size_t I = 0; I < P.Contexts.size(); ++I) {
    const ContextNode &C = P.Contexts[I];
    int64_t Parent = C.Parent < 0 ? -1 : int64_t(Mapped[C.Parent]);
    auto [It, New] = NodeIndex.try_emplace({Parent, C.Function}, Nodes.size());
    if (New)
      Nodes.push_back({Parent, C.Function, {}, {}, {}});
    NodeSum &S = Nodes[It->second];
    S.Calls.add(C.Calls, Weight);
    S.Self.add(C.SelfCycles, Weight);
    S.Total.add(C.TotalCycles, Weight);
    Mapped[I] = It->second;
  }
}

Error ProfileMerger::add(const Profile &P, StringRef Path, uint64_t Weight) {
  if (!Count) {
    First = P;
    First.Edges.clear();
    First.Contexts.clear();
    FirstPath = Path.str();
    Functions.resize(P.Functions.size());
  } else if (Error E = sameBuild(P, Path)) {
    return E;
  }
  ++Count;
  ProbeInner = std::max(ProbeInner, P.ProbeInner);
  ProbeOuter = std::max(ProbeOuter, P.ProbeOuter);
  addFunctions(P, Weight);
  addContexts(P, Weight);
  return Error::success();
}

/// Depth first from the roots, siblings in function order: the same tree
/// gives the same list whatever order its nodes were met in.
std::vector<ContextNode> ProfileMerger::contexts(uint64_t &Saturations) const {
  std::vector<std::vector<size_t>> Children(Nodes.size() + 1);
  for (size_t I = 0; I < Nodes.size(); ++I)
    Children[Nodes[I].Parent < 0 ? Nodes.size() : Nodes[I].Parent].push_back(I);
  for (std::vector<size_t> &List : Children)
    llvm::sort(List, [&](size_t A, size_t B) {
      return Nodes[A].Function < Nodes[B].Function;
    });
  std::vector<ContextNode> Out;
  Out.reserve(Nodes.size());
  // (accumulator node, its index in Out), last sibling pushed first.
  std::vector<std::pair<size_t, int64_t>> Stack;
  for (size_t Root : llvm::reverse(Children[Nodes.size()]))
    Stack.push_back({Root, -1});
  while (!Stack.empty()) {
    auto [I, Parent] = Stack.back();
    Stack.pop_back();
    const NodeSum &S = Nodes[I];
    Out.push_back({Parent, S.Function,
                   finish(S.Calls.Over, S.Calls.Value, Saturations),
                   finish(S.Self.Over, S.Self.Value, Saturations),
                   finish(S.Total.Over, S.Total.Value, Saturations)});
    int64_t Here = int64_t(Out.size() - 1);
    for (size_t Child : llvm::reverse(Children[I]))
      Stack.push_back({Child, Here});
  }
  return Out;
}

Profile ProfileMerger::result() const {
  Profile P = First;
  P.Producer = "fluid-prof " FLUID_VERSION " merge";
  P.ProbeInner = ProbeInner;
  P.ProbeOuter = ProbeOuter;
  uint64_t Saturations = 0;
  Counter Calls, Self;
  for (size_t I = 0; I < Functions.size(); ++I) {
    const FunctionSum &S = Functions[I];
    FunctionProfile &F = P.Functions[I];
    F.Calls = finish(S.Calls.Over, S.Calls.Value, Saturations);
    F.SelfCycles = finish(S.Self.Over, S.Self.Value, Saturations);
    F.TotalCycles = finish(S.Total.Over, S.Total.Value, Saturations);
    F.MinCycles = S.Min.value_or(0);
    F.MaxCycles = S.Max;
    Calls.add(F.Calls, 1);
    Self.add(F.SelfCycles, 1);
  }
  P.TotalCalls = finish(Calls.Over, Calls.Value, Saturations);
  P.TotalSelfCycles = finish(Self.Over, Self.Value, Saturations);
  for (const auto &[Key, Sum] : Edges)
    P.Edges.push_back({Key.first, Key.second,
                       finish(Sum.first.Over, Sum.first.Value, Saturations),
                       finish(Sum.second.Over, Sum.second.Value, Saturations)});
  P.Contexts = contexts(Saturations);
  P.Events.clear();
  for (const auto &[Name, Sum] : Events)
    if (Name != "saturations")
      P.Events[Name] = finish(Sum.Over, Sum.Value, Saturations);
  auto Counted = Events.find("saturations");
  Counter AllSaturations =
      Counted == Events.end() ? Counter() : Counted->second;
  AllSaturations.add(Saturations, 1);
  uint64_t Ignored = 0;
  P.Events["saturations"] =
      finish(AllSaturations.Over, AllSaturations.Value, Ignored);
  return P;
}

} // namespace fluid

//===- Knapsack.cpp - Exact multiple-choice knapsack ----------------------===//
//
// See Knapsack.h for the method. Every comparison is in integers: slopes are
// compared by cross-multiplying, the Lagrangian bound is scaled by the
// critical slope's denominator, so no rounding can prune the optimum.
//
//===----------------------------------------------------------------------===//

#include "Knapsack.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/ErrorHandling.h"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <tuple>

using namespace llvm;

namespace fluid {

namespace {

using Int128 = __int128;

/// One group's undominated options, lightest first, values strictly falling.
struct Frontier {
  std::vector<unsigned> Options; // indices into the group
  __int128 LeastLagrange = 0;    // least Q * value + P * weight
};

Frontier undominated(const std::vector<KnapsackOption> &Group) {
  std::vector<unsigned> Order(Group.size());
  std::iota(Order.begin(), Order.end(), 0u);
  std::sort(Order.begin(), Order.end(), [&](unsigned A, unsigned B) {
    return std::tie(Group[A].Weight, Group[A].Value, A) <
           std::tie(Group[B].Weight, Group[B].Value, B);
  });
  Frontier F;
  for (unsigned I : Order)
    if (F.Options.empty() || Group[I].Value < Group[F.Options.back()].Value)
      F.Options.push_back(I);
  return F;
}

/// A step along a group's lower convex hull: Added weight saves Saved value.
struct Segment {
  unsigned Group;
  unsigned Step; // the step's position along its group's hull
  uint64_t Added;
  uint64_t Saved;
};

/// The hull's steps for one group (of its undominated options): their
/// slopes Saved/Added fall strictly, so the LP takes them in order.
void appendHullSegments(const std::vector<KnapsackOption> &Group,
                        const Frontier &F, unsigned GroupIndex,
                        std::vector<Segment> &Out) {
  std::vector<unsigned> Hull;
  for (unsigned I : F.Options) {
    // Pop the last point while it lies on or above the chord from the one
    // before it to this one (not convex).
    while (Hull.size() >= 2) {
      const KnapsackOption &A = Group[Hull[Hull.size() - 2]];
      const KnapsackOption &B = Group[Hull.back()];
      const KnapsackOption &C = Group[I];
      Int128 Lhs = (Int128(B.Value) - A.Value) * (Int128(C.Weight) - A.Weight);
      Int128 Rhs = (Int128(C.Value) - A.Value) * (Int128(B.Weight) - A.Weight);
      if (Lhs < Rhs)
        break;
      Hull.pop_back();
    }
    Hull.push_back(I);
  }
  for (unsigned S = 1; S < Hull.size(); ++S)
    Out.push_back({GroupIndex, S, Group[Hull[S]].Weight - Group[Hull[S - 1]].Weight,
                   Group[Hull[S - 1]].Value - Group[Hull[S]].Value});
}

/// The LP relaxation's critical slope Saved/Added (0/1 when every step
/// fits) and the greedy integer solution's value (the incumbent).
struct Relaxation {
  uint64_t SlopeSaved = 0;
  uint64_t SlopeAdded = 1;
  uint64_t IncumbentValue = 0;
};

Relaxation relax(ArrayRef<std::vector<KnapsackOption>> Groups,
                 ArrayRef<Frontier> Frontiers, uint64_t Capacity) {
  std::vector<Segment> Segments;
  uint64_t Weight = 0, Value = 0;
  for (unsigned G = 0; G < Groups.size(); ++G) {
    appendHullSegments(Groups[G], Frontiers[G], G, Segments);
    Weight += Groups[G][Frontiers[G].Options.front()].Weight;
    Value += Groups[G][Frontiers[G].Options.front()].Value;
  }
  // By slope, steepest first; ties in a fixed order so the incumbent (and
  // so the pruning) does not depend on the sort's implementation.
  std::sort(Segments.begin(), Segments.end(),
            [](const Segment &A, const Segment &B) {
              Int128 L = Int128(A.Saved) * B.Added;
              Int128 R = Int128(B.Saved) * A.Added;
              if (L != R)
                return L > R;
              return std::tie(A.Group, A.Step) < std::tie(B.Group, B.Step);
            });
  Relaxation R;
  bool Critical = false;
  std::vector<unsigned> Reached(Groups.size(), 0);
  std::vector<bool> Blocked(Groups.size(), false);
  for (const Segment &S : Segments) {
    if (Blocked[S.Group] || Reached[S.Group] + 1 != S.Step)
      continue;
    if (Weight + S.Added > Capacity) {
      if (!Critical) {
        R.SlopeSaved = S.Saved;
        R.SlopeAdded = S.Added;
        Critical = true;
      }
      Blocked[S.Group] = true; // its later steps need this one first
      continue;
    }
    Weight += S.Added;
    Value -= S.Saved;
    Reached[S.Group] = S.Step;
  }
  R.IncumbentValue = Value;
  return R;
}

struct State {
  uint64_t Weight;
  uint64_t Value;
  unsigned Parent; // index in the previous layer
  unsigned Option; // chosen in this layer's group
};

/// The Pareto set of Candidates (by weight, then value): lightest first,
/// each lighter state's value above the next's.
std::vector<State> paretoSet(std::vector<State> Candidates) {
  std::sort(Candidates.begin(), Candidates.end(),
            [](const State &A, const State &B) {
              return std::tie(A.Weight, A.Value, A.Parent, A.Option) <
                     std::tie(B.Weight, B.Value, B.Parent, B.Option);
            });
  std::vector<State> Kept;
  for (const State &S : Candidates)
    if (Kept.empty() || S.Value < Kept.back().Value)
      Kept.push_back(S);
  return Kept;
}

/// Sets each group's least Q * value + P * weight; returns the Lagrangian
/// bound on the total value (scaled by Q): those least values summed, less
/// P * Capacity.
Int128 lagrangianBound(ArrayRef<std::vector<KnapsackOption>> Groups,
                       std::vector<Frontier> &Frontiers, Int128 P, Int128 Q,
                       uint64_t Capacity) {
  Int128 Bound = -P * Int128(Capacity);
  for (size_t G = 0; G < Groups.size(); ++G) {
    Frontier &F = Frontiers[G];
    F.LeastLagrange = -1;
    for (unsigned J : F.Options) {
      Int128 L = Q * Groups[G][J].Value + P * Groups[G][J].Weight;
      F.LeastLagrange = F.LeastLagrange < 0 ? L : std::min(F.LeastLagrange, L);
    }
    Bound += F.LeastLagrange;
  }
  return Bound;
}

/// Drops every option whose reduced cost (its Q * value + P * weight less
/// its group's least) exceeds Gap: no choice whose bound is within Gap of
/// the Lagrangian bound uses it (reduced costs only add up). Returns the
/// order the programme takes the groups in: those left with one option
/// first, so that states branch only over the few groups near the
/// critical slope.
std::vector<unsigned>
fixByReducedCost(ArrayRef<std::vector<KnapsackOption>> Groups,
                 std::vector<Frontier> &Frontiers, Int128 P, Int128 Q,
                 Int128 Gap) {
  std::vector<unsigned> Forced, Free;
  for (size_t G = 0; G < Groups.size(); ++G) {
    Frontier &F = Frontiers[G];
    llvm::erase_if(F.Options, [&](unsigned J) {
      Int128 L = Q * Groups[G][J].Value + P * Groups[G][J].Weight;
      return L - F.LeastLagrange > Gap;
    });
    (F.Options.size() == 1 ? Forced : Free).push_back(G);
  }
  Forced.insert(Forced.end(), Free.begin(), Free.end());
  return Forced;
}

/// The dynamic programme over the groups in Order, keeping the states whose
/// bound is at most Limit (scaled by Q); the lexicographic optimum when its
/// value is at most Limit / Q, std::nullopt otherwise (a larger Limit may
/// find it).
std::optional<KnapsackSolution>
programme(ArrayRef<std::vector<KnapsackOption>> Groups,
          ArrayRef<Frontier> Frontiers, ArrayRef<unsigned> Order, Int128 P,
          Int128 Q, uint64_t Capacity, Int128 Limit) {
  // Suffix sums along Order, from step I on: the least Lagrangian values
  // and the lightest weights.
  size_t N = Groups.size();
  std::vector<Int128> RestLagrange(N + 1, 0);
  std::vector<uint64_t> RestLightest(N + 1, 0);
  for (size_t I = N; I-- > 0;) {
    const Frontier &F = Frontiers[Order[I]];
    RestLagrange[I] = RestLagrange[I + 1] + F.LeastLagrange;
    uint64_t Lightest = UINT64_MAX;
    for (unsigned J : F.Options)
      Lightest = std::min(Lightest, Groups[Order[I]][J].Weight);
    RestLightest[I] = RestLightest[I + 1] + Lightest;
  }
  std::vector<std::vector<State>> Layers;
  Layers.push_back({State{0, 0, 0, 0}});
  for (size_t I = 0; I < N && !Layers.back().empty(); ++I) {
    std::vector<State> Candidates;
    const std::vector<State> &Previous = Layers.back();
    for (unsigned S = 0; S < Previous.size(); ++S)
      for (unsigned J : Frontiers[Order[I]].Options) {
        const KnapsackOption &O = Groups[Order[I]][J];
        uint64_t Weight = Previous[S].Weight + O.Weight;
        uint64_t Value = Previous[S].Value + O.Value;
        if (Weight + RestLightest[I + 1] > Capacity)
          continue;
        Int128 Bound = Q * Int128(Value) + RestLagrange[I + 1] -
                       P * (Int128(Capacity) - Int128(Weight));
        if (Bound <= Limit)
          Candidates.push_back({Weight, Value, S, J});
      }
    Layers.push_back(paretoSet(std::move(Candidates)));
  }
  const std::vector<State> &Last = Layers.back();
  if (Layers.size() != N + 1 || Last.empty())
    return std::nullopt;
  // The lexicographic optimum: least value, then least weight.
  unsigned Best = 0;
  for (unsigned S = 1; S < Last.size(); ++S)
    if (std::tie(Last[S].Value, Last[S].Weight) <
        std::tie(Last[Best].Value, Last[Best].Weight))
      Best = S;
  if (Q * Int128(Last[Best].Value) > Limit)
    return std::nullopt;
  KnapsackSolution Solution;
  Solution.Weight = Last[Best].Weight;
  Solution.Value = Last[Best].Value;
  Solution.Choice.assign(N, 0);
  for (size_t I = N, S = Best; I > 0; --I) {
    Solution.Choice[Order[I - 1]] = Layers[I][S].Option;
    S = Layers[I][S].Parent;
  }
  return Solution;
}

} // namespace

uint64_t lightestTotalWeight(ArrayRef<std::vector<KnapsackOption>> Groups) {
  uint64_t Sum = 0;
  for (const std::vector<KnapsackOption> &Group : Groups) {
    assert(!Group.empty() && "a group without options");
    uint64_t Lightest = Group.front().Weight;
    for (const KnapsackOption &O : Group)
      Lightest = std::min(Lightest, O.Weight);
    Sum += Lightest;
  }
  return Sum;
}

std::optional<KnapsackSolution>
solveMultipleChoice(ArrayRef<std::vector<KnapsackOption>> Groups,
                    uint64_t Capacity) {
  if (lightestTotalWeight(Groups) > Capacity)
    return std::nullopt;
  std::vector<Frontier> Frontiers;
  for (const std::vector<KnapsackOption> &Group : Groups)
    Frontiers.push_back(undominated(Group));
  Relaxation Lp = relax(Groups, Frontiers, Capacity);
  const Int128 P = Lp.SlopeSaved, Q = Lp.SlopeAdded;
  const Int128 Bound = lagrangianBound(Groups, Frontiers, P, Q, Capacity);
  const Int128 Incumbent = Q * Int128(Lp.IncumbentValue);
  // Deepening: the optimum is usually much nearer the bound than the greedy
  // incumbent is, and a smaller limit fixes more groups and keeps fewer
  // states (10,000 groups: from a million states at the incumbent's limit
  // to ten thousand). A limit that finds a choice within it has found the
  // optimum (every state that could lead to one as good was kept); the
  // limit doubles its distance from the bound each round, so the rounds
  // cost about twice the last, and the last, the incumbent's value, always
  // finds one.
  for (unsigned Shift : {12u, 8u, 6u, 5u, 4u, 3u, 2u, 1u, 0u}) {
    Int128 Limit =
        Shift ? std::min(Incumbent, Bound + ((Incumbent - Bound) >> Shift))
              : Incumbent;
    std::vector<Frontier> Kept = Frontiers;
    std::vector<unsigned> Order =
        fixByReducedCost(Groups, Kept, P, Q, Limit - Bound);
    if (std::optional<KnapsackSolution> S =
            programme(Groups, Kept, Order, P, Q, Capacity, Limit))
      return S;
  }
  llvm_unreachable("the incumbent's limit always finds a choice");
}

} // namespace fluid

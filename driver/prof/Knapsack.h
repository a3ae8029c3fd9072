//===- Knapsack.h - Exact multiple-choice knapsack ---------------*- C++ -*-===//
//
// The measured policy (docs/measured-levels.md) picks one optimization level
// per unit of functions: each level is an option with a weight (bytes, or
// cycles) and a value (cycles, or bytes) to minimise, under a capacity on
// the summed weights. That is the multiple-choice knapsack problem; this
// solver is exact, in integers, and deterministic:
//
// 1. Options dominated within their group (as heavy and no better) are
//    dropped: no lexicographic optimum uses them.
// 2. The LP relaxation (each group's lower convex hull, segments taken
//    greedily by value saved per weight added) gives the critical slope
//    lambda = P/Q and a greedy integer solution, the incumbent.
// 3. A dynamic programme over the groups keeps the Pareto set of (weight,
//    value) states, dropping every state whose Lagrangian bound (its value,
//    plus each later group's best value + lambda * weight, less lambda * the
//    capacity left) exceeds a limit; options whose reduced cost alone
//    exceeds it are dropped first, and the groups left with one option go
//    first, so states branch only over the groups near the critical slope.
//    The limit starts just above the bound and doubles its distance from it
//    until a choice within it is found (that choice is optimal); the last
//    limit is the incumbent's value. Bounds are computed exactly, scaled by
//    Q, in 128-bit integers.
//
// Worst case O(n * k * S) time and memory for n groups of k options and S
// Pareto states per layer (S <= capacity + 1, as a plain DP over the
// weight); the bound keeps S to the states near the LP optimum, a few in
// practice (10,000 groups of 6 options: about a tenth of a second,
// test/unit/KnapsackTest.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_KNAPSACK_H
#define FLUID_DRIVER_PROF_KNAPSACK_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace fluid {

struct KnapsackOption {
  uint64_t Weight = 0; // summed under the capacity
  uint64_t Value = 0;  // summed and minimised
};

struct KnapsackSolution {
  std::vector<unsigned> Choice; // one option index per group
  uint64_t Weight = 0;
  uint64_t Value = 0;
};

/// Sums of weights and of values must stay below this (the solver's 128-bit
/// bounds multiply two of them): callers refuse larger figures.
constexpr uint64_t MaxKnapsackTotal = uint64_t(1) << 62;

/// The choice of one option per group minimising the total value, then the
/// total weight, among those whose total weight is at most Capacity;
/// std::nullopt when even the lightest choice weighs more. Every group needs
/// at least one option. Deterministic: equal inputs give equal choices.
std::optional<KnapsackSolution>
solveMultipleChoice(llvm::ArrayRef<std::vector<KnapsackOption>> Groups,
                    uint64_t Capacity);

/// The smallest total weight any choice reaches (each group's lightest).
uint64_t lightestTotalWeight(
    llvm::ArrayRef<std::vector<KnapsackOption>> Groups);

} // namespace fluid

#endif // FLUID_DRIVER_PROF_KNAPSACK_H

//===- KnapsackTest.cpp - The exact multiple-choice knapsack -------------===//
//
// The solver must find the lexicographic optimum (least value, then least
// weight) that brute force finds, on seeded random small tables, say when
// nothing fits, give the same choice for the same input, and solve 10,000
// groups (the time is recorded, not asserted: tests never assert time).
//
//===----------------------------------------------------------------------===//

#include "Knapsack.h"

#include "gtest/gtest.h"

#include <chrono>
#include <random>
#include <tuple>

using namespace fluid;

namespace {

using Groups = std::vector<std::vector<KnapsackOption>>;

/// Every choice tried: the least (value, weight) within Capacity.
std::optional<std::pair<uint64_t, uint64_t>>
bruteForce(const Groups &G, uint64_t Capacity) {
  std::optional<std::pair<uint64_t, uint64_t>> Best;
  std::vector<unsigned> Choice(G.size(), 0);
  while (true) {
    uint64_t Weight = 0, Value = 0;
    for (size_t I = 0; I < G.size(); ++I) {
      Weight += G[I][Choice[I]].Weight;
      Value += G[I][Choice[I]].Value;
    }
    if (Weight <= Capacity && (!Best || std::make_pair(Value, Weight) < *Best))
      Best = std::make_pair(Value, Weight);
    size_t I = 0;
    while (I < G.size() && ++Choice[I] == G[I].size())
      Choice[I++] = 0;
    if (I == G.size())
      return Best;
  }
}

Groups randomGroups(std::mt19937_64 &Rng, unsigned MaxGroups,
                    unsigned MaxOptions, uint64_t MaxFigure) {
  Groups G(1 + Rng() % MaxGroups);
  for (auto &Group : G) {
    Group.resize(1 + Rng() % MaxOptions);
    for (KnapsackOption &O : Group)
      O = {Rng() % (MaxFigure + 1), Rng() % (MaxFigure + 1)};
  }
  return G;
}

void expectConsistent(const Groups &G, const KnapsackSolution &S,
                      uint64_t Capacity) {
  ASSERT_EQ(S.Choice.size(), G.size());
  uint64_t Weight = 0, Value = 0;
  for (size_t I = 0; I < G.size(); ++I) {
    ASSERT_LT(S.Choice[I], G[I].size());
    Weight += G[I][S.Choice[I]].Weight;
    Value += G[I][S.Choice[I]].Value;
  }
  EXPECT_EQ(Weight, S.Weight);
  EXPECT_EQ(Value, S.Value);
  EXPECT_LE(Weight, Capacity);
}

TEST(KnapsackTest, MatchesBruteForceOnRandomTables) {
  std::mt19937_64 Rng(20);
  for (unsigned Round = 0; Round < 3000; ++Round) {
    // Small figures make ties and dominated options common; larger ones
    // exercise the bound.
    Groups G = randomGroups(Rng, 6, 5, Round % 2 ? 12 : 1000);
    uint64_t Heaviest = 0;
    for (auto &Group : G) {
      uint64_t Max = 0;
      for (KnapsackOption &O : Group)
        Max = std::max(Max, O.Weight);
      Heaviest += Max;
    }
    uint64_t Capacity = Rng() % (Heaviest + 3);
    auto Expected = bruteForce(G, Capacity);
    auto Solved = solveMultipleChoice(G, Capacity);
    ASSERT_EQ(Expected.has_value(), Solved.has_value()) << "round " << Round;
    if (!Solved) {
      EXPECT_GT(lightestTotalWeight(G), Capacity);
      continue;
    }
    expectConsistent(G, *Solved, Capacity);
    EXPECT_EQ(Expected->first, Solved->Value) << "round " << Round;
    EXPECT_EQ(Expected->second, Solved->Weight) << "round " << Round;
  }
}

TEST(KnapsackTest, NothingFits) {
  Groups G = {{{5, 1}, {3, 9}}, {{4, 0}}};
  EXPECT_EQ(lightestTotalWeight(G), 7u);
  EXPECT_FALSE(solveMultipleChoice(G, 6));
  auto S = solveMultipleChoice(G, 7);
  ASSERT_TRUE(S);
  EXPECT_EQ(S->Choice, (std::vector<unsigned>{1, 0}));
}

TEST(KnapsackTest, TiesGoToTheLighterOption) {
  // Same value: the lighter option, even with room for the heavier one.
  Groups G = {{{10, 5}, {4, 5}, {4, 5}}};
  auto S = solveMultipleChoice(G, 100);
  ASSERT_TRUE(S);
  EXPECT_EQ(S->Choice, (std::vector<unsigned>{1}));
}

/// Functions whose levels trade bytes for cycles as real ones do: a base
/// size and time, each level a factor of both, noise, and most functions
/// cold (no cycles at all).
Groups realisticGroups(std::mt19937_64 &Rng, unsigned Count) {
  const unsigned SizePercent[] = {100, 80, 125, 150, 70, 60};
  const unsigned TimePercent[] = {300, 120, 100, 95, 115, 130};
  Groups G(Count);
  for (auto &Group : G) {
    uint64_t Bytes = 20 + Rng() % 2000;
    uint64_t Cycles = Rng() % 4 ? 0 : Rng() % 10000000;
    for (unsigned L = 0; L < 6; ++L)
      Group.push_back({Bytes * (SizePercent[L] + Rng() % 20) / 100,
                       Cycles * (TimePercent[L] + Rng() % 20) / 100});
  }
  return G;
}

TEST(KnapsackTest, TenThousandGroups) {
  std::mt19937_64 Rng(10000);
  Groups G = realisticGroups(Rng, 10000);
  uint64_t Lightest = lightestTotalWeight(G);
  uint64_t Capacity = Lightest + Lightest / 5;
  auto Start = std::chrono::steady_clock::now();
  auto S = solveMultipleChoice(G, Capacity);
  auto Ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - Start)
                .count();
  RecordProperty("solve_ms", std::to_string(Ms));
  ASSERT_TRUE(S);
  expectConsistent(G, *S, Capacity);
}

TEST(KnapsackTest, SameInputSameChoice) {
  std::mt19937_64 Rng(7);
  Groups G = realisticGroups(Rng, 500);
  uint64_t Capacity = lightestTotalWeight(G) * 11 / 10;
  auto A = solveMultipleChoice(G, Capacity);
  auto B = solveMultipleChoice(G, Capacity);
  ASSERT_TRUE(A && B);
  EXPECT_EQ(A->Choice, B->Choice);
}

} // namespace

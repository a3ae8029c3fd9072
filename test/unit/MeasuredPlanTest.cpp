//===- MeasuredPlanTest.cpp - Cost tables and the measured policy --------===//
//
// Cost tables: units formed from inlining as docs/measured-levels.md says,
// bytes given by symbol (clones, aliases, untimed code), bad input refused.
// The measured policy: both goals match brute force on seeded random
// tables, reasons name the figures, budgets nothing meets are refused.
//
//===----------------------------------------------------------------------===//

#include "CostTable.h"
#include "MeasuredPlan.h"

#include "gtest/gtest.h"

#include <random>

using namespace fluid;
using namespace llvm;

namespace {

FunctionProfile function(StringRef Name, uint64_t Self, uint64_t Hash) {
  FunctionProfile F;
  F.Name = Name.str();
  F.File = "a.c";
  F.Hash = Hash;
  F.Calls = 1;
  F.SelfCycles = Self;
  F.TotalCycles = Self;
  return F;
}

LevelMeasurement level(OptLevel L, std::vector<FunctionProfile> Functions,
                       std::vector<EdgeProfile> Edges,
                       std::vector<CodeBlock> Blocks, uint64_t Text) {
  LevelMeasurement M;
  M.Level = L;
  Profile P;
  P.Target = "x86_64-unknown-none";
  P.Clock = "icount";
  P.BuildId = 100 + unsigned(L);
  P.Functions = std::move(Functions);
  P.Edges = std::move(Edges);
  M.Profiles.push_back(std::move(P));
  M.ProfilePaths.push_back(levelName(L).str() + ".profile");
  M.Sizes.Path = levelName(L).str() + ".elf";
  M.Sizes.Arch = "x86_64";
  M.Sizes.TextBytes = Text;
  M.Sizes.Blocks = std::move(Blocks);
  return M;
}

/// O2 keeps helper out of line (called by main and other) and rec (calling
/// itself); O3 inlines both. leaf stays out of line at both.
std::vector<LevelMeasurement> inliningExample() {
  std::vector<LevelMeasurement> Ms;
  Ms.push_back(level(
      OptLevel::O2,
      {function("main", 100, 1), function("a.c:helper", 50, 2),
       function("other", 30, 3), function("leaf", 5, 4),
       function("rec", 7, 5)},
      {{"main", "a.c:helper", 3, 30}, {"other", "a.c:helper", 2, 20},
       {"other", "leaf", 1, 5}, {"rec", "rec", 4, 0}},
      {{100, {"main"}}, {10, {"main.cold.1"}}, {20, {"a.c:helper"}},
       {40, {"other", "other_alias"}}, {8, {"leaf"}}, {12, {"rec"}},
       {50, {"asm_entry"}}},
      300));
  Ms.push_back(level(OptLevel::O3,
                     {function("main", 120, 1), function("other", 40, 3),
                      function("leaf", 4, 4)},
                     {{"other", "leaf", 1, 4}},
                     {{150, {"main"}}, {60, {"other"}}, {9, {"leaf"}},
                      {50, {"asm_entry"}}},
                     400));
  return Ms;
}

TEST(CostTableTest, UnitsFromInlining) {
  Expected<CostTable> T = buildCostTable(inliningExample());
  ASSERT_TRUE(bool(T)) << toString(T.takeError());
  ASSERT_EQ(T->Functions.size(), 5u);
  // Ordered by name: a.c:helper leaf main other rec.
  EXPECT_EQ(T->Functions[0].Name, "a.c:helper");
  ASSERT_EQ(T->Units.size(), 3u);
  const CostUnit &Glued = T->Units[T->Functions[0].Unit];
  ASSERT_EQ(Glued.Members.size(), 3u); // helper, main, other
  EXPECT_EQ(T->Functions[2].Unit, T->Functions[0].Unit);
  EXPECT_EQ(T->Functions[3].Unit, T->Functions[0].Unit);
  EXPECT_NE(T->Functions[1].Unit, T->Functions[0].Unit); // leaf: never missing
  EXPECT_NE(T->Functions[4].Unit, T->Functions[0].Unit); // rec: only itself
  EXPECT_EQ(Glued.Cycles, (std::vector<uint64_t>{180, 160}));
  // main's clone counts as main; other's alias once.
  EXPECT_EQ(Glued.Bytes, (std::vector<uint64_t>{170, 210}));
  EXPECT_EQ(Glued.InlinedAt, (std::vector<OptLevel>{OptLevel::O3}));
  EXPECT_EQ(T->OtherBytes, (std::vector<uint64_t>{300 - 190, 400 - 219}));
  EXPECT_EQ(T->TotalCycles, (std::vector<uint64_t>{192, 164}));
}

TEST(CostTableTest, SameInputsSamePlan) {
  MeasuredOptions Options;
  Options.Budget = "350";
  Options.UntimedLevel = OptLevel::O2;
  auto A = planMeasured(cantFail(buildCostTable(inliningExample())), Options);
  auto B = planMeasured(cantFail(buildCostTable(inliningExample())), Options);
  ASSERT_TRUE(A && B);
  std::string TextA, TextB;
  raw_string_ostream OA(TextA), OB(TextB);
  writePlan(A->P, OA);
  writePlan(B->P, OB);
  EXPECT_EQ(OA.str(), OB.str());
  EXPECT_EQ(A->P.Policy, "measured");
}

std::string tableError(std::vector<LevelMeasurement> Ms) {
  Expected<CostTable> T = buildCostTable(std::move(Ms));
  return T ? std::string("no error") : toString(T.takeError());
}

#define EXPECT_REFUSED(Ms, Part)                                               \
  do {                                                                         \
    std::string Message = tableError(Ms);                                      \
    EXPECT_NE(Message.find(Part), std::string::npos) << Message;               \
  } while (false)

TEST(CostTableTest, RefusesBadInput) {
  auto Ms = inliningExample();
  Ms[1].Profiles[0].Clock = "tsc";
  EXPECT_REFUSED(Ms, "clock is tsc but O2.profile's is icount");
  Ms = inliningExample();
  Ms[1].Profiles[0].Target = "i386-unknown-none";
  EXPECT_REFUSED(Ms, "target is i386-unknown-none");
  Ms = inliningExample();
  Ms[1].Profiles[0].Functions[0].Hash = 9;
  EXPECT_REFUSED(Ms, "profiles of different sources: function "
                                "main has hash 0000000000000001 at O2 and "
                                "0000000000000009 at O3");
  Ms = inliningExample();
  Ms[0].Profiles.push_back(Ms[0].Profiles[0]);
  Ms[0].Profiles[1].BuildId = 5;
  Ms[0].ProfilePaths.push_back("again.profile");
  EXPECT_REFUSED(Ms, "O2: O2.profile and again.profile are "
                                "profiles of different builds");
  Ms = inliningExample();
  Ms[1].Sizes.Arch = "i386";
  EXPECT_REFUSED(Ms, "O3.elf: binary is i386 but the profiles "
                                "are x86_64");
  Ms = inliningExample();
  Ms[1].Level = OptLevel::O2;
  EXPECT_REFUSED(Ms, "O2 is measured twice");
}

/// A table of Units single-function units with random figures.
CostTable randomTable(std::mt19937_64 &Rng, unsigned Units, unsigned Levels) {
  CostTable T;
  const OptLevel All[] = {OptLevel::O1, OptLevel::O2, OptLevel::O3,
                          OptLevel::Os, OptLevel::Oz};
  T.Levels.assign(All, All + Levels);
  T.TextBytes.assign(Levels, 0);
  T.OtherBytes.assign(Levels, 0);
  T.TotalCycles.assign(Levels, 0);
  for (unsigned L = 0; L < Levels; ++L)
    T.OtherBytes[L] = Rng() % 30;
  for (unsigned U = 0; U < Units; ++U) {
    CostFunction F;
    F.Name = "f" + std::to_string(U);
    F.At.resize(Levels);
    F.Unit = U;
    CostUnit Unit;
    Unit.Members = {U};
    for (unsigned L = 0; L < Levels; ++L) {
      Unit.Bytes.push_back(Rng() % 100);
      Unit.Cycles.push_back(Rng() % 1000);
      F.At[L] = {true, 1, Unit.Cycles[L], Unit.Cycles[L], Unit.Bytes[L]};
      T.TextBytes[L] += Unit.Bytes[L];
      T.TotalCycles[L] += Unit.Cycles[L];
    }
    T.Functions.push_back(F);
    T.Units.push_back(Unit);
  }
  for (unsigned L = 0; L < Levels; ++L)
    T.TextBytes[L] += T.OtherBytes[L];
  return T;
}

/// The best (cycles, text) or (text, cycles) of every choice of levels.
std::optional<std::pair<uint64_t, uint64_t>>
bruteForce(const CostTable &T, MeasuredGoal Goal, uint64_t Budget,
           unsigned Untimed) {
  std::optional<std::pair<uint64_t, uint64_t>> Best;
  std::vector<unsigned> Choice(T.Units.size(), 0);
  for (;;) {
    uint64_t Cycles = 0, Text = T.OtherBytes[Untimed];
    for (size_t U = 0; U < Choice.size(); ++U) {
      Cycles += T.Units[U].Cycles[Choice[U]];
      Text += T.Units[U].Bytes[Choice[U]];
    }
    bool Text_ = Goal == MeasuredGoal::FastestUnderText;
    auto Key = Text_ ? std::make_pair(Cycles, Text)
                     : std::make_pair(Text, Cycles);
    if ((Text_ ? Text : Cycles) <= Budget && (!Best || Key < *Best))
      Best = Key;
    size_t U = 0;
    while (U < Choice.size() && ++Choice[U] == T.Levels.size())
      Choice[U++] = 0;
    if (U == Choice.size())
      return Best;
  }
}

TEST(MeasuredPlanTest, BothGoalsMatchBruteForce) {
  std::mt19937_64 Rng(2020);
  for (unsigned Round = 0; Round < 600; ++Round) {
    CostTable T = randomTable(Rng, 1 + Rng() % 5, 1 + Rng() % 4);
    for (MeasuredGoal Goal : {MeasuredGoal::FastestUnderText,
                              MeasuredGoal::SmallestUnderCycles}) {
      bool Text = Goal == MeasuredGoal::FastestUnderText;
      MeasuredOptions Options;
      Options.Goal = Goal;
      Options.UntimedLevel = T.Levels[Rng() % T.Levels.size()];
      unsigned Untimed = unsigned(T.levelIndex(Options.UntimedLevel));
      uint64_t Most = Text ? 500 + 30 : 5000;
      uint64_t Budget = Rng() % Most;
      Options.Budget = std::to_string(Budget);
      auto Expected = bruteForce(T, Goal, Budget, Untimed);
      auto R = planMeasured(T, Options);
      ASSERT_EQ(Expected.has_value(), bool(R)) << "round " << Round;
      if (!R) {
        EXPECT_NE(toString(R.takeError()).find("no choice of levels meets "
                                               "it"),
                  std::string::npos);
        continue;
      }
      auto Got = Text ? std::make_pair(R->PredictedCycles, R->PredictedText)
                      : std::make_pair(R->PredictedText, R->PredictedCycles);
      EXPECT_EQ(*Expected, Got) << "round " << Round;
    }
  }
}

TEST(MeasuredPlanTest, ReasonsNameTheFigures) {
  CostTable T;
  T.Levels = {OptLevel::O2, OptLevel::O3};
  T.TextBytes = {1210 + 100, 2030 + 100};
  T.OtherBytes = {100, 100};
  T.TotalCycles = {50400, 50090};
  T.Functions.push_back({"work", "a.c", 1, {}, 0});
  T.Functions[0].At = {{true, 3, 50400, 50400, 1210},
                       {true, 3, 50090, 50090, 2030}};
  T.Units.push_back({{0}, {50400, 50090}, {1210, 2030}, {}});
  MeasuredOptions Options;
  Options.Budget = "O2";
  Options.UntimedLevel = OptLevel::O2;
  auto R = planMeasured(T, Options);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  EXPECT_EQ(R->P.Functions[0].Reason,
            "O2: 1,210 B, 50,400 cycles; O3 would add 820 B to save 310 "
            "cycles");
  Options.Goal = MeasuredGoal::SmallestUnderCycles;
  Options.Budget = "O3";
  R = planMeasured(T, Options);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  EXPECT_EQ(R->P.Functions[0].Level, OptLevel::O3);
  EXPECT_EQ(R->P.Functions[0].Reason,
            "O3: 2,030 B, 50,090 cycles; O2 would save 820 B for 310 more "
            "cycles");
}

TEST(MeasuredPlanTest, RefusesBudgets) {
  CostTable T = cantFail(buildCostTable(inliningExample()));
  MeasuredOptions Options;
  Options.UntimedLevel = OptLevel::O2;
  Options.Budget = "Os";
  EXPECT_EQ(toString(planMeasured(T, Options).takeError()),
            "--max-text=Os: level Os is missing from the tables (measured: "
            "O2, O3)");
  Options.Budget = "100";
  EXPECT_EQ(toString(planMeasured(T, Options).takeError()),
            "--max-text=100 (100 B): no choice of levels meets it: the "
            "smallest .text reachable is 288 B (each unit at its smallest "
            "level, plus 110 B no profile times, at O2)");
  Options.Goal = MeasuredGoal::SmallestUnderCycles;
  Options.Budget = "10";
  EXPECT_EQ(toString(planMeasured(T, Options).takeError()),
            "--max-cycles=10 (10 cycles): no choice of levels meets it: the "
            "fewest cycles reachable is 164 cycles (each unit at its "
            "fastest level)");
  Options.UntimedLevel = OptLevel::Oz;
  EXPECT_NE(toString(planMeasured(T, Options).takeError())
                .find("--untimed-level=Oz: level Oz is missing"),
            std::string::npos);
}

} // namespace

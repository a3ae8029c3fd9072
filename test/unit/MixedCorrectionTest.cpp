//===- MixedCorrectionTest.cpp - A mixed build's profile corrects cells ---===//
//
// correctWithMixedBuild (docs/measured-levels.md, "A mixed build corrects
// its cells"): only the cell each unit ran at is replaced, and only when
// all its members ran at one measured level; the cycles of functions only
// the mixed build has go to the one unit their callers lie in, or nowhere;
// every mixed cycle is accounted for exactly once (seeded random builds);
// runs give medians scaled to the uniform levels' runs; the corrected cell
// changes the optimizer's choice.
//
//===----------------------------------------------------------------------===//

#include "MixedCorrection.h"
#include "CostTable.h"
#include "MeasuredPlan.h"

#include "gtest/gtest.h"

#include <map>
#include <random>
#include <set>

using namespace fluid;
using namespace llvm;

namespace {

FunctionProfile function(StringRef Name, uint64_t Self, uint64_t Hash,
                         std::optional<OptLevel> Level = std::nullopt) {
  FunctionProfile F;
  F.Name = Name.str();
  F.File = "a.c";
  F.Hash = Hash;
  F.Calls = 1;
  F.SelfCycles = Self;
  F.TotalCycles = Self;
  F.Level = Level;
  return F;
}

Profile profile(std::vector<FunctionProfile> Functions,
                std::vector<EdgeProfile> Edges, uint64_t BuildId) {
  Profile P;
  P.Target = "x86_64-unknown-none";
  P.Clock = "icount";
  P.BuildId = BuildId;
  P.Functions = std::move(Functions);
  P.Edges = std::move(Edges);
  return P;
}

LevelMeasurement level(OptLevel L, Profile P, std::vector<CodeBlock> Blocks) {
  LevelMeasurement M;
  M.Level = L;
  M.Profiles.push_back(std::move(P));
  M.ProfilePaths.push_back(levelName(L).str() + ".profile");
  M.Sizes.Path = levelName(L).str() + ".elf";
  M.Sizes.Arch = "x86_64";
  M.Sizes.Blocks = std::move(Blocks);
  for (const CodeBlock &B : M.Sizes.Blocks)
    M.Sizes.TextBytes += B.Bytes;
  return M;
}

/// O2 keeps helper out of line (called by main); O3 inlines it: units
/// {helper, main} and {leaf}.
CostTable example() {
  std::vector<LevelMeasurement> Ms;
  Ms.push_back(level(
      OptLevel::O2,
      profile({function("main", 100, 1), function("a.c:helper", 50, 2),
               function("leaf", 20, 3)},
              {{"main", "a.c:helper", 3, 50}, {"main", "leaf", 2, 20}}, 7),
      {{100, {"main"}}, {20, {"a.c:helper"}}, {10, {"leaf"}}}));
  Ms.push_back(
      level(OptLevel::O3,
            profile({function("main", 130, 1), function("leaf", 18, 3)},
                    {{"main", "leaf", 2, 18}}, 8),
            {{150, {"main"}}, {14, {"leaf"}}}));
  return cantFail(buildCostTable(std::move(Ms)));
}

const CostUnit &unitOf(const CostTable &T, StringRef Name) {
  for (const CostFunction &F : T.Functions)
    if (F.Name == Name)
      return T.Units[F.Unit];
  ADD_FAILURE() << "no function " << Name.str();
  return T.Units.front();
}

TEST(MixedCorrectionTest, ReplacesOnlyTheCellEachUnitRanAt) {
  CostTable T = example();
  // The mixed build: main's unit at O3 (helper inlined away there), leaf at
  // O2; fast, only there, called by main; entry, no caller.
  Profile Mixed =
      profile({function("main", 120, 1, OptLevel::O3),
               function("leaf", 25, 3, OptLevel::O2),
               function("a.c:fast", 6, 9, OptLevel::Oz),
               function("entry", 4, 10, OptLevel::Oz)},
              {{"main", "leaf", 2, 25}, {"main", "a.c:fast", 1, 6}}, 11);
  ASSERT_FALSE(bool(correctWithMixedBuild(T, {Mixed}, {"mixed.profile"})));
  const CostUnit &Main = unitOf(T, "main");
  EXPECT_EQ(Main.Cycles, (std::vector<uint64_t>{150, 126})); // 120 + fast's 6
  EXPECT_FALSE(Main.corrected(0));
  ASSERT_TRUE(Main.corrected(1));
  EXPECT_EQ(*Main.UniformCycles[1], 130u);
  EXPECT_EQ(Main.MixedOnly, (std::vector<std::string>{"a.c:fast"}));
  EXPECT_EQ(Main.MixedLevels, (std::vector<OptLevel>{OptLevel::O3}));
  const CostUnit &Leaf = unitOf(T, "leaf");
  EXPECT_EQ(Leaf.Cycles, (std::vector<uint64_t>{25, 18}));
  EXPECT_EQ(*Leaf.UniformCycles[0], 20u);
  ASSERT_TRUE(T.Mixed.has_value());
  EXPECT_EQ(T.Mixed->UnitsCorrected, 2u);
  EXPECT_EQ(T.Mixed->NewFunctions, 2u);
  EXPECT_EQ(T.Mixed->NewJoined, 1u);
  EXPECT_EQ(T.Mixed->UnattributedCycles, 4u);
  EXPECT_EQ(T.Mixed->SelfCycles, 155u);
  // The members' figures at the corrected level are the mixed build's.
  EXPECT_EQ(T.Functions[1].Name, "leaf");
  EXPECT_EQ(T.Functions[1].At[0].SelfCycles, 25u);
}

TEST(MixedCorrectionTest, SplitAbsentAndUnmeasuredUnitsKeepTheirCells) {
  CostTable T = example();
  CostTable Before = example();
  // helper at O2 and main at O3: split; leaf absent; new called by both
  // units' members, then by nothing measured.
  Profile Mixed = profile({function("main", 120, 1, OptLevel::O3),
                           function("a.c:helper", 40, 2, OptLevel::O2),
                           function("shared", 5, 12, OptLevel::O1)},
                          {{"main", "shared", 1, 5}}, 13);
  ASSERT_FALSE(bool(correctWithMixedBuild(T, {Mixed}, {"mixed.profile"})));
  for (size_t U = 0; U < T.Units.size(); ++U)
    EXPECT_EQ(T.Units[U].Cycles, Before.Units[U].Cycles);
  EXPECT_EQ(T.Mixed->UnitsSplit, 1u);
  EXPECT_EQ(T.Mixed->UnitsAbsent, 1u);
  EXPECT_EQ(T.Mixed->UnattributedCycles, 5u); // its callers' unit is split
  // leaf at O1, which the table does not measure.
  CostTable U = example();
  Profile AtO1 = profile({function("leaf", 25, 3, OptLevel::O1)}, {}, 14);
  ASSERT_FALSE(bool(correctWithMixedBuild(U, {AtO1}, {"o1.profile"})));
  EXPECT_EQ(U.Mixed->UnitsUnmeasured, 1u);
  EXPECT_EQ(unitOf(U, "leaf").Cycles, unitOf(Before, "leaf").Cycles);
}

TEST(MixedCorrectionTest, RunsAreScaledToTheLevelsRuns) {
  // O2 measured in two runs (its cells are two runs' sums), the mixed
  // build in three: 3 x 25 cycles are 2 x 25 at O2.
  std::vector<LevelMeasurement> Ms;
  Ms.push_back(level(OptLevel::O2, profile({function("leaf", 20, 3)}, {}, 7),
                     {{10, {"leaf"}}}));
  Ms[0].Profiles.push_back(Ms[0].Profiles[0]);
  Ms[0].ProfilePaths.push_back("again.profile");
  CostTable T = cantFail(buildCostTable(std::move(Ms)));
  EXPECT_EQ(T.Units[0].Cycles[0], 40u);
  Profile Run = profile({function("leaf", 25, 3, OptLevel::O2)}, {}, 9);
  ASSERT_FALSE(bool(correctWithMixedBuild(
      T, {Run, Run, Run}, {"a.profile", "b.profile", "c.profile"})));
  EXPECT_EQ(T.Units[0].Cycles[0], 50u);
  EXPECT_EQ(*T.Units[0].UniformCycles[0], 40u);
  EXPECT_TRUE(T.Units[0].Noise.empty() || T.Units[0].Noise[0] == 0);
  // As for a uniform level, a slow run moves the median, not the cell: its
  // distance from the median is the cell's noise, on the same scale.
  CostTable U = cantFail(buildCostTable([] {
    std::vector<LevelMeasurement> Ms;
    Ms.push_back(level(OptLevel::O2, profile({function("leaf", 20, 3)}, {}, 7),
                       {{10, {"leaf"}}}));
    Ms[0].Profiles.push_back(Ms[0].Profiles[0]);
    Ms[0].ProfilePaths.push_back("again.profile");
    return Ms;
  }()));
  Profile Slow = profile({function("leaf", 100, 3, OptLevel::O2)}, {}, 9);
  ASSERT_FALSE(bool(correctWithMixedBuild(
      U, {Run, Slow, Run}, {"a.profile", "b.profile", "c.profile"})));
  EXPECT_EQ(U.Units[0].Cycles[0], 50u);
  EXPECT_EQ(U.Units[0].noise(0), 150u);
}

TEST(MixedCorrectionTest, TheCorrectedCellChangesTheChoice) {
  // Fastest within 164 B: both units at O3 (150 + 14 B, 130 + 18 cycles).
  MeasuredOptions Options;
  Options.Budget = "164";
  Options.UntimedLevel = OptLevel::O2;
  CostTable T = example();
  Expected<MeasuredResult> Before = planMeasured(T, Options);
  ASSERT_TRUE(bool(Before)) << toString(Before.takeError());
  EXPECT_EQ(Before->UnitLevels[T.Functions[0].Unit], OptLevel::O3);
  // The mixed build measured main's unit at O3 slower than at O2.
  Profile Mixed = profile({function("main", 160, 1, OptLevel::O3),
                           function("leaf", 18, 3, OptLevel::O3)},
                          {{"main", "leaf", 2, 18}}, 11);
  ASSERT_FALSE(bool(correctWithMixedBuild(T, {Mixed}, {"mixed.profile"})));
  Expected<MeasuredResult> After = planMeasured(T, Options);
  ASSERT_TRUE(bool(After)) << toString(After.takeError());
  EXPECT_EQ(After->UnitLevels[T.Functions[0].Unit], OptLevel::O2);
  EXPECT_EQ(After->PredictedCycles, 150u + 18u);
}

/// Random uniform builds of N functions at O2 and O3 (some inlined at O3,
/// glued to their callers), and a random mixed build: each unit at a random
/// level (measured or O1), sometimes split, members sometimes inlined away,
/// and functions only the mixed build has, called from anywhere.
struct RandomCase {
  CostTable T;
  Profile Mixed;
};

RandomCase randomCase(std::mt19937_64 &Rng) {
  unsigned N = 2 + Rng() % 8;
  auto Name = [](unsigned I) { return "f" + std::to_string(I); };
  std::vector<EdgeProfile> Edges;
  for (unsigned I = 1; I < N; ++I)
    Edges.push_back({Name(Rng() % I), Name(I), 1, 0});
  std::vector<FunctionProfile> AtO2, AtO3;
  std::vector<CodeBlock> Blocks;
  for (unsigned I = 0; I < N; ++I) {
    AtO2.push_back(function(Name(I), Rng() % 100, I + 1));
    if (I == 0 || Rng() % 3)
      AtO3.push_back(function(Name(I), Rng() % 100, I + 1));
    Blocks.push_back({10, {Name(I)}});
  }
  std::vector<EdgeProfile> EdgesO3;
  for (const EdgeProfile &E : Edges)
    if (any_of(AtO3, [&](const auto &F) { return F.Name == E.Callee; }) &&
        any_of(AtO3, [&](const auto &F) { return F.Name == E.Caller; }))
      EdgesO3.push_back(E);
  std::vector<LevelMeasurement> Ms;
  Ms.push_back(level(OptLevel::O2, profile(AtO2, Edges, 1), Blocks));
  Ms.push_back(level(OptLevel::O3, profile(AtO3, EdgesO3, 2), Blocks));
  RandomCase C{cantFail(buildCostTable(std::move(Ms))), {}};

  const OptLevel Choices[] = {OptLevel::O2, OptLevel::O3, OptLevel::O1};
  std::vector<OptLevel> UnitLevel;
  for (size_t U = 0; U < C.T.Units.size(); ++U)
    UnitLevel.push_back(Choices[Rng() % 3]);
  std::vector<FunctionProfile> Functions;
  std::vector<std::string> Names;
  for (const CostFunction &F : C.T.Functions) {
    if (Rng() % 5 == 0)
      continue; // inlined away
    OptLevel L = Rng() % 6 ? UnitLevel[F.Unit] : Choices[Rng() % 3];
    Functions.push_back(function(F.Name, Rng() % 100, F.Hash, L));
    Names.push_back(F.Name);
  }
  std::vector<EdgeProfile> MixedEdges;
  for (unsigned I = 0, New = Rng() % 4; I < New; ++I) {
    std::string G = "new" + std::to_string(I);
    if (!Names.empty())
      for (unsigned K = 0, Callers = Rng() % 3; K < Callers; ++K)
        MixedEdges.push_back(
            {Names[Rng() % Names.size()], G, 1, 0}); // any caller so far
    Functions.push_back(function(G, Rng() % 100, 1000 + I, OptLevel::Oz));
    Names.push_back(G);
  }
  C.Mixed = profile(Functions, MixedEdges, 3);
  return C;
}

TEST(MixedCorrectionTest, EveryMixedCycleCountsOnce) {
  std::mt19937_64 Rng(20);
  unsigned Checked = 0;
  MixedSummary Seen; // every case the rule tells apart, seen
  for (unsigned Round = 0; Round < 2000; ++Round) {
    RandomCase C = randomCase(Rng);
    CostTable Before = C.T;
    Error E = correctWithMixedBuild(C.T, {C.Mixed}, {"mixed.profile"});
    if (E) { // a mixed build sharing no function with the table
      EXPECT_NE(toString(std::move(E)).find("no function in common"),
                std::string::npos);
      continue;
    }
    ++Checked;
    Seen.UnitsCorrected += C.T.Mixed->UnitsCorrected;
    Seen.UnitsSplit += C.T.Mixed->UnitsSplit;
    Seen.UnitsAbsent += C.T.Mixed->UnitsAbsent;
    Seen.UnitsUnmeasured += C.T.Mixed->UnitsUnmeasured;
    Seen.NewJoined += C.T.Mixed->NewJoined;
    Seen.NewFunctions += C.T.Mixed->NewFunctions;
    std::map<std::string, const FunctionProfile *> Mixed;
    for (const FunctionProfile &F : C.Mixed.Functions)
      Mixed[F.Name] = &F;
    // Corrected cells, plus the members of other units, plus the cycles no
    // unit took: the mixed build's cycles, each once.
    uint64_t Accounted = C.T.Mixed->UnattributedCycles;
    for (size_t U = 0; U < C.T.Units.size(); ++U) {
      const CostUnit &Unit = C.T.Units[U];
      int Corrected = -1;
      for (size_t L = 0; L < C.T.Levels.size(); ++L) {
        if (!Unit.corrected(L)) {
          EXPECT_EQ(Unit.Cycles[L], Before.Units[U].Cycles[L]);
          continue;
        }
        EXPECT_EQ(Corrected, -1); // one cell at most
        Corrected = int(L);
        EXPECT_EQ(*Unit.UniformCycles[L], Before.Units[U].Cycles[L]);
        EXPECT_EQ(Unit.MixedLevels, (std::vector<OptLevel>{C.T.Levels[L]}));
        Accounted += Unit.Cycles[L];
      }
      if (Corrected < 0) {
        EXPECT_TRUE(Unit.MixedOnly.empty());
        for (unsigned M : Unit.Members)
          if (auto It = Mixed.find(C.T.Functions[M].Name); It != Mixed.end())
            Accounted += It->second->SelfCycles;
      }
    }
    EXPECT_EQ(Accounted, C.T.Mixed->SelfCycles) << "round " << Round;
  }
  EXPECT_GT(Checked, 1500u);
  EXPECT_GT(Seen.UnitsCorrected, 1000u);
  EXPECT_GT(Seen.UnitsSplit, 100u);
  EXPECT_GT(Seen.UnitsAbsent, 100u);
  EXPECT_GT(Seen.UnitsUnmeasured, 100u);
  EXPECT_GT(Seen.NewJoined, 100u);
  EXPECT_GT(Seen.NewFunctions, Seen.NewJoined + 100);
}

TEST(MixedCorrectionTest, RefusesWhatCannotCorrectTheTable) {
  auto ErrorOf = [](Profile P) {
    CostTable T = example();
    Error E = correctWithMixedBuild(T, {P}, {"m.profile"});
    return E ? toString(std::move(E)) : std::string("no error");
  };
  Profile Good = profile({function("leaf", 25, 3, OptLevel::O2)}, {}, 9);
  Profile P = Good;
  P.Functions[0].Hash = 4;
  EXPECT_NE(ErrorOf(P).find("function leaf has hash 0000000000000004 there"),
            std::string::npos);
  P = Good;
  P.Functions[0].Level.reset();
  EXPECT_NE(ErrorOf(P).find("records no levels"), std::string::npos);
  P = Good;
  P.Clock = "tsc";
  EXPECT_NE(ErrorOf(P).find("clock is tsc"), std::string::npos);
  P = Good;
  P.Target = "i386-unknown-none";
  EXPECT_NE(ErrorOf(P).find("target is i386-unknown-none"), std::string::npos);
  EXPECT_EQ(ErrorOf(Good), "no error");
}

} // namespace

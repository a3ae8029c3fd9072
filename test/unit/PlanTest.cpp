//===- PlanTest.cpp - Unit tests for plans: policies, summing, I/O -------===//

#include "Plan.h"

#include "llvm/Support/FormatVariadic.h"
#include "gtest/gtest.h"

#include <cmath>
#include <map>

using namespace fluid;
using namespace llvm;

namespace {

FunctionProfile function(StringRef Name, uint64_t Calls, uint64_t Self,
                         uint64_t Total = 0, uint64_t Hash = 1,
                         StringRef File = "a.c") {
  FunctionProfile F;
  F.Name = Name.str();
  F.File = File.str();
  F.Hash = Hash;
  F.Calls = Calls;
  F.SelfCycles = Self;
  F.TotalCycles = Total ? Total : Self;
  return F;
}

Profile profile(std::vector<FunctionProfile> Functions, uint64_t BuildId = 7,
                StringRef Clock = "icount") {
  Profile P;
  P.Target = "x86_64-unknown-none";
  P.Clock = Clock.str();
  P.BuildId = BuildId;
  P.Functions = std::move(Functions);
  return P;
}

/// Self cycles add up to 10000: main and mid reach exactly 90%, warm
/// reaches exactly 99% (test/prof/Inputs/plan-shares.txt is the same).
Profile sharesProfile() {
  return profile({function("main", 1, 8500, 10000), function("mid", 100, 500),
                  function("next", 100, 500), function("warm", 7, 400),
                  function("cold", 3, 60), function("colder", 2, 40),
                  function("idle", 5, 0), function("never", 0, 0)});
}

Plan planOf(const Profile &P, const PolicyOptions &Options = {}) {
  Expected<Plan> Result = makePlan(P, std::string("p.json"), Options);
  EXPECT_TRUE(bool(Result)) << toString(Result.takeError());
  return Result ? std::move(*Result) : Plan();
}

std::map<std::string, std::string> levels(const Plan &P) {
  std::map<std::string, std::string> Levels;
  for (const PlanFunction &F : P.Functions)
    Levels[F.Name] = levelName(F.Level).str();
  return Levels;
}

const PlanFunction &find(const Plan &P, StringRef Name) {
  for (const PlanFunction &F : P.Functions)
    if (F.Name == Name)
      return F;
  ADD_FAILURE() << "no function " << Name.str();
  static PlanFunction None;
  return None;
}

std::string written(const Plan &P) {
  std::string Text;
  raw_string_ostream OS(Text);
  writePlan(P, OS);
  return Text;
}

std::string planError(StringRef Json) {
  Expected<Plan> P = parsePlan(Json, "in.json");
  return P ? "" : toString(P.takeError());
}

TEST(PlanTest, LevelNamesParseExactlyAndRoundTrip) {
  for (OptLevel L : {OptLevel::O0, OptLevel::O1, OptLevel::O2, OptLevel::O3,
                     OptLevel::Os, OptLevel::Oz})
    EXPECT_EQ(parseLevel(levelName(L)), L);
  EXPECT_EQ(parseLevel("-Os"), OptLevel::Os);
  for (StringRef Bad : {"", "O", "O4", "o2", "Ofast", "--O2", "O2 "})
    EXPECT_EQ(parseLevel(Bad), std::nullopt) << Bad.str();
}

TEST(PlanTest, SharesHotSetClosesWhereTheShareIsExactlyReached) {
  std::map<std::string, std::string> Expected = {
      {"main", "O3"}, {"mid", "O3"},    {"next", "O2"}, {"warm", "O2"},
      {"cold", "Os"}, {"colder", "Os"}, {"idle", "Os"}, {"never", "Oz"}};
  EXPECT_EQ(levels(planOf(sharesProfile())), Expected);
}

TEST(PlanTest, SharesJustAboveTheBoundariesTakeOneMoreFunction) {
  PolicyOptions Options;
  Options.HotShare = 0.9000001;  // 9000.001 cycles: mid's 9000 falls short
  Options.ColdShare = 0.9900001; // warm's 9900 falls short too
  std::map<std::string, std::string> Levels =
      levels(planOf(sharesProfile(), Options));
  EXPECT_EQ(Levels["next"], "O3");
  EXPECT_EQ(Levels["cold"], "O2");
  EXPECT_EQ(Levels["colder"], "Os");
}

TEST(PlanTest, SharesTiesRankByNameThenFile) {
  Profile P = profile({function("b", 1, 50), function("a", 1, 50, 0, 2, "z.c"),
                       function("a", 1, 50, 0, 3, "y.c")});
  PolicyOptions Options;
  Options.HotShare = 1.0 / 3; // exactly one function's share, to 9 places
  Plan Result = planOf(P, Options);
  // Only the first by (name, file) is hot; ranks follow the same order.
  ASSERT_EQ(Result.Functions.size(), 3u);
  EXPECT_EQ(Result.Functions[0].File, "y.c");
  EXPECT_EQ(Result.Functions[0].Level, OptLevel::O3);
  EXPECT_EQ(Result.Functions[1].Level, OptLevel::O2);
  EXPECT_NE(Result.Functions[1].Reason.find("rank 2 of 3"), std::string::npos);
  EXPECT_NE(Result.Functions[2].Reason.find("rank 3 of 3"), std::string::npos);
}

TEST(PlanTest, SharesWithoutSelfCyclesMakeNobodyHot) {
  Plan Result = planOf(profile({function("a", 5, 0), function("b", 0, 0)}));
  EXPECT_EQ(Result.TotalSelfCycles, 0u);
  EXPECT_EQ(find(Result, "a").Level, OptLevel::Os);
  EXPECT_EQ(find(Result, "a").Reason,
            "negligible: the profiles hold no self cycles, 5 calls");
  EXPECT_EQ(find(Result, "b").Level, OptLevel::Oz);
}

TEST(PlanTest, SharesOfOneMakeEveryFunctionWithSelfCyclesHotAndNoOther) {
  PolicyOptions Options;
  Options.HotShare = Options.ColdShare = 1;
  std::map<std::string, std::string> Levels =
      levels(planOf(sharesProfile(), Options));
  EXPECT_EQ(Levels["colder"], "O3");
  EXPECT_EQ(Levels["idle"], "Os"); // ran, but no self cycles: beyond the cut
  EXPECT_EQ(Levels["never"], "Oz");
}

TEST(PlanTest, SharesUseTheGivenLevels) {
  PolicyOptions Options;
  Options.HotLevel = OptLevel::O2;
  Options.BaseLevel = OptLevel::O1;
  Options.ColdLevel = OptLevel::Oz;
  Options.NeverLevel = OptLevel::O0;
  std::map<std::string, std::string> Levels =
      levels(planOf(sharesProfile(), Options));
  EXPECT_EQ(Levels["main"], "O2");
  EXPECT_EQ(Levels["warm"], "O1");
  EXPECT_EQ(Levels["cold"], "Oz");
  EXPECT_EQ(Levels["never"], "O0");
}

TEST(PlanTest, SharesReasonsNameTheFigures) {
  Plan Result = planOf(sharesProfile());
  EXPECT_EQ(find(Result, "mid").Reason,
            "hot: 5.0% of self cycles, rank 2 of 8, top 2 cover 90.0% "
            "(>= 90%), 100 calls");
  EXPECT_EQ(find(Result, "warm").Reason,
            "warm: 4.0% of self cycles, rank 4 of 8, 7 calls");
  EXPECT_EQ(find(Result, "colder").Reason,
            "negligible: 0.40% of self cycles, rank 6 of 8, beyond the top 4 "
            "covering 99%, 2 calls");
  EXPECT_EQ(find(Result, "never").Reason, "never ran: 0 calls");
}

TEST(PlanTest, SharesCompareExactlyAtFullCounterRange) {
  // 0.9 * (2^64 - 1) is not representable as a double; the integer
  // comparison still puts the boundary exactly: a = 90% - 1 cycle is short.
  uint64_t Total = UINT64_MAX - UINT64_MAX % 10; // divisible by 10
  uint64_t NinetyPercent = Total / 10 * 9;
  Plan Short = planOf(profile({function("a", 1, NinetyPercent - 1),
                               function("b", 1, Total - NinetyPercent + 1)}));
  EXPECT_EQ(find(Short, "b").Level, OptLevel::O3); // b needed to reach 90%
  Plan Exact = planOf(profile({function("a", 1, NinetyPercent),
                               function("b", 1, Total - NinetyPercent)}));
  EXPECT_EQ(find(Exact, "a").Level, OptLevel::O3);
  EXPECT_EQ(find(Exact, "b").Level, OptLevel::O2);
}

TEST(PlanTest, BareFlowThresholdsAreInclusive) {
  PolicyOptions Options;
  Options.Kind = PolicyKind::BareFlow;
  Plan Result = planOf(
      profile({function("calls1000", 1000, 1, 10),
               function("calls999", 999, 1, 99999),
               function("cycles1e6", 1, 1, 1000000),
               function("cycles999999", 1, 1, 999999),
               function("calls100", 100, 1, 1), function("calls99", 99, 1, 1),
               function("cycles1e5", 1, 1, 100000),
               function("cycles99999", 1, 1, 99999),
               function("never", 0, 0, 0)}),
      Options);
  std::map<std::string, std::string> Expected = {
      {"calls1000", "O3"},    {"calls999", "O2"},    {"cycles1e6", "O3"},
      {"cycles999999", "O2"}, {"calls100", "O2"},    {"calls99", "O1"},
      {"cycles1e5", "O2"},    {"cycles99999", "O1"}, {"never", "O0"}};
  EXPECT_EQ(levels(Result), Expected);
  EXPECT_EQ(Result.Policy, "bareflow");
  EXPECT_EQ(find(Result, "calls1000").Reason, "hot: calls 1000 >= 1000");
  EXPECT_EQ(find(Result, "cycles1e6").Reason,
            "hot: total cycles 1000000 >= 1000000");
  EXPECT_EQ(find(Result, "calls999").Reason, "warm: calls 999 >= 100");
  EXPECT_EQ(find(Result, "calls99").Reason,
            "ran: calls 99 < 100 and total cycles 1 < 100000");
  EXPECT_EQ(find(Result, "never").Reason, "never ran: 0 calls");
}

TEST(PlanTest, SummingMatchesByNameAndFileAndSaturates) {
  Profile A = profile({function("f", 1, 10, 20), function("g", 2, 5),
                       function("s", 1, UINT64_MAX - 1)},
                      0xa);
  Profile B = profile({function("f", 3, 30, 40),
                       function("f", 1, 1, 0, 1, "b.c"), function("s", 1, 2)},
                      0xb);
  Expected<Plan> Result =
      makePlan({A, B}, {std::string("a.json"), std::string("b.json")}, {});
  ASSERT_TRUE(bool(Result)) << toString(Result.takeError());
  ASSERT_EQ(Result->Functions.size(), 4u); // f (a.c), f (b.c), g, s
  const PlanFunction &F = Result->Functions[0];
  EXPECT_EQ(std::tie(F.Name, F.File), std::make_tuple("f", "a.c"));
  EXPECT_EQ(F.Calls, 4u);
  EXPECT_EQ(F.SelfCycles, 40u);
  EXPECT_EQ(F.TotalCycles, 60u);
  EXPECT_EQ(Result->Functions[1].File, "b.c");
  EXPECT_EQ(Result->Functions[1].Calls, 1u);
  EXPECT_EQ(find(*Result, "g").Calls, 2u);
  EXPECT_EQ(find(*Result, "s").SelfCycles, UINT64_MAX);
  EXPECT_EQ(Result->TotalSelfCycles, UINT64_MAX);
  ASSERT_EQ(Result->Sources.size(), 2u);
  EXPECT_EQ(Result->Sources[0].BuildId, 0xau);
  EXPECT_EQ(Result->Sources[1].BuildId, 0xbu);
  EXPECT_EQ(Result->Sources[1].Clock, "icount");
}

TEST(PlanTest, SummingKeepsVersionsWithOtherHashesApart) {
  // One source compiled twice with other macros, or an old and a new build:
  // two functions, each summed with its own kind.
  Profile A = profile({function("f", 1, 10, 0, 0x11)});
  Profile B = profile({function("f", 2, 20, 0, 0x22)});
  Profile C = profile({function("f", 4, 40, 0, 0x11)});
  Expected<Plan> Result = makePlan(
      {A, B, C},
      {std::string("old.json"), std::string("new.json"), std::string("c.json")},
      {});
  ASSERT_TRUE(bool(Result)) << toString(Result.takeError());
  ASSERT_EQ(Result->Functions.size(), 2u);
  EXPECT_EQ(Result->Functions[0].Hash, 0x11u);
  EXPECT_EQ(Result->Functions[0].Calls, 5u);
  EXPECT_EQ(Result->Functions[1].Hash, 0x22u);
  EXPECT_EQ(Result->Functions[1].Calls, 2u);
}

TEST(PlanTest, SummingRefusesDifferentClocks) {
  Expected<Plan> Result =
      makePlan({profile({}, 1, "tsc"), profile({}, 2, "icount")},
               {std::string("t.json"), std::string("i.json")}, {});
  ASSERT_FALSE(bool(Result));
  EXPECT_EQ(toString(Result.takeError()),
            "i.json: clock is icount but t.json's is tsc: cycles of different "
            "clocks do not add up");
}

TEST(PlanTest, PolicyOptionsAreChecked) {
  auto ErrorOf = [](auto Edit) {
    PolicyOptions Options;
    Edit(Options);
    return toString(checkPolicyOptions(Options));
  };
  EXPECT_EQ(ErrorOf([](PolicyOptions &) {}), "");
  EXPECT_EQ(ErrorOf([](PolicyOptions &O) { O.HotShare = 0; }),
            "--hot-share=0: a share must be in (0, 1], to 9 decimal places");
  EXPECT_EQ(ErrorOf([](PolicyOptions &O) { O.ColdShare = 1.5; }),
            "--cold-share=1.5: a share must be in (0, 1], to 9 decimal places");
  EXPECT_NE(ErrorOf([](PolicyOptions &O) { O.HotShare = std::nan(""); }), "");
  EXPECT_NE(ErrorOf([](PolicyOptions &O) { O.HotShare = 1e-12; }), "");
  EXPECT_EQ(ErrorOf([](PolicyOptions &O) { O.ColdShare = 0.5; }),
            "--cold-share=0.5: below --hot-share=0.9: the cold cut must cover "
            "at least the hot set");
  EXPECT_EQ(ErrorOf([](PolicyOptions &O) { O.WarmCalls = 1001; }),
            "--warm-calls=1001: above --hot-calls=1000");
  // makePlan checks them too.
  PolicyOptions Bad;
  Bad.HotShare = 2;
  EXPECT_FALSE(bool(makePlan(sharesProfile(), std::string("p"), Bad)));
}

TEST(PlanTest, WrittenPlansReadBackUnchanged) {
  Profile P = sharesProfile();
  P.Functions.push_back(function("huge", UINT64_MAX, UINT64_MAX - 20000,
                                 UINT64_MAX, UINT64_MAX, "dir/\"q\".c"));
  Plan Original = planOf(P);
  std::string Text = written(Original);
  Expected<Plan> Read = parsePlan(Text, "p.json");
  ASSERT_TRUE(bool(Read)) << toString(Read.takeError());
  EXPECT_EQ(written(*Read), Text);
  EXPECT_EQ(Read->Producer, Original.Producer);
  EXPECT_EQ(Read->TotalSelfCycles, Original.TotalSelfCycles);
  const PlanFunction &Huge = find(*Read, "huge");
  EXPECT_EQ(Huge.Calls, UINT64_MAX); // never through a double
  EXPECT_EQ(Huge.Hash, UINT64_MAX);
  EXPECT_EQ(Huge.File, "dir/\"q\".c");
  EXPECT_EQ(Huge.Level, find(Original, "huge").Level);
  EXPECT_EQ(Huge.Reason, find(Original, "huge").Reason);
  // One function per line, after the header, sources and total.
  EXPECT_EQ(std::count(Text.begin(), Text.end(), '\n'),
            4 + long(Original.Sources.size() + Original.Functions.size()));
}

TEST(PlanTest, DigestFollowsContentNotOrder) {
  Plan A = planOf(sharesProfile());
  Plan B = A;
  std::reverse(B.Functions.begin(), B.Functions.end());
  EXPECT_EQ(planDigest(A), planDigest(B));
  B.Functions[0].Level =
      B.Functions[0].Level == OptLevel::O1 ? OptLevel::O2 : OptLevel::O1;
  EXPECT_NE(planDigest(A), planDigest(B));
}

TEST(PlanTest, ParsePlanRefusesDamageNamingTheField) {
  std::string Good = written(planOf(sharesProfile()));
  auto Edit = [&](StringRef From, StringRef To) {
    std::string S = Good;
    size_t At = S.find(From.str());
    EXPECT_NE(At, std::string::npos) << From.str();
    return S.replace(At, From.size(), To.str());
  };
  EXPECT_EQ(planError(Good), "");
  EXPECT_EQ(planError(Good.substr(0, Good.size() / 2))
                .find("in.json: plan is "
                      "not JSON: "),
            0u);
  EXPECT_EQ(planError(Edit("fluid-plan", "fluid-profile")),
            "in.json: format is 'fluid-profile', not 'fluid-plan'");
  EXPECT_EQ(planError(Edit("\"version\":1", "\"version\":2")),
            "in.json: version is 2; this fluid-prof reads plan version 1");
  EXPECT_EQ(planError(Edit("\"level\":\"Os\"", "\"level\":\"O4\"")),
            "in.json: functions[0].level is 'O4', not one of O0, O1, O2, O3, "
            "Os, Oz");
  EXPECT_EQ(planError(Edit("\"level\":\"Os\"", "\"level\":\"-Os\"")),
            "in.json: functions[0].level is '-Os', not one of O0, O1, O2, O3, "
            "Os, Oz");
  EXPECT_EQ(planError(Edit("\"calls\":3,", "\"calls\":-3,")),
            "in.json: functions[0].calls is negative (-3)");
  EXPECT_EQ(planError(Edit("\"calls\":3,", "\"calls\":18446744073709551616,")),
            "in.json: functions[0].calls is not an integer in 0..2^64-1 "
            "(fraction or overflow)");
  EXPECT_EQ(planError(Edit("\"calls\":3,", "\"calls\":3.5,")),
            "in.json: functions[0].calls is not an integer in 0..2^64-1 "
            "(fraction or overflow)");
  EXPECT_EQ(planError(Edit("\"hash\":\"0000000000000001\",", "")),
            "in.json: functions[0].hash is missing");
  EXPECT_EQ(planError(Edit("\"policy\":\"shares\"", "\"policy\":\"fast\"")),
            "in.json: policy is 'fast', not 'shares', 'bareflow' or "
            "'measured'");
  EXPECT_EQ(planError(Edit("\"name\":\"colder\"", "\"name\":\"cold\"")),
            "in.json: functions[1] duplicates function 'cold' of 'a.c' "
            "(same hash)");
  EXPECT_EQ(planError(Edit("\"calls\":3,", "\"calls\":3,\"calls\":4,")),
            formatv("in.json: plan repeats the key 'calls' in one object "
                    "(byte {0})",
                    Good.find("\"calls\":3,") + 10)
                .str());
  EXPECT_EQ(planError(std::string(100000, '[')),
            "in.json: plan nests deeper than 64 levels (byte 64)");
  EXPECT_EQ(planError("[]"), "in.json: plan is not a JSON object");
}

TEST(PlanTest, ReadPlanOrProfileAppliesTheDefaultPolicyToProfiles) {
  const char Profile[] =
      "{\"format\":\"fluid-profile\",\"version\":1,\"producer\":\"t\","
      "\"target\":\"x86_64-unknown-none\",\"clock\":\"icount\","
      "\"probe_cost\":{\"inner\":0,\"outer\":0},\"functions\":["
      "{\"name\":\"a\",\"file\":\"a.c\",\"hash\":\"0000000000000001\","
      "\"calls\":1,\"self_cycles\":9,\"total_cycles\":9,\"min_cycles\":9,"
      "\"max_cycles\":9},"
      "{\"name\":\"b\",\"file\":\"a.c\",\"hash\":\"0000000000000002\","
      "\"calls\":0,\"self_cycles\":0,\"total_cycles\":0,\"min_cycles\":0,"
      "\"max_cycles\":0}],\"edges\":[],\"events\":{\"threads\":1,"
      "\"stack_overflows\":0,\"unwound_frames\":0,\"orphan_exits\":0,"
      "\"saturations\":0,\"interrupt_nests\":0,\"dropped_edges\":0,"
      "\"dropped_slots\":0},\"totals\":{\"functions\":2,\"calls\":1,"
      "\"self_cycles\":9},\"build_id\":\"BUILDID\"}\n";
  uint64_t Id = 0xcbf29ce484222325ull;
  Id = (Id ^ 1) * 0x100000001b3ull;
  Id = (Id ^ 2) * 0x100000001b3ull;
  std::string Json = Profile;
  Json.replace(Json.find("BUILDID"), 7, formatv("{0:x-16}", Id).str());
  Expected<Plan> FromProfile = readPlanOrProfile(Json, "p.json");
  ASSERT_TRUE(bool(FromProfile)) << toString(FromProfile.takeError());
  EXPECT_EQ(FromProfile->Policy, "shares");
  EXPECT_EQ(find(*FromProfile, "a").Level, OptLevel::O3);
  EXPECT_EQ(find(*FromProfile, "b").Level, OptLevel::Oz);
  ASSERT_EQ(FromProfile->Sources.size(), 1u);
  EXPECT_EQ(FromProfile->Sources[0].BuildId, Id);

  // A plan is read as it is, levels and all.
  Plan Edited = *FromProfile;
  Edited.Functions[0].Level = OptLevel::O1;
  Expected<Plan> FromPlan = readPlanOrProfile(written(Edited), "plan.json");
  ASSERT_TRUE(bool(FromPlan)) << toString(FromPlan.takeError());
  EXPECT_EQ(planDigest(*FromPlan), planDigest(Edited));
  EXPECT_TRUE(isPlanDocument(written(Edited)));
  EXPECT_FALSE(isPlanDocument(Json));

  // A damaged plan is refused as a plan, a damaged profile as a profile.
  std::string Cut = written(Edited).substr(0, 100);
  EXPECT_NE(toString(readPlanOrProfile(Cut, "plan.json").takeError())
                .find("plan.json: plan is not JSON"),
            std::string::npos);
  EXPECT_NE(
      toString(readPlanOrProfile(Json.substr(0, 100), "p.json").takeError())
          .find("p.json: payload is not JSON"),
      std::string::npos);
}

} // namespace

//===- MergeTest.cpp - Unit tests for merging, writing and matching -------===//
//
// ProfileMerger (Merge.h): sums, weights, saturation counted once, the same
// bytes whatever the order, other builds refused; the profile writer
// (ProfileWriter.h) read back unchanged; FunctionMatcher (NameMatch.h)
// preferring fluid-cc's candidates in its order.
//
//===----------------------------------------------------------------------===//

#include "Merge.h"
#include "Accounting.h"
#include "NameMatch.h"
#include "ProfileWriter.h"

#include "gtest/gtest.h"

using namespace fluid;
using namespace llvm;

namespace {

/// main -> work -> leaf, and main -> leaf: a version 2 profile whose
/// figures add up, scaled by K (min and max not).
Profile sample(uint64_t K = 1) {
  Profile P;
  P.Version = 2;
  P.Producer = "test";
  P.Target = "x86_64-unknown-none";
  P.Clock = "icount";
  P.ContextCapacity = 16;
  P.Functions = {{"main", "m.c", 1, 1 * K, 10 * K, 100 * K, 100, 100},
                 {"work", "m.c", 2, 2 * K, 30 * K, 60 * K, 20, 40},
                 {"leaf", "m.c", 3, 3 * K, 60 * K, 60 * K, 10, 30}};
  P.Edges = {{"main", "work", 2 * K, 60 * K},
             {"work", "leaf", 2 * K, 30 * K},
             {"main", "leaf", 1 * K, 30 * K}};
  P.Contexts = {{-1, 0, 1 * K, 10 * K, 100 * K},
                {0, 1, 2 * K, 30 * K, 60 * K},
                {1, 2, 2 * K, 30 * K, 30 * K},
                {0, 2, 1 * K, 30 * K, 30 * K}};
  for (const char *Name :
       {"threads", "stack_overflows", "unwound_frames", "orphan_exits",
        "saturations", "interrupt_nests", "dropped_edges", "dropped_slots",
        "dropped_contexts"})
    P.Events[Name] = 0;
  P.Events["threads"] = K;
  P.TotalCalls = 6 * K;
  P.TotalSelfCycles = 100 * K;
  uint64_t Id = 0xcbf29ce484222325ull;
  for (const FunctionProfile &F : P.Functions)
    Id = (Id ^ F.Hash) * 0x100000001b3ull;
  P.BuildId = Id;
  return P;
}

std::string framed(const Profile &P) {
  std::string Out;
  raw_string_ostream OS(Out);
  writeFramedProfile(P, OS);
  return Out;
}

std::string merged(ArrayRef<std::pair<Profile, uint64_t>> Inputs) {
  ProfileMerger M;
  for (const auto &[P, Weight] : Inputs)
    EXPECT_FALSE(bool(M.add(P, "in", Weight)));
  return framed(M.result());
}

TEST(ProfileWriterTest, ReadsBackUnchanged) {
  Profile P = sample();
  std::string Text = framed(P);
  Expected<Profile> Again = readProfile(Text, "w");
  ASSERT_TRUE(bool(Again)) << toString(Again.takeError());
  EXPECT_FALSE(bool(checkAccounting(*Again, "w")));
  EXPECT_EQ(framed(*Again), Text);
  EXPECT_EQ(Again->Contexts.size(), 4u);
  EXPECT_EQ(contextPath(*Again, 2), "main > work > leaf");
}

TEST(MergeTest, CopiesAndWeightsScale) {
  Profile One = sample();
  std::string Three = merged({{One, 1}, {One, 1}, {One, 1}});
  std::string Weighted = merged({{One, 3}});
  EXPECT_EQ(Three, Weighted);
  Expected<Profile> P = readProfile(Three, "m");
  ASSERT_TRUE(bool(P)) << toString(P.takeError());
  Profile Want = sample(3);
  EXPECT_EQ(P->Functions[1].SelfCycles, Want.Functions[1].SelfCycles);
  EXPECT_EQ(P->Functions[1].MinCycles, 20u);
  EXPECT_EQ(P->Contexts[2].TotalCycles, Want.Contexts[2].TotalCycles);
  EXPECT_EQ(P->Events["threads"], 3u);
  EXPECT_FALSE(bool(checkAccounting(*P, "m")));
}

TEST(MergeTest, OrderDoesNotChangeTheBytes) {
  Profile A = sample(), B = sample(2);
  // B lists its contexts otherwise (leaf under main before work) and its
  // edges backwards.
  B.Contexts = {{-1, 0, 1 * 2, 10 * 2, 100 * 2},
                {0, 2, 1 * 2, 30 * 2, 30 * 2},
                {0, 1, 2 * 2, 30 * 2, 60 * 2},
                {2, 2, 2 * 2, 30 * 2, 30 * 2}};
  std::reverse(B.Edges.begin(), B.Edges.end());
  B.Functions[2].MinCycles = 5;
  EXPECT_EQ(merged({{A, 1}, {B, 4}}), merged({{B, 4}, {A, 1}}));
}

TEST(MergeTest, SaturationCountedOncePerCounter) {
  Profile P = sample();
  P.Functions[2].SelfCycles = UINT64_MAX - 10;
  P.Functions[2].TotalCycles = UINT64_MAX - 10;
  P.Contexts[2].SelfCycles = P.Contexts[2].TotalCycles = UINT64_MAX - 40;
  ProfileMerger M;
  for (int I = 0; I < 4; ++I)
    ASSERT_FALSE(bool(M.add(P, "s", 1)));
  Profile Sum = M.result();
  EXPECT_EQ(Sum.Functions[2].SelfCycles, UINT64_MAX);
  // leaf's self and total, its node under work's self and total, and the
  // self-cycle total; nothing else passes 2^64-1.
  EXPECT_EQ(Sum.Events["saturations"], 5u);
}

TEST(MergeTest, OtherBuildsRefusedNamingTheField) {
  Profile A = sample(), B = sample();
  B.Clock = "tsc";
  ProfileMerger M;
  ASSERT_FALSE(bool(M.add(A, "a", 1)));
  Error E = M.add(B, "b", 1);
  ASSERT_TRUE(bool(E));
  EXPECT_EQ(toString(std::move(E)), "b: clock is tsc but a's is icount: "
                                    "merge sums profiles of one build");
  Profile C = sample();
  C.Functions[1].Untimed = true;
  EXPECT_NE(toString(M.add(C, "c", 1)).find("functions[1] is 'work'"),
            std::string::npos);
  EXPECT_EQ(M.count(), 1u);
}

TEST(NameMatchTest, UnqualifiedNames) {
  EXPECT_EQ(unqualifiedName("util.c@0123456789abcdef:helper"), "util.c:helper");
  EXPECT_EQ(unqualifiedName("name@0123456789abcdef"), "name");
  EXPECT_EQ(unqualifiedName("plain"), "plain");
}

TEST(NameMatchTest, FluidCcOrderOfPreference) {
  std::vector<FunctionKey> Keys = {{"main", "a/main.c", 1},
                                   {"main", "b/main.c", 2},
                                   {"api", "a.c", 3},
                                   {"old.c:helper", "old.c", 4},
                                   {"work", "w.c", 5}};
  FunctionMatcher M(Keys);
  // Its own file's entry, by hash.
  EXPECT_EQ(M.find("main", "x/b/main.c", 2, false).Match, 1u);
  // Moved: known only from another file, one entry of its hash.
  EXPECT_EQ(M.find("api", "b.c", 3, false).Match, 2u);
  EXPECT_FALSE(M.find("api", "b.c", 9, false).Match);
  // Renamed file: an internal function by bare name and hash.
  EXPECT_EQ(M.find("new.c:helper", "new.c", 4, true).Match, 3u);
  EXPECT_FALSE(M.find("new.c:helper", "new.c", 4, false).Match);
  // Its code changed: stale, with its previous entry.
  FunctionMatcher::Found Changed = M.find("work", "w.c", 6, false);
  EXPECT_FALSE(Changed.Match);
  EXPECT_TRUE(Changed.Changed);
  EXPECT_EQ(Changed.Previous, 4u);
}

} // namespace

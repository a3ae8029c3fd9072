//===- ProfileTest.cpp - Unit tests for profile frames and validation ----===//

#include "Profile.h"

#include "llvm/Support/FormatVariadic.h"
#include "gtest/gtest.h"

using namespace fluid;
using namespace llvm;

namespace {

const char Payload[] =
    "{\"format\":\"fluid-profile\",\"version\":1,\"producer\":\"t\","
    "\"target\":\"x86_64-unknown-none\",\"clock\":\"icount\","
    "\"probe_cost\":{\"inner\":1,\"outer\":2},\n\"functions\":["
    "{\"name\":\"a\",\"file\":\"a.c\",\"hash\":\"0000000000000001\","
    "\"calls\":18446744073709551615,\"self_cycles\":5,\"total_cycles\":9,"
    "\"min_cycles\":1,\"max_cycles\":3},"
    "{\"name\":\"b\",\"file\":\"a.c\",\"hash\":\"0000000000000002\","
    "\"calls\":2,\"self_cycles\":4,\"total_cycles\":4,\"min_cycles\":2,"
    "\"max_cycles\":2}],\n\"edges\":[{\"caller\":\"a\",\"callee\":\"b\","
    "\"calls\":2,\"cycles\":4}],\n\"events\":{\"threads\":1,"
    "\"stack_overflows\":0,\"unwound_frames\":0,\"orphan_exits\":0,"
    "\"saturations\":0,\"interrupt_nests\":0,\"dropped_edges\":0,"
    "\"dropped_slots\":0},\n\"totals\":{\"functions\":2,\"calls\":1,"
    "\"self_cycles\":9},\"build_id\":\"BUILDID\"}\n";

std::string payload() {
  // FNV-1a over the two hashes, as the runtime computes the build id.
  uint64_t Id = 0xcbf29ce484222325ull;
  Id = (Id ^ 1) * 0x100000001b3ull;
  Id = (Id ^ 2) * 0x100000001b3ull;
  std::string S = Payload;
  S.replace(S.find("BUILDID"), 7, formatv("{0:x-16}", Id).str());
  return S;
}

std::string frame(StringRef Body) {
  return formatv("noise\n--- FLUID PROFILE BEGIN v1 ---\n{0}--- FLUID PROFILE "
                 "END bytes={1} crc32={2:x-8} ---\nmore noise\n",
                 Body, Body.size(), payloadCrc(Body))
      .str();
}

std::string errorOf(StringRef Data) {
  Expected<Profile> P = readProfile(Data, "in");
  return P ? "" : toString(P.takeError());
}

TEST(ProfileTest, ReadsFramedProfileWithFull64BitCounters) {
  Expected<Profile> P = readProfile(frame(payload()), "in");
  ASSERT_TRUE(bool(P)) << toString(P.takeError());
  ASSERT_EQ(P->Functions.size(), 2u);
  EXPECT_EQ(P->Functions[0].Calls, UINT64_MAX); // never through a double
  EXPECT_EQ(P->TotalCalls, 1u);                 // wraps modulo 2^64
  EXPECT_EQ(P->Edges[0].Callee, "b");
  EXPECT_EQ(P->Clock, "icount");
}

TEST(ProfileTest, ReadsEachFunctionsLevelWhenRecorded) {
  std::string Json = payload();
  Json.replace(Json.find("\"max_cycles\":2}"), 15,
               "\"max_cycles\":2,\"level\":\"Oz\"}");
  Expected<Profile> P = readProfile(Json, "in");
  ASSERT_TRUE(bool(P)) << toString(P.takeError());
  EXPECT_FALSE(P->Functions[0].Level.has_value()); // an older runtime's
  EXPECT_EQ(P->Functions[1].Level, OptLevel::Oz);
  for (const char *Bad : {"\"O4\"", "\"-O2\"", "\"\"", "null"}) {
    std::string Damaged = payload();
    Damaged.replace(Damaged.find("\"max_cycles\":2}"), 15,
                    std::string("\"max_cycles\":2,\"level\":") + Bad + "}");
    EXPECT_NE(errorOf(Damaged).find("in: functions[1].level is "),
              std::string::npos)
        << Bad;
  }
}

TEST(ProfileTest, CrcCatchesAFlippedByte) {
  std::string Data = frame(payload());
  Data[Data.find("\"calls\":2") + 8] = '3';
  EXPECT_NE(errorOf(Data).find("CRC mismatch"), std::string::npos);
}

TEST(ProfileTest, ByteCountCatchesTruncation) {
  std::string Data = frame(payload());
  size_t Cut = Data.find("\"edges\"");
  Data.erase(Cut, 10);
  EXPECT_NE(errorOf(Data).find("bytes"), std::string::npos);
  EXPECT_NE(errorOf(frame(payload()).substr(0, 200)).find("truncated"),
            std::string::npos);
}

TEST(ProfileTest, NamesClashingFunctionsApart) {
  // What an older runtime wrote for two same-named static functions: one
  // name, two hashes. Their edge cannot say which one it meant.
  std::string S = payload();
  S.replace(S.find("\"name\":\"b\""), 10, "\"name\":\"a\"");
  Expected<Profile> P = readProfile(frame(S), "in");
  ASSERT_TRUE(bool(P)) << toString(P.takeError());
  ASSERT_EQ(P->Functions.size(), 2u);
  EXPECT_EQ(P->Functions[0].Name, "a@0000000000000001");
  EXPECT_EQ(P->Functions[1].Name, "a@0000000000000002");
  EXPECT_TRUE(P->Edges.empty());
}

TEST(ProfileTest, RejectsBadFields) {
  auto WithEdit = [](StringRef From, StringRef To) {
    std::string S = payload();
    S.replace(S.find(From), From.size(), To.str());
    return errorOf(frame(S));
  };
  EXPECT_NE(WithEdit("\"version\":1", "\"version\":3").find("version"),
            std::string::npos);
  EXPECT_NE(WithEdit("\"self_cycles\":4", "\"self_cycles\":-4")
                .find("functions[1].self_cycles is negative"),
            std::string::npos);
  EXPECT_NE(WithEdit("18446744073709551615", "18446744073709551616")
                .find("functions[0].calls is not an integer"),
            std::string::npos);
  // The same function twice (name and hash): damage. One name with two
  // hashes is named apart instead (NamesClashingFunctionsApart).
  EXPECT_NE(WithEdit("\"name\":\"b\",\"file\":\"a.c\",\"hash\":\"0000000000000002\"",
                     "\"name\":\"a\",\"file\":\"a.c\",\"hash\":\"0000000000000001\"")
                .find("duplicates"),
            std::string::npos);
  EXPECT_NE(WithEdit("\"callee\":\"b\"", "\"callee\":\"c\"")
                .find("edges[0] names 'c'"),
            std::string::npos);
  EXPECT_NE(WithEdit("\"functions\":2", "\"functions\":3")
                .find("totals.functions"),
            std::string::npos);
  EXPECT_NE(WithEdit("\"clock\":\"icount\"", "\"clock\":\"wall\"").find("clock"),
            std::string::npos);
}

TEST(ProfileTest, SeveralFramesNeedAnIndex) {
  std::string Two = frame(payload()) + frame(payload());
  EXPECT_NE(errorOf(Two).find("holds 2 profiles"), std::string::npos);
  EXPECT_TRUE(bool(readProfile(Two, "in", 1)));
}

TEST(ProfileTest, RefusesRepeatedKeysAndDeepNesting) {
  // llvm::json::parse would keep the second "calls" silently, and recurse
  // once per bracket until the stack overflows.
  std::string Repeated = payload();
  Repeated.insert(Repeated.find("\"self_cycles\":5"), "\"calls\":7,");
  EXPECT_NE(errorOf(Repeated).find(
                "in: payload repeats the key 'calls' in one object"),
            std::string::npos);
  EXPECT_EQ(errorOf("{" + std::string(10000000, '[')),
            "in: payload nests deeper than 64 levels (byte 64)");
}

} // namespace

namespace {

std::vector<std::string> Warnings;
void collect(const Twine &Message) { Warnings.push_back(Message.str()); }

TEST(ProfileTest, RecoversTheIntactFrameAfterACrash) {
  std::string Whole = frame(payload());
  std::string Cut = Whole.substr(0, Whole.size() / 2);
  std::string Log = Cut + "\nreboot\n" + Whole;
  Expected<std::vector<Frame>> Frames = findFrames(Log, "in");
  ASSERT_TRUE(bool(Frames)) << toString(Frames.takeError());
  ASSERT_EQ(Frames->size(), 2u);
  EXPECT_NE((*Frames)[0].Damage.find("truncated"), std::string::npos);
  EXPECT_TRUE((*Frames)[1].intact());

  Warnings.clear();
  Expected<PickedPayload> Picked = pickPayload(Log, "in", -1, collect);
  ASSERT_TRUE(bool(Picked)) << toString(Picked.takeError());
  EXPECT_EQ(Picked->Json, payload());
  EXPECT_EQ(Picked->Index, 1u);
  ASSERT_EQ(Warnings.size(), 1u);
  EXPECT_NE(Warnings[0].find("profile 0 of 2 is damaged, skipped"),
            std::string::npos);

  // The damaged frame asked for by its index, and strict reading (as
  // fluid-cc reads), are errors.
  Expected<PickedPayload> First = pickPayload(Log, "in", 0, collect);
  ASSERT_FALSE(bool(First));
  EXPECT_NE(toString(First.takeError()).find("profile 0 of 2 is damaged"),
            std::string::npos);
  EXPECT_NE(errorOf(Log).find("truncated"), std::string::npos);
}

TEST(ProfileTest, ReadsCrlfLogs) {
  std::string Lf = frame(payload());
  std::string Crlf;
  for (char C : Lf)
    Crlf += C == '\n' ? std::string("\r\n") : std::string(1, C);
  Expected<Profile> P = readProfile(Crlf, "in");
  ASSERT_TRUE(bool(P)) << toString(P.takeError());
  EXPECT_EQ(P->Functions.size(), 2u);
  Expected<PickedPayload> Picked = pickPayload(Crlf, "in");
  ASSERT_TRUE(bool(Picked));
  EXPECT_EQ(Picked->Json, payload()); // as the runtime wrote it

  // A payload that really holds a CR before an LF (another writer) still
  // verifies as written.
  std::string WithCr = payload();
  WithCr.insert(WithCr.find("\n"), "\r");
  Expected<PickedPayload> AsWritten = pickPayload(frame(WithCr), "in");
  ASSERT_TRUE(bool(AsWritten));
  EXPECT_EQ(AsWritten->Json, WithCr);
}

TEST(ProfileTest, BareJsonIsOneProfile) {
  EXPECT_TRUE(bool(pickPayload(payload(), "in", 0)));
  Expected<PickedPayload> Second = pickPayload(payload(), "in", 1);
  ASSERT_FALSE(bool(Second));
  EXPECT_NE(toString(Second.takeError()).find("bare profile"),
            std::string::npos);
}

TEST(ProfileTest, ManyDamagedFramesAreNamedUpToAScreenful) {
  std::string Whole = frame(payload());
  std::string Log;
  for (int I = 0; I < 25; ++I)
    Log += Whole.substr(0, Whole.size() / 2) + "\n";
  Log += Whole;
  Warnings.clear();
  Expected<PickedPayload> Picked = pickPayload(Log, "in", -1, collect);
  ASSERT_TRUE(bool(Picked)) << toString(Picked.takeError());
  EXPECT_EQ(Picked->Index, 25u);
  ASSERT_EQ(Warnings.size(), 21u);
  EXPECT_NE(Warnings[19].find("profile 19 of 26 is damaged"),
            std::string::npos);
  EXPECT_EQ(Warnings[20], "in: 5 more damaged profiles skipped");
}

} // namespace

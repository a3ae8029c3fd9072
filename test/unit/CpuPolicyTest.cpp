//===- CpuPolicyTest.cpp - the QEMU-safe CPU policy and its table ---------===//
#include "CpuModel.h"
#include "CpuPolicy.h"
#include "llvm/ADT/StringExtras.h"
#include "gtest/gtest.h"

using namespace fluid::cpu;

namespace {

PolicyRequest request(const char *Model, std::vector<std::string> Args) {
  PolicyRequest R;
  R.Model = Model;
  R.Args = std::move(Args);
  R.Host.Name = "skylake"; // fixed, so -march=native is reproducible here
  for (const char *F : {"sse", "sse2", "sse4.2", "avx", "avx2", "fma", "bmi2"})
    R.Host.Features[F] = true;
  return R;
}

TEST(CpuModelTable, FindsNamesAliasesAndVersions) {
  ASSERT_NE(findModel("qemu64"), nullptr);
  EXPECT_EQ(findModel("Haswell-noTSX-IBRS"), findModel("Haswell"));
  EXPECT_EQ(findModel("EPYC-v2"), findModel("EPYC"));
  EXPECT_EQ(findModel("haswell"), findModel("Haswell"));
  EXPECT_EQ(findModel("Haswel"), nullptr);
  EXPECT_EQ(closestModelNames("Haswel").front(), "Haswell");
}

TEST(CpuModelTable, NoModelRunsWhatTcgNeverRuns) {
  for (const CpuModel &M : allModels())
    for (const char *Never : {"avx512f", "sha", "gfni", "vpclmulqdq", "rdpid",
                              "xsavec", "xsaves", "rdseed", "prfchw"})
      EXPECT_FALSE(M.runs().contains(Never)) << M.Name.str() << " " << Never;
}

TEST(CpuPolicy, ClampsSkylakeOnQemu64) {
  auto R = applyCpuPolicy(request("qemu64", {"-O2", "-march=skylake", "x.c"}));
  ASSERT_TRUE(static_cast<bool>(R));
  EXPECT_EQ(llvm::join(R->CpuFlags, " "), "-march=x86-64 -mcx16 -msahf -msse3");
  EXPECT_EQ(R->AskedBy, std::vector<std::string>{"-march=skylake"});
  EXPECT_NE(llvm::find(R->Removed, "avx2"), R->Removed.end());
  EXPECT_EQ(R->Args.front(), "-O2");
  EXPECT_EQ(R->Args[1], "x.c");
}

TEST(CpuPolicy, KeepsWhatRunsAndAddsNoGather) {
  auto R = applyCpuPolicy(request("Haswell", {"-march=x86-64-v3"}));
  ASSERT_TRUE(static_cast<bool>(R));
  EXPECT_TRUE(R->Removed.empty());
  EXPECT_EQ(llvm::join(R->CpuFlags, " "), "-march=x86-64-v3 -mno-gather");
}

TEST(CpuPolicy, ErrorModeNamesFeatureAndModel) {
  auto Req = request("Haswell", {"-mavx512f"});
  Req.Mode = PolicyMode::Error;
  auto R = applyCpuPolicy(Req);
  ASSERT_FALSE(static_cast<bool>(R));
  std::string Message = llvm::toString(R.takeError());
  EXPECT_NE(Message.find("-mavx512f asks for avx512f"), std::string::npos);
  EXPECT_NE(Message.find("QEMU model Haswell"), std::string::npos);
}

TEST(CpuPolicy, NativeUsesHostFeatures) {
  auto R = applyCpuPolicy(request("Nehalem", {"-march=native"}));
  ASSERT_TRUE(static_cast<bool>(R));
  EXPECT_EQ(R->AskedBy, std::vector<std::string>{"-march=native"});
  EXPECT_NE(llvm::find(R->Removed, "avx"), R->Removed.end());
}

TEST(CpuPolicy, NoAvxStateRemovesVexVectors) {
  auto Req = request("Haswell", {"-march=haswell"});
  Req.GuestEnablesAvx = false;
  auto R = applyCpuPolicy(Req);
  ASSERT_TRUE(static_cast<bool>(R));
  EXPECT_NE(llvm::find(R->Removed, "avx"), R->Removed.end());
  EXPECT_EQ(llvm::find(R->Removed, "bmi2"), R->Removed.end());
}

TEST(CpuPolicy, UnknownModelAnd64BitOn32BitModel) {
  auto R = applyCpuPolicy(request("Skylake-Clint", {}));
  ASSERT_FALSE(static_cast<bool>(R));
  EXPECT_NE(llvm::toString(R.takeError()).find("closest first): Skylake-Client"),
            std::string::npos);
  auto R32 = applyCpuPolicy(request("qemu32", {"-O2"}));
  ASSERT_FALSE(static_cast<bool>(R32));
  EXPECT_NE(llvm::toString(R32.takeError()).find("no long mode"),
            std::string::npos);
}

TEST(CpuPolicy, OffChangesNothing) {
  auto Req = request("qemu64", {"-march=skylake"});
  Req.Mode = PolicyMode::Off;
  auto R = applyCpuPolicy(Req);
  ASSERT_TRUE(static_cast<bool>(R));
  EXPECT_EQ(R->Args, std::vector<std::string>{"-march=skylake"});
}

} // namespace

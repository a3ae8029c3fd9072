//===- AuditTest.cpp - fluid-audit's decoding and classification ----------===//
#include "Audit.h"
#include "gtest/gtest.h"

using namespace fluid::cpu;

TEST(Audit, FlagsLzcntOnQemu64WithTheBsrNote) {
  const uint8_t Code[] = {0xf3, 0x48, 0x0f, 0xbd, 0xc7, 0xc3}; // lzcnt rax, rdi; ret
  AuditReport Report;
  auditCode(Code, 0x1000, true, "f", findModel("qemu64"), Report);
  ASSERT_EQ(Report.Findings.size(), 1u);
  EXPECT_EQ(Report.Findings[0].Feature, "lzcnt");
  EXPECT_EQ(Report.Findings[0].Address, 0x1000u);
  EXPECT_NE(Report.Findings[0].Note.find("bsr"), std::string::npos);
  EXPECT_EQ(Report.Instructions, 2u);
}

TEST(Audit, SameBytesCleanOnHaswell) {
  const uint8_t Code[] = {0xf3, 0x48, 0x0f, 0xbd, 0xc7, 0xc3};
  AuditReport Report;
  auditCode(Code, 0, true, "f", findModel("Haswell"), Report);
  EXPECT_TRUE(Report.Findings.empty());
}

TEST(Audit, LahfIsOnlyAFeatureIn64BitMode) {
  const uint8_t Code[] = {0x9f}; // lahf
  AuditReport Report32, Report64;
  auditCode(Code, 0, false, "f", findModel("kvm64"), Report32);
  auditCode(Code, 0, true, "f", findModel("kvm64"), Report64);
  EXPECT_TRUE(Report32.Findings.empty());
  ASSERT_EQ(Report64.Findings.size(), 1u);
  EXPECT_EQ(Report64.Findings[0].Feature, "sahf");
}

TEST(Audit, HostModelRunsWhatTheHostHas) {
  // A simulated host: an x86-64 baseline CPU that reports AVX2 (and so
  // AVX, which it implies) but not LZCNT.
  HostCpu Host;
  Host.Name = "x86-64";
  Host.Features["avx2"] = true;
  Host.Features["lzcnt"] = false;
  std::string Storage;
  CpuModel Model = hostModel(Host, Storage);
  EXPECT_EQ(Model.Name, "host");
  EXPECT_EQ(Model.Quirks, 0u); // runs natively: no TCG bug applies
  llvm::StringSet<> Runs = Model.runs();
  EXPECT_TRUE(Runs.contains("sse2"));
  EXPECT_TRUE(Runs.contains("avx"));
  EXPECT_TRUE(Runs.contains("avx2"));
  EXPECT_FALSE(Runs.contains("lzcnt"));
  EXPECT_FALSE(Runs.contains("avx512f"));

  const uint8_t Code[] = {0xf3, 0x48, 0x0f, 0xbd, 0xc7, // lzcnt rax, rdi
                          0xc4, 0xe2, 0x6d, 0x90, 0x04, 0xa7, // vpgatherdd
                          0xc3};
  AuditReport Report;
  auditCode(Code, 0, true, "f", &Model, Report);
  ASSERT_EQ(Report.Findings.size(), 1u); // the gather is fine on a real CPU
  EXPECT_EQ(Report.Findings[0].Feature, "lzcnt");
}

TEST(Audit, HostModelOfAnUnknownCpuNameUsesTheReportedFeatures) {
  HostCpu Host;
  Host.Name = "not-a-cpu";
  Host.Features["sse2"] = true;
  std::string Storage;
  llvm::StringSet<> Runs = hostModel(Host, Storage).runs();
  EXPECT_TRUE(Runs.contains("sse2"));
  EXPECT_TRUE(Runs.contains("sse")); // implied
  EXPECT_FALSE(Runs.contains("avx"));
}

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

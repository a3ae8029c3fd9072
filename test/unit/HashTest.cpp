//===- HashTest.cpp - The structural hash ignores what -O and -g change ---===//
//
// A profile taken at -O0 must apply to the same source rebuilt at -O2, and a
// changed body must not match: the hash is the guard for both.
//
//===----------------------------------------------------------------------===//

#include "HashPass.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/SourceMgr.h"

#include "gtest/gtest.h"

using namespace llvm;

namespace {

class HashTest : public ::testing::Test {
protected:
  uint64_t hashOf(StringRef IR, StringRef Name = "f") {
    SMDiagnostic Err;
    Modules.push_back(parseAssemblyString(IR, Err, Ctx));
    EXPECT_TRUE(Modules.back()) << Err.getMessage().str();
    return fluid::functionHash(*Modules.back()->getFunction(Name));
  }
  LLVMContext Ctx;
  std::vector<std::unique_ptr<Module>> Modules;
};

const char Plain[] = R"(
define i32 @f(i32 %x) {
  %a = alloca i32
  store i32 %x, ptr %a
  %v = load i32, ptr %a
  %r = add i32 %v, 1
  ret i32 %r
}
)";

// What clang adds when optimizing: lifetime markers, TBAA, attributes.
const char WithLifetimes[] = R"(
define i32 @f(i32 noundef %x) #0 {
  %a = alloca i32
  call void @llvm.lifetime.start.p0(i64 4, ptr %a)
  store i32 %x, ptr %a, !tbaa !0
  %v = load i32, ptr %a, !tbaa !0
  call void @llvm.lifetime.end.p0(i64 4, ptr %a)
  %r = add i32 %v, 1
  ret i32 %r
}
declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)
attributes #0 = { nounwind "frame-pointer"="all" }
!0 = !{!1, !1, i64 0}
!1 = !{!"int", !2}
!2 = !{!"tbaa root"}
)";

const char Changed[] = R"(
define i32 @f(i32 %x) {
  %a = alloca i32
  store i32 %x, ptr %a
  %v = load i32, ptr %a
  %r = sub i32 %v, 1
  ret i32 %r
}
)";

TEST_F(HashTest, IgnoresLifetimeMarkersMetadataAndAttributes) {
  EXPECT_EQ(hashOf(Plain), hashOf(WithLifetimes));
}

TEST_F(HashTest, ChangesWhenTheBodyChanges) {
  EXPECT_NE(hashOf(Plain), hashOf(Changed));
}

TEST_F(HashTest, ReadsTheStampedValue) {
  const char Stamped[] = R"(
define void @f() #0 {
  ret void
}
attributes #0 = { "fluid-hash"="00000000deadbeef" }
)";
  EXPECT_EQ(hashOf(Stamped), 0xdeadbeefu);
}

TEST_F(HashTest, IsStableAcrossRuns) {
  EXPECT_EQ(hashOf(Plain), hashOf(Plain));
  EXPECT_NE(hashOf(Plain), 0u);
}

} // namespace

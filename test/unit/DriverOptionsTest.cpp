//===- DriverOptionsTest.cpp - fluid-cc's option tables are sorted --------===//
//
// Lookup binary-searches the tables, so an entry out of order would silently
// become unknown: the tables must stay sorted and free of duplicates.
//
//===----------------------------------------------------------------------===//

#include "Options.h"

#include "gtest/gtest.h"

using namespace fluid::driver;
using llvm::StringRef;

namespace {

template <typename OptionT> void expectSorted(llvm::ArrayRef<OptionT> Table) {
  for (size_t I = 1; I < Table.size(); ++I)
    EXPECT_LT(StringRef(Table[I - 1].Spelling), StringRef(Table[I].Spelling))
        << "out of order or duplicate: " << Table[I].Spelling;
}

TEST(DriverOptionsTest, ClangTableIsSorted) { expectSorted(clangOptions()); }

TEST(DriverOptionsTest, FluidTableIsSorted) { expectSorted(fluidOptions()); }

TEST(DriverOptionsTest, ExactBeforePrefix) {
  Match<ClangOption> M = findClangOption("-include-pch");
  ASSERT_TRUE(M.Opt);
  EXPECT_STREQ(M.Opt->Spelling, "-include-pch");
  EXPECT_TRUE(M.IsExact);
}

TEST(DriverOptionsTest, JoinedValue) {
  Match<ClangOption> M = findClangOption("-MFdeps.d");
  ASSERT_TRUE(M.Opt);
  EXPECT_STREQ(M.Opt->Spelling, "-MF");
  EXPECT_FALSE(M.IsExact);
  EXPECT_EQ(M.JoinedValue, "deps.d");
  M = findClangOption("--target=i686-elf");
  ASSERT_TRUE(M.Opt);
  EXPECT_EQ(M.Opt->ID, ClangOptionID::Target);
  EXPECT_EQ(M.JoinedValue, "i686-elf");
}

TEST(DriverOptionsTest, FlagsAreNotPrefixes) {
  // -MD must not be taken for -M (which would mean "preprocess only").
  EXPECT_FALSE(findClangOption("-MD").Opt);
  EXPECT_FALSE(findClangOption("-cc1").Opt);
  EXPECT_FALSE(findClangOption("-verify").Opt);
}

TEST(DriverOptionsTest, FluidOptions) {
  EXPECT_EQ(findFluidOption("--fluid-instrument").Opt->ID,
            FluidOptionID::Instrument);
  Match<FluidOption> M = findFluidOption("--fluid-instrument=pre-inline");
  ASSERT_TRUE(M.Opt);
  EXPECT_EQ(M.Opt->ID, FluidOptionID::InstrumentAt);
  EXPECT_EQ(M.JoinedValue, "pre-inline");
  EXPECT_FALSE(findFluidOption("--fluid-verbose=1").Opt);
  // --fluid-cpu-policy= must not be read as --fluid-cpu= with a value.
  Match<FluidOption> Cpu = findFluidOption("--fluid-cpu=qemu64");
  ASSERT_TRUE(Cpu.Opt);
  EXPECT_EQ(Cpu.Opt->ID, FluidOptionID::Cpu);
  EXPECT_EQ(Cpu.JoinedValue, "qemu64");
  Match<FluidOption> Policy = findFluidOption("--fluid-cpu-policy=error");
  ASSERT_TRUE(Policy.Opt);
  EXPECT_EQ(Policy.Opt->ID, FluidOptionID::CpuPolicy);
  EXPECT_EQ(Policy.JoinedValue, "error");
  Match<FluidOption> Profile = findFluidOption("--fluid-profile=plan.json");
  ASSERT_TRUE(Profile.Opt);
  EXPECT_EQ(Profile.Opt->ID, FluidOptionID::Profile);
  EXPECT_EQ(Profile.JoinedValue, "plan.json");
  EXPECT_FALSE(findFluidOption("--fluid-profiles=plan.json").Opt);
}

TEST(DriverOptionsTest, NearestSuggestion) {
  EXPECT_EQ(nearestFluidOption("--fluid-instrumnt"), "--fluid-instrument");
  EXPECT_EQ(nearestFluidOption("--fluid-runtim=hosted"), "--fluid-runtime=");
}

} // namespace

//===- DriverArgProcessingTest.cpp - fluid-cc's plans per mode ------------===//
//
// processArgs is pure, so each mode's injected flags can be checked exactly:
// nothing without --fluid-*, the plugin only where code is generated, the
// runtime only where an executable or shared object is linked, the right
// archive per architecture, and named errors.
//
//===----------------------------------------------------------------------===//

#include "ArgProcessing.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Error.h"

#include "gtest/gtest.h"
#include <algorithm>

using namespace fluid::driver;

namespace {

Environment testEnv(std::string Name = "fluid-cc") {
  Environment Env;
  Env.ProgramName = Name;
  Env.LibDir = "/p/lib/fluid";
  Env.DefaultClang = "/llvm/bin/clang";
  Env.DefaultClangXX = "/llvm/bin/clang++";
  return Env;
}

Invocation plan(std::vector<std::string> Args, Environment Env = testEnv()) {
  llvm::Expected<Invocation> P = processArgs(Args, Env);
  if (!P) {
    ADD_FAILURE() << llvm::toString(P.takeError());
    return Invocation();
  }
  return std::move(*P);
}

std::string error(std::vector<std::string> Args, Environment Env = testEnv()) {
  llvm::Expected<Invocation> P = processArgs(Args, Env);
  if (P)
    return "(no error)";
  return llvm::toString(P.takeError());
}

bool has(const Invocation &P, const std::string &Arg) {
  return llvm::is_contained(P.Args, Arg);
}

const char Plugin[] = "-fpass-plugin=/p/lib/fluid/FluidPasses.so";

TEST(DriverArgProcessingTest, PassThroughWithoutFluidFlags) {
  std::vector<std::string> Args = {"-O2", "-c", "a.c", "-o", "a.o", "-MD"};
  Invocation P = plan(Args);
  std::vector<std::string> Want = {"/llvm/bin/clang"};
  Want.insert(Want.end(), Args.begin(), Args.end());
  EXPECT_EQ(P.Args, Want);
  EXPECT_EQ(P.TheMode, Mode::Compile);
  EXPECT_TRUE(P.RequiredFiles.empty());
}

TEST(DriverArgProcessingTest, Modes) {
  EXPECT_EQ(plan({"-E", "a.c"}).TheMode, Mode::Preprocess);
  EXPECT_EQ(plan({"-MM", "a.c"}).TheMode, Mode::Preprocess);
  EXPECT_EQ(plan({"-MD", "-c", "a.c"}).TheMode, Mode::Compile);
  EXPECT_EQ(plan({"-fsyntax-only", "-c", "a.c"}).TheMode, Mode::SyntaxOnly);
  EXPECT_EQ(plan({"-S", "-c", "a.c"}).TheMode, Mode::Assemble);
  EXPECT_EQ(plan({"a.o", "-o", "a"}).TheMode, Mode::Link);
  EXPECT_EQ(plan({"--version"}).TheMode, Mode::Info);
  EXPECT_EQ(plan({"-print-resource-dir"}).TheMode, Mode::Info);
  EXPECT_EQ(plan({"-v"}).TheMode, Mode::Info);
  // "-o a.c" names the output, not an input.
  EXPECT_EQ(plan({"-o", "a.c"}).TheMode, Mode::Info);
}

TEST(DriverArgProcessingTest, CompileGetsPluginNotRuntime) {
  Invocation P = plan({"--fluid-instrument", "-c", "a.c"});
  EXPECT_TRUE(has(P, Plugin));
  EXPECT_TRUE(has(P, "-fluid-placement=post-inline"));
  EXPECT_FALSE(has(P, "-lfluid_rt_hosted"));
  ASSERT_EQ(P.RequiredFiles.size(), 1u);
  EXPECT_EQ(P.RequiredFiles[0].What, "pass plugin");
}

TEST(DriverArgProcessingTest, PreprocessGetsOnlyTheHeaderDirectory) {
  for (const char *Flag : {"-E", "-M", "-fsyntax-only"}) {
    Invocation P = plan({"--fluid-instrument", Flag, "a.c"});
    EXPECT_EQ(P.Args, (std::vector<std::string>{"/llvm/bin/clang", "-idirafter",
                                                "/p/lib/fluid/include", Flag,
                                                "a.c"}));
  }
}

TEST(DriverArgProcessingTest, LinkOfObjectsGetsRuntimeOnly) {
  Invocation P = plan({"--fluid-instrument", "a.o", "b.o", "-o", "prog"});
  EXPECT_FALSE(has(P, Plugin));
  EXPECT_EQ(P.Args.back(), "-Wl,-rpath,/p/lib/fluid");
  EXPECT_TRUE(has(P, "-lfluid_rt_hosted"));
}

TEST(DriverArgProcessingTest, SharedLinksHostedRelocatableNothing) {
  EXPECT_TRUE(has(plan({"--fluid-instrument", "-shared", "a.o"}),
                  "-lfluid_rt_hosted"));
  Invocation R = plan({"--fluid-instrument", "-r", "a.o", "-o", "b.o"});
  EXPECT_FALSE(has(R, "-lfluid_rt_hosted"));
  EXPECT_TRUE(R.RequiredFiles.empty());
}

TEST(DriverArgProcessingTest, FreestandingArchives) {
  Invocation P = plan({"--fluid-instrument", "-nostdlib", "a.c"});
  EXPECT_EQ(P.Args.back(), "/p/lib/fluid/libfluid_rt_x86_64.a");
  P = plan({"--fluid-instrument", "-ffreestanding", "-m32", "a.c"});
  EXPECT_EQ(P.Args.back(), "/p/lib/fluid/libfluid_rt_i386.a");
  P = plan({"--fluid-instrument", "--target=i686-elf", "a.c"});
  EXPECT_EQ(P.Args.back(), "/p/lib/fluid/libfluid_rt_i386.a");
  P = plan({"--fluid-instrument", "-target", "x86_64-unknown-none", "a.c"});
  EXPECT_EQ(P.Args.back(), "/p/lib/fluid/libfluid_rt_x86_64.a");
  P = plan({"--fluid-instrument", "-m32", "-m64", "-nostdlib", "a.c"});
  EXPECT_EQ(P.Args.back(), "/p/lib/fluid/libfluid_rt_x86_64.a");
  P = plan({"--fluid-instrument", "--fluid-runtime=freestanding", "a.c"});
  EXPECT_EQ(P.Args.back(), "/p/lib/fluid/libfluid_rt_x86_64.a");
  P = plan({"--fluid-instrument", "--fluid-runtime=none", "a.c"});
  EXPECT_TRUE(has(P, Plugin));
  EXPECT_EQ(P.Args.back(), "a.c");
}

TEST(DriverArgProcessingTest, XNoneBeforeInjectedInput) {
  Invocation P = plan({"--fluid-instrument", "-nostdlib", "-x", "c", "a"});
  ASSERT_GE(P.Args.size(), 3u);
  EXPECT_EQ(P.Args[P.Args.size() - 3], "-x");
  EXPECT_EQ(P.Args[P.Args.size() - 2], "none");
  // Without -x, no -x none (clang would warn it has no effect).
  EXPECT_FALSE(has(plan({"--fluid-instrument", "-nostdlib", "a.c"}), "none"));
}

TEST(DriverArgProcessingTest, CxxByNameOrLanguage) {
  EXPECT_EQ(plan({"-c", "a.cpp"}, testEnv("fluid-c++")).Program,
            "/llvm/bin/clang++");
  EXPECT_EQ(plan({"-x", "c++", "-c", "a"}).Program, "/llvm/bin/clang++");
  EXPECT_EQ(plan({"-c", "a.cpp"}).Program, "/llvm/bin/clang");
  Environment Env = testEnv("fluid-c++");
  Env.ClangOverride = "/other/clang";
  Invocation P = plan({"-c", "a.cpp"}, Env);
  EXPECT_EQ(P.Args[0], "/other/clang");
  EXPECT_EQ(P.Args[1], "--driver-mode=g++");
}

TEST(DriverArgProcessingTest, SeparateValuesAreNotInputs) {
  // -Xclang's value and -MF's file are not sources: no plugin for a link of
  // objects even though "x.c" appears.
  Invocation P = plan({"--fluid-instrument", "-MF", "x.c", "a.o"});
  EXPECT_FALSE(has(P, Plugin));
}

TEST(DriverArgProcessingTest, Errors) {
  EXPECT_EQ(error({"--fluid-instrumnt", "-c", "a.c"}),
            "unknown argument '--fluid-instrumnt'; did you mean "
            "'--fluid-instrument'?");
  EXPECT_EQ(error({"--fluid-instrument=bogus"}),
            "invalid value 'bogus' in '--fluid-instrument=bogus' (expected "
            "post-inline or pre-inline)");
  EXPECT_EQ(error({"--fluid-runtime=static"}),
            "invalid value 'static' in '--fluid-runtime=static' (expected "
            "hosted, freestanding or none)");
  EXPECT_EQ(error({"--fluid-instrument", "-m32", "a.c"}),
            "--fluid-instrument: the hosted runtime is x86_64 only, not i386 "
            "(use --fluid-runtime=freestanding or none)");
  EXPECT_EQ(error({"--fluid-instrument", "-static", "a.c"}),
            "--fluid-instrument: -static cannot link the hosted runtime, a "
            "shared library (use --fluid-runtime=freestanding or none)");
  // -static-pie is no prefix match of -static: it needs its own entry.
  EXPECT_EQ(error({"--fluid-instrument", "-static-pie", "a.c"}),
            "--fluid-instrument: -static-pie cannot link the hosted runtime, "
            "a shared library (use --fluid-runtime=freestanding or none)");
  EXPECT_EQ(error({"--fluid-instrument", "--target=aarch64-linux-gnu", "a.c"}),
            "--fluid-instrument: no Fluid runtime for target "
            "'aarch64-linux-gnu' (use "
            "--fluid-runtime=none)");
}

// The user's own -finstrument-function* hooks: Fluid's marks go to the front
// end directly, and the pass keeps what the user's last spelling needs.
TEST(DriverArgProcessingTest, UserHooksKeepTheirMarks) {
  auto KeepFlag = [](std::vector<std::string> Args) {
    Invocation P = plan(Args);
    for (size_t I = 0; I + 1 < P.Args.size(); ++I)
      if (P.Args[I] == "-mllvm" &&
          llvm::StringRef(P.Args[I + 1]).starts_with("-fluid-keep-markers"))
        return P.Args[I + 1];
    return std::string("(none)");
  };
  EXPECT_EQ(KeepFlag({"--fluid-instrument", "-c", "a.c"}), "(none)");
  EXPECT_EQ(KeepFlag({"--fluid-instrument", "-finstrument-functions", "-c",
                      "a.c"}),
            "(none)");
  EXPECT_EQ(KeepFlag({"--fluid-instrument",
                      "-finstrument-functions-after-inlining", "-c", "a.c"}),
            "-fluid-keep-markers=all");
  EXPECT_EQ(KeepFlag({"--fluid-instrument", "-finstrument-function-entry-bare",
                      "-c", "a.c"}),
            "-fluid-keep-markers=entry");
  // Clang keeps the last of the three.
  EXPECT_EQ(KeepFlag({"--fluid-instrument", "-finstrument-function-entry-bare",
                      "-finstrument-functions", "-c", "a.c"}),
            "(none)");
  Invocation P = plan({"--fluid-instrument", "-c", "a.c"});
  auto Marks = std::find(P.Args.begin(), P.Args.end(),
                         "-finstrument-functions-after-inlining");
  ASSERT_NE(Marks, P.Args.end());
  EXPECT_EQ(*(Marks - 1), "-Xclang");
}

// --fluid-time-all, --fluid-untimed-size, --fluid-count-update and
// --fluid-untimed reach the pass as its -mllvm options (the list is a
// required file); bad values, and the option's old name, are refused in one
// line.
TEST(DriverArgProcessingTest, UntimedOptionsReachThePass) {
  auto Llvm = [](std::vector<std::string> Args) {
    Invocation P = plan(Args);
    std::string Options;
    for (size_t I = 0; I + 1 < P.Args.size(); ++I)
      if (P.Args[I] == "-mllvm" &&
          (llvm::StringRef(P.Args[I + 1]).starts_with("-fluid-untimed-") ||
           llvm::StringRef(P.Args[I + 1]).starts_with("-fluid-count-")))
        Options += P.Args[I + 1] + " ";
    return Options;
  };
  EXPECT_EQ(Llvm({"--fluid-instrument", "-c", "a.c"}), "");
  EXPECT_EQ(Llvm({"--fluid-instrument", "--fluid-time-all", "-c", "a.c"}),
            "-fluid-untimed-size=0 ");
  EXPECT_EQ(Llvm({"--fluid-instrument", "--fluid-untimed-size=20",
                  "--fluid-count-update=single", "-c", "a.c"}),
            "-fluid-untimed-size=20 -fluid-count-update=single ");
  EXPECT_EQ(Llvm({"--fluid-instrument=pre-inline", "--fluid-untimed=l.txt",
                  "-c", "a.c"}),
            "-fluid-untimed-list=l.txt ");
  Invocation Listed =
      plan({"--fluid-instrument", "--fluid-untimed=l.txt", "-c", "a.c"});
  EXPECT_TRUE(llvm::any_of(Listed.RequiredFiles, [](const RequiredFile &F) {
    return F.Path == "l.txt" && F.Flag == "--fluid-untimed";
  }));
  EXPECT_EQ(error({"--fluid-untimed="}),
            "'--fluid-untimed=' needs a file: a list from 'fluid-prof "
            "untimed'");
  EXPECT_EQ(error({"--fluid-count-only=l.txt"}),
            "'--fluid-count-only' is now '--fluid-untimed'");
  EXPECT_EQ(error({"--fluid-untimed-size=many"}),
            "invalid value 'many' in '--fluid-untimed-size=many' (expected a "
            "number of IR instructions; 0 times every function)");
  EXPECT_EQ(error({"--fluid-count-update=relaxed"}),
            "invalid value 'relaxed' in '--fluid-count-update=relaxed' "
            "(expected atomic or single)");
}

TEST(DriverArgProcessingTest, ProfileIsTakenOutAndRecorded) {
  Invocation P = plan({"--fluid-profile=plan.json",
                       "--fluid-instrument=pre-inline", "-O2", "-c", "a.c"});
  EXPECT_EQ(P.ProfileFile, "plan.json");
  EXPECT_TRUE(P.Instrument);
  EXPECT_TRUE(P.InstrumentPreInline);
  EXPECT_EQ(P.TheMode, Mode::Compile);
  for (const std::string &Arg : P.Args)
    EXPECT_EQ(llvm::StringRef(Arg).find("--fluid-profile"), llvm::StringRef::npos)
        << Arg;
  Invocation Post =
      plan({"--fluid-profile=p", "--fluid-instrument", "-c", "a.c"});
  EXPECT_FALSE(Post.InstrumentPreInline);
  Invocation None = plan({"-c", "a.c"});
  EXPECT_TRUE(None.ProfileFile.empty());
  EXPECT_NE(error({"--fluid-profile=", "-c", "a.c"}).find("needs a file"),
            std::string::npos);
}

TEST(DriverArgProcessingTest, HelpVersionVerbose) {
  EXPECT_TRUE(plan({"--help"}).PrintHelp);
  EXPECT_TRUE(plan({"--version"}).PrintVersion);
  EXPECT_TRUE(has(plan({"--version"}), "--version"));
  EXPECT_TRUE(plan({"-v", "-c", "a.c"}).Verbose);
  EXPECT_FALSE(has(plan({"--fluid-verbose", "-c", "a.c"}), "-v"));
  EXPECT_NE(helpText("fluid-cc").find("--fluid-instrument"), std::string::npos);
}

} // namespace

namespace {

/// P's readings as one line per argument: "kind spelling=value", for the
/// readings test.
std::vector<std::string> readings(const Invocation &P) {
  std::vector<std::string> Lines;
  for (size_t I = 0; I < P.Args.size() && I < P.Readings.size(); ++I) {
    const ArgReading &R = P.Readings[I];
    static const char *Kinds[] = {"program", "input", "option", "value"};
    std::string Line = std::string(Kinds[R.TheKind]) + " " + P.Args[I];
    if (R.TheKind == ArgReading::Input)
      Line += " lang=" + R.Value + (R.Compiled ? " compiled" : "");
    else if (!R.Spelling.empty())
      Line += " " + R.Spelling + "=" + R.Value;
    Lines.push_back(Line);
  }
  return Lines;
}

} // namespace

// Every argument of the command is read once, here: inputs with the -x in
// effect, options with their table spelling and value (joined or the next
// argument), injected flags as flags, the runtime archive as an input after
// -x none. driver/levels sorts the command by these without parsing it.
TEST(DriverArgProcessingTest, ReadingsOnePerArgument) {
  Invocation P = plan({"--fluid-instrument", "-O2", "-x", "c", "a.in", "-xnone",
                 "b.o", "-oprog", "-MF", "d.d", "-ffreestanding"});
  ASSERT_EQ(P.Readings.size(), P.Args.size());
  std::vector<std::string> Got = readings(P);
  EXPECT_EQ(Got.front(), "program /llvm/bin/clang");
  auto User = llvm::find(P.Args, "-O2") - P.Args.begin();
  for (size_t I = 1; I < size_t(User); ++I) // the instrumentation flags
    EXPECT_EQ(Got[I], "option " + P.Args[I]);
  std::vector<std::string> Want = {
      "option -O2",
      "option -x -x=c",
      "value c -x=c",
      "input a.in lang=c compiled",
      "option -xnone -x=none",
      "input b.o lang=",
      "option -oprog -o=prog",
      "option -MF -MF=d.d",
      "value d.d -MF=d.d",
      "option -ffreestanding -ffreestanding=",
      "option -x -x=none",
      "value none -x=none",
      "input /p/lib/fluid/libfluid_rt_x86_64.a lang="};
  EXPECT_EQ(std::vector<std::string>(Got.begin() + User, Got.end()), Want);
}

//===- ProfileCompile.cpp - fluid-cc --fluid-profile's compiles ----------===//
//
// See ProfileCompile.h: the pipeline that runs the stages in order, each
// stage a unit of its own taking the compile's StageContext and the
// source's SourceJob (StageContext.h). The user's arguments are sorted once
// into what every step keeps (ArgLayout.h); each step then appends its own.
//
//===----------------------------------------------------------------------===//

#include "ProfileCompile.h"
#include "BackEnd.h"
#include "FrontEnds.h"
#include "LevelPlanFile.h"
#include "LevelReport.h"
#include "OutputFiles.h"
#include "PartJoin.h"
#include "PartNames.h"
#include "Preprocess.h"
#include "SplitModule.h"
#include "StageContext.h"

#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"

#include <optional>

using namespace llvm;
using namespace fluid::driver;

namespace fluid {
namespace levels {
namespace {

class Compiler {
public:
  Compiler(const driver::Invocation &P, const CompileSettings &S)
      : Commands(S), L(sortArgs(P)), C{P, S, L, Commands} {}

  int run();

private:
  int fail(const Twine &Message) {
    C.error(Message);
    return 1;
  }
  std::optional<int> refuse();
  int compileSources(ArrayRef<const Input *> Sources, const TempDir &Temp,
                     std::vector<std::string> &LinkArgs);
  int compileSource(SourceJob &J);
  std::optional<SplitResult> split(SourceJob &J, const LevelChoice &Choice);
  int link(ArrayRef<const Input *> Sources, ArrayRef<std::string> LinkArgs);

  CommandRunner Commands;
  const Layout L;
  const StageContext C;
  fluid::Plan LevelPlan;
  JoinTools Tools;
};

/// Split: the front ends the other levels need, then the split of their
/// bitcode into one part per level.
std::optional<SplitResult> Compiler::split(SourceJob &J,
                                           const LevelChoice &Choice) {
  std::optional<std::map<FrontEnd, MemoryBufferRef>> FrontEndOutputs =
      runFrontEnds(C, J, Choice.Levels);
  if (!FrontEndOutputs)
    return std::nullopt;
  SplitOptions Options;
  Options.KeepIdentity = C.P.Instrument;
  Options.NoOffers = C.P.InstrumentPreInline;
  Options.UniqueCopyNames = C.P.TheMode == Mode::Assemble;
  Expected<SplitResult> Split = splitModule(
      *FrontEndOutputs, Choice, L.Level, partTag(J.Source), Options, J.Ctx);
  if (!Split) {
    fail(J.Source + ": cannot split by level (internal error; compile "
         "without --fluid-profile and report it): " +
         toString(Split.takeError()));
    return std::nullopt;
  }
  return std::move(*Split);
}

/// One source through the stages: front end and level choice, split, back
/// end, join, then the output and its dependency file.
int Compiler::compileSource(SourceJob &J) {
  std::optional<LevelChoice> Choice;
  if (std::unique_ptr<Module> Base = runBaseFrontEnd(C, J))
    Choice = chooseLevels(*Base, LevelPlan, L.Level);
  if (!Choice)
    return 1;
  reportChoice(C, *Choice, J.Source);
  std::optional<SplitResult> Split = split(J, *Choice);
  if (!Split)
    return 1;
  std::optional<std::vector<PartFile>> Objects =
      compileParts(C, J, Split->Parts);
  if (!Objects)
    return 1;
  std::optional<std::string> Final =
      joinParts(C, Tools, J, *Objects, Split->Promoted);
  if (!Final)
    return 1;
  if (Error E = placeOutput(*Final, J.Out))
    return fail(toString(std::move(E)));
  if (L.WantsDeps && !J.DepFile.empty())
    if (Error E = addPlanToDepFile(J.DepFile, C.P.ProfileFile))
      return fail(toString(std::move(E)));
  return 0;
}

int Compiler::run() {
  Expected<fluid::Plan> Read = readLevelPlan(C);
  if (!Read)
    return fail(toString(Read.takeError()));
  LevelPlan = std::move(*Read);
  // Modes without code generation ignore the plan (it was still checked),
  // except that preprocessed output names it in a line marker, as it names
  // headers: a compiler cache that hashes what -E read (ccache does, in
  // both its modes) then misses when the plan changes.
  Mode TheMode = C.P.TheMode;
  if (TheMode == Mode::Preprocess && preprocessCarriesPlan(C))
    return preprocessWithPlan(C, LevelPlan);
  if (TheMode != Mode::Compile && TheMode != Mode::Link &&
      TheMode != Mode::Assemble)
    return -1;
  if (std::optional<int> Refused = refuse())
    return *Refused;
  std::vector<const Input *> Sources;
  for (const Input &In : L.Inputs)
    if (In.Compiled)
      Sources.push_back(&In);
  if (Sources.empty())
    return -1; // nothing to compile: a link of objects
  if (TheMode == Mode::Compile && L.Output && Sources.size() > 1)
    return fail("cannot specify -o when generating multiple output files");
  std::optional<JoinTools> Found = findJoinTools(C);
  if (!Found)
    return 1;
  Tools = std::move(*Found);
  TempDir Temp;
  if (Error E = Temp.create())
    return fail(toString(std::move(E)));
  std::vector<std::string> LinkArgs = L.All;
  if (int Status = compileSources(Sources, Temp, LinkArgs))
    return Status;
  if (TheMode != Mode::Link)
    return 0;
  return link(Sources, LinkArgs);
}

/// What this route cannot honour: one error line, else std::nullopt.
std::optional<int> Compiler::refuse() {
  if (C.P.TheMode == Mode::Assemble && L.DebugInfo)
    return fail("--fluid-profile -S cannot keep debug information (-g): the "
                "parts' line tables cannot share one assembly file; compile "
                "with -c (-g works there), or drop -g");
  if (!L.Refused.empty())
    return fail("--fluid-profile cannot be combined with '" + L.Refused[0] +
                "': " +
                (StringRef(L.Refused[0]).starts_with("-flto")
                     ? "per-function levels need machine code per level; "
                       "build without -flto (the levels replace the "
                       "whole-program optimization)"
                     : "the levels are compiled as separate parts and "
                       "relinked into one object"));
  return std::nullopt;
}

/// Each source compiled to its object (a temporary one before a link),
/// which takes the source's place in \p LinkArgs. Returns the exit status.
int Compiler::compileSources(ArrayRef<const Input *> Sources,
                             const TempDir &Temp,
                             std::vector<std::string> &LinkArgs) {
  unsigned Index = 0;
  for (const Input *In : Sources) {
    std::string Out = outputFileOf(C.P, L, *In, Temp, Index);
    SourceJob J(*In, Out, depFileOf(C.P, L, *In), Temp, Index++);
    int Status = compileSource(J);
    if (Status != 0) {
      // Never leave an old object looking current (clang removes its
      // output on failure too); devices such as /dev/null stay.
      sys::fs::file_status Old;
      if (C.P.TheMode == Mode::Compile && Out != "-" &&
          !sys::fs::status(Out, Old) && sys::fs::is_regular_file(Old))
        sys::fs::remove(Out);
      return Status;
    }
    LinkArgs[In->Position] = Out;
  }
  return 0;
}

/// The link, as asked, with the objects in the sources' places (after
/// -x none, so a user's -x c does not apply to them).
int Compiler::link(ArrayRef<const Input *> Sources,
                   ArrayRef<std::string> LinkArgs) {
  std::vector<std::string> Link = {C.S.ClangPath};
  for (size_t I = 0; I < LinkArgs.size(); ++I) {
    const Input *Source = nullptr;
    for (const Input *In : Sources)
      if (In->Position == I)
        Source = In;
    if (Source && !Source->Language.empty())
      Link.insert(Link.end(), {"-x", "none"});
    Link.push_back(LinkArgs[I]);
    if (Source && !Source->Language.empty())
      Link.insert(Link.end(), {"-x", Source->Language});
  }
  // The compile flags were used by the compiles above, as in a plain
  // compile-and-link; clang must not call them unused here.
  Link.push_back("-Wno-unused-command-line-argument");
  return Commands.run(Link) ? 0 : 1;
}

} // namespace

int runProfileCompile(const driver::Invocation &P, const CompileSettings &S) {
  Compiler C(P, S);
  return C.run();
}

} // namespace levels
} // namespace fluid

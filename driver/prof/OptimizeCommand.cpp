//===- OptimizeCommand.cpp - fluid-prof optimize: the measured policy ----===//
//
//   fluid-prof optimize (--max-text=BYTES|LEVEL | --max-cycles=N|LEVEL)
//                       --binary=LEVEL=FILE... [--untimed-level=LEVEL]
//                       [--mixed-profile=PROFILE...] [--costs=FILE]
//                       [-o PLAN] [LEVEL=]PROFILE...
//
// A sibling of `plan`, not one of its policies: its inputs are profiles of
// several builds, each of one level (its tag, or the level its functions
// record), and the binaries beside them,
// where `plan` sums untagged profiles of one build; none of plan's
// thresholds apply, and none of these options apply to plan. The plan it
// writes is an ordinary plan with policy "measured". docs/measured-levels.md
// describes the tables, the units and the optimizer.
//
//===----------------------------------------------------------------------===//

#include "ProfileCommands.h"

#include "CodeSizes.h"
#include "CommandSupport.h"
#include "CostTable.h"
#include "MeasuredPlan.h"
#include "MixedCorrection.h"
#include "Plan.h"
#include "Profile.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <optional>
#include <set>

using namespace llvm;

namespace fluid {

namespace {

cl::OptionCategory OptimizeCategory("fluid-prof optimize options");

cl::SubCommand OptimizeCmd(
    "optimize", "Choose each function's level from profiles and binaries "
                "of uniform builds at several levels (policy \"measured\")");

cl::list<std::string> Inputs(cl::Positional, cl::OneOrMore,
                             cl::desc("<[LEVEL=]profile>..."),
                             cl::sub(OptimizeCmd));
cl::list<std::string>
    Binaries("binary",
             cl::desc("LEVEL=FILE: the uniform, uninstrumented build at "
                      "LEVEL, whose symbol sizes are the functions' bytes "
                      "(one per level profiled)"),
             cl::value_desc("level=file"), cl::sub(OptimizeCmd),
             cl::cat(OptimizeCategory));
cl::opt<std::string>
    MaxText("max-text",
            cl::desc("Fastest code whose .text is at most BYTES, or the "
                     ".text of the uniform build at LEVEL"),
            cl::value_desc("bytes|level"), cl::sub(OptimizeCmd),
            cl::cat(OptimizeCategory));
cl::opt<std::string>
    MaxCycles("max-cycles",
              cl::desc("Smallest code whose profiled cycles are at most N, "
                       "or those of the uniform build at LEVEL"),
              cl::value_desc("cycles|level"), cl::sub(OptimizeCmd),
              cl::cat(OptimizeCategory));
cl::opt<std::string> UntimedLevel(
    "untimed-level",
    cl::desc("The level the build's command line gives code no profile "
             "times; its bytes at that level are a fixed cost (default Oz)"),
    cl::init("Oz"), cl::sub(OptimizeCmd), cl::cat(OptimizeCategory));
cl::list<std::string> MixedProfiles(
    "mixed-profile",
    cl::desc("A profile of the mixed build an earlier plan made, "
             "instrumented with its levels (fluid-cc --fluid-profile=PLAN "
             "--fluid-instrument=post-inline): each unit whose functions ran "
             "there at one measured level gets the cycles measured there at "
             "that level (repeat for runs of that one build)"),
    cl::value_desc("profile"), cl::sub(OptimizeCmd), cl::cat(OptimizeCategory));
cl::opt<std::string> CostsOutput(
    "costs", cl::desc("Also write the cost table (JSON) to this file"),
    cl::value_desc("file"), cl::sub(OptimizeCmd), cl::cat(OptimizeCategory));
cl::opt<std::string> PlanOutput("o",
                                cl::desc("Output plan (default: stdout)"),
                                cl::value_desc("file"), cl::init("-"),
                                cl::sub(OptimizeCmd),
                                cl::cat(OptimizeCategory));

Error commandError(const Twine &Message) {
  return createStringError(inconvertibleErrorCode(), Message);
}

/// "O2=run.profile" -> (O2, "run.profile"); "run.profile" -> (none,
/// "run.profile"): a profile that says its level itself.
std::pair<std::optional<OptLevel>, std::string> splitInput(StringRef Arg) {
  auto [Tag, Path] = Arg.split('=');
  if (std::optional<OptLevel> Level = parseLevel(Tag); Level && !Path.empty())
    return {Level, Path.str()};
  return {std::nullopt, Arg.str()};
}

/// "O2, O3": the levels a profile's functions record.
std::string levelList(const std::set<OptLevel> &Levels) {
  std::string List;
  for (OptLevel L : Levels)
    List += (List.empty() ? "" : ", ") + levelName(L).str();
  return List;
}

/// The uniform level whose build Path profiled: its tag, which every level
/// its functions record must equal, or, untagged, the one level they
/// record. A profile recording several is a mixed build's.
Expected<OptLevel> uniformLevel(const Profile &P, StringRef Path,
                                std::optional<OptLevel> Tag) {
  std::set<OptLevel> Recorded;
  for (const FunctionProfile &F : P.Functions)
    if (F.Level)
      Recorded.insert(*F.Level);
  if (Recorded.size() > 1)
    return commandError(formatv(
        "{0}: its functions record several levels ({1}): a profile of a "
        "mixed build, not of a uniform one{2}; a mixed build's profile "
        "corrects the table with --mixed-profile={0}",
        Path, levelList(Recorded),
        Tag ? (" at " + levelName(*Tag)).str() : std::string()));
  if (Recorded.empty()) {
    if (Tag)
      return *Tag; // an older runtime's profile: the tag says it
    return commandError(formatv("{0}: records no levels (an older runtime's "
                                "profile): give its build's level, "
                                "LEVEL={0}",
                                Path));
  }
  OptLevel Level = *Recorded.begin();
  if (Tag && *Tag != Level) {
    const FunctionProfile &F = *find_if(P.Functions, [](const auto &F) {
      return F.Level.has_value();
    });
    return commandError(formatv("{0}: given as {1}'s profile ({1}={0}), but "
                                "function {2} records level {3}",
                                Path, levelName(*Tag), F.Name,
                                levelName(Level)));
  }
  return Level;
}

/// "--binary=O2=run.elf" -> (O2, "run.elf"); Option names the flag in
/// errors.
Expected<std::pair<OptLevel, std::string>> splitTagged(StringRef Arg,
                                                       StringRef Option) {
  auto [Tag, Path] = Arg.split('=');
  std::optional<OptLevel> Level = parseLevel(Tag);
  if (!Level || Path.empty())
    return commandError(formatv("{0}{1}: not LEVEL=FILE (LEVEL: O0, O1, O2, "
                                "O3, Os, Oz)",
                                Option, Arg));
  return std::make_pair(*Level, Path.str());
}

/// Every level's profiles and binary, read and checked.
Expected<std::vector<LevelMeasurement>> readMeasurements() {
  std::map<OptLevel, LevelMeasurement> ByLevel;
  for (const std::string &Arg : Inputs) {
    auto [Tag, Path] = splitInput(Arg);
    // Figures that do not add up would be costed as measured: refused.
    Expected<Profile> P = readCheckedProfile(Path, "optimize");
    if (!P)
      return P.takeError();
    Expected<OptLevel> Level = uniformLevel(*P, Path, Tag);
    if (!Level)
      return Level.takeError();
    LevelMeasurement &M = ByLevel[*Level];
    M.Level = *Level;
    M.Profiles.push_back(std::move(*P));
    M.ProfilePaths.push_back(Path);
  }
  std::map<OptLevel, bool> HasBinary;
  for (const std::string &Arg : Binaries) {
    auto Tagged = splitTagged(Arg, "--binary=");
    if (!Tagged)
      return Tagged.takeError();
    auto It = ByLevel.find(Tagged->first);
    if (It == ByLevel.end())
      return commandError(formatv("--binary={0}: no {1} profile given "
                                  "(LEVEL=PROFILE)",
                                  Arg, levelName(Tagged->first)));
    if (HasBinary[Tagged->first])
      return commandError(formatv("--binary={0}: a second {1} binary: one "
                                  "build per level",
                                  Arg, levelName(Tagged->first)));
    HasBinary[Tagged->first] = true;
    Expected<CodeSizes> Sizes = readCodeSizesFile(Tagged->second);
    if (!Sizes)
      return Sizes.takeError();
    It->second.Sizes = std::move(*Sizes);
  }
  std::vector<LevelMeasurement> Ms;
  for (auto &[Level, M] : ByLevel) {
    if (!HasBinary[Level])
      return commandError(formatv("level {0} has profiles but no binary "
                                  "(--binary={0}=FILE)",
                                  levelName(Level)));
    Ms.push_back(std::move(M));
  }
  return Ms;
}

/// Reads the --mixed-profile runs and corrects the table with them.
Error correctWithMixedProfiles(CostTable &Table) {
  std::vector<Profile> Profiles;
  for (const std::string &Path : MixedProfiles) {
    Expected<Profile> P = readCheckedProfile(Path, "optimize");
    if (!P)
      return P.takeError();
    Profiles.push_back(std::move(*P));
  }
  return correctWithMixedBuild(Table, Profiles, MixedProfiles);
}

Expected<MeasuredOptions> measuredOptions() {
  if (MaxText.getNumOccurrences() == MaxCycles.getNumOccurrences())
    return commandError("give one goal: --max-text=BYTES|LEVEL (fastest "
                        "under a .text budget) or --max-cycles=N|LEVEL "
                        "(smallest under a cycles budget)");
  MeasuredOptions Options;
  bool Text = MaxText.getNumOccurrences();
  Options.Goal = Text ? MeasuredGoal::FastestUnderText
                      : MeasuredGoal::SmallestUnderCycles;
  Options.Budget = Text ? MaxText : MaxCycles;
  std::optional<OptLevel> Untimed = parseLevel(UntimedLevel);
  if (!Untimed)
    return commandError("--untimed-level=" + UntimedLevel +
                        ": not a level (O0, O1, O2, O3, Os, Oz)");
  Options.UntimedLevel = *Untimed;
  return Options;
}

Error writeOutputs(const CostTable &Table, const MeasuredResult &R) {
  // Through a temporary file and a rename: a failed run leaves no file.
  if (!CostsOutput.empty())
    if (Error E = writeToOutput(CostsOutput, [&](raw_ostream &OS) {
          writeCostTable(Table, OS);
          return Error::success();
        }))
      return commandError(CostsOutput + ": cannot write: " +
                          toString(std::move(E)));
  if (Error E = writeToOutput(PlanOutput, [&](raw_ostream &OS) {
        writePlan(R.P, OS);
        return Error::success();
      }))
    return commandError(PlanOutput + ": cannot write: " +
                        toString(std::move(E)));
  return Error::success();
}

/// "plan.json: 52 functions in 40 units: 3 O2, ...; predicted ..."
void printSummary(const CostTable &Table, const MeasuredResult &R,
                  const MeasuredOptions &Options) {
  std::map<OptLevel, unsigned> Count;
  for (const PlanFunction &F : R.P.Functions)
    ++Count[F.Level];
  errs() << "fluid-prof: "
         << (PlanOutput == "-" ? StringRef("<stdout>") : StringRef(PlanOutput))
         << ": " << R.P.Functions.size() << " functions in "
         << Table.Units.size() << " units:";
  const char *Separator = " ";
  for (auto [Level, N] : Count) {
    errs() << Separator << N << " " << levelName(Level);
    Separator = ", ";
  }
  bool Text = Options.Goal == MeasuredGoal::FastestUnderText;
  errs() << "; predicted " << withThousands(R.PredictedCycles) << " cycles, "
         << withThousands(R.PredictedText) << " B of .text (" 
         << withThousands(R.FixedBytes) << " B untimed at "
         << levelName(Options.UntimedLevel) << "); budget "
         << (Text ? "--max-text=" : "--max-cycles=") << Options.Budget << ": "
         << withThousands(R.Budget) << (Text ? " B" : " cycles") << "\n";
  if (const std::optional<MixedSummary> &M = Table.Mixed)
    errs() << "fluid-prof: mixed build (" << M->Profiles << " profile"
           << (M->Profiles == 1 ? "" : "s") << ", "
           << withThousands(M->SelfCycles) << " cycles): " << M->UnitsCorrected
           << " of " << Table.Units.size() << " units corrected, "
           << M->UnitsSplit << " split across levels, " << M->UnitsAbsent
           << " absent, " << M->UnitsUnmeasured << " at a level not measured; "
           << M->NewFunctions
           << (M->NewFunctions == 1 ? " function" : " functions")
           << " only there, " << M->NewJoined
           << " counted in their callers' unit, "
           << withThousands(M->UnattributedCycles) << " cycles unattributed\n";
}

} // namespace

cl::OptionCategory &optimizeCategory() { return OptimizeCategory; }

bool optimizeSelected() { return bool(OptimizeCmd); }

int runOptimize() {
  Expected<MeasuredOptions> Options = measuredOptions();
  if (!Options)
    return reportError(toString(Options.takeError()));
  Expected<std::vector<LevelMeasurement>> Ms = readMeasurements();
  if (!Ms)
    return reportError(toString(Ms.takeError()));
  Expected<CostTable> Table = buildCostTable(std::move(*Ms));
  if (!Table)
    return reportError(toString(Table.takeError()));
  if (Error E = correctWithMixedProfiles(*Table))
    return reportError(toString(std::move(E)));
  Expected<MeasuredResult> R = planMeasured(*Table, *Options);
  if (!R)
    return reportError(toString(R.takeError()));
  if (Error E = writeOutputs(*Table, *R))
    return reportError(toString(std::move(E)));
  printSummary(*Table, *R, *Options);
  return 0;
}

} // namespace fluid

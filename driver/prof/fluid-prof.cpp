//===- fluid-prof.cpp - Read, check and show Fluid profiles and plans ----===//
//
//   fluid-prof extract [-o OUT] [--index=N] LOG   the verified JSON payload
//   fluid-prof validate [--index=N] FILE...       check, one line per file
//   fluid-prof show [--plan] [--top=N] [--sort=KEY] [--index=N] FILE
//                                                 tables of a profile or plan
//   fluid-prof plan [POLICY OPTIONS] [-o OUT] PROFILE...
//                                                 per-function levels
//   fluid-prof untimed [-o OUT] PROFILE...       the functions to leave
//                                                 untimed, next build
//   fluid-prof optimize --max-text=B|--max-cycles=N --binary=LEVEL=FILE...
//                       [--mixed-profile=PROFILE...] [-o OUT]
//                       [LEVEL=]PROFILE...         levels from measured
//                                                 costs (OptimizeCommand.cpp)
//   fluid-prof merge [--weight=N:FILE]... [--files-from=LIST] -o OUT FILE...
//                                                 profiles of one build summed
//   fluid-prof diff [--format=table|csv] A B      two profiles compared
//   fluid-prof export --format=csv|dot|collapsed|speedscope [-o OUT] FILE
//                                                 for other tools (these three:
//                                                 *Command.cpp, docs/fluid-prof.md)
//
// FILE is a bare profile or any log holding a framed one (a QEMU serial log,
// a hosted program's FLUID_PROFILE_FILE), or a plan where the subcommand
// says so. Every subcommand verifies the input first; a damaged one is a
// one-line error, exit status 1, and no output file. A log holding an
// intact profile beside damaged ones (a run that crashed, then a reboot)
// gives the intact one, with a one-line warning per damaged one.
//
//===----------------------------------------------------------------------===//

#include "Accounting.h"
#include "CommandSupport.h"
#include "Plan.h"
#include "Profile.h"
#include "ProfileCommands.h"
#include "Tables.h"
#include "Untimed.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace fluid;

static cl::OptionCategory ProfCategory("fluid-prof options");

static cl::SubCommand ExtractCmd("extract",
                                 "Write the verified JSON payload of the "
                                 "profile framed in LOG");
static cl::SubCommand ValidateCmd("validate",
                                  "Check profiles (frame, CRC, schema, "
                                  "figures adding up) and plans");
static cl::SubCommand ShowCmd("show", "Print a profile or a plan as tables");
static cl::SubCommand PlanCmd("plan", "Choose each function's optimization "
                                      "level from profiles");
static cl::SubCommand UntimedCmd(
    "untimed", "List the functions whose time the profiles could not "
               "trust, for fluid-cc --fluid-untimed");

static cl::opt<std::string> ExtractInput(cl::Positional, cl::Required,
                                         cl::desc("<log>"),
                                         cl::sub(ExtractCmd));
static cl::opt<std::string> Output("o",
                                   cl::desc("Output file (default: stdout)"),
                                   cl::value_desc("file"), cl::init("-"),
                                   cl::sub(ExtractCmd), cl::sub(PlanCmd),
                                   cl::sub(UntimedCmd),
                                   cl::cat(ProfCategory));
static cl::opt<int>
    Index("index",
          cl::desc("Which profile, when the input holds several "
                   "(0 = first; damaged ones counted)"),
          cl::init(-1), cl::sub(ExtractCmd), cl::sub(ValidateCmd),
          cl::sub(ShowCmd), cl::cat(ProfCategory));
static cl::list<std::string> ValidateInputs(cl::Positional, cl::OneOrMore,
                                            cl::desc("<file>..."),
                                            cl::sub(ValidateCmd));
static cl::opt<std::string> ShowInput(cl::Positional, cl::Required,
                                      cl::desc("<file>"), cl::sub(ShowCmd));
static cl::opt<bool> ShowAsPlan(
    "plan",
    cl::desc("Show the plan fluid-cc follows: a plan file as it is, a "
             "profile under the default policy (plans are shown as plans "
             "anyway)"),
    cl::sub(ShowCmd), cl::cat(ProfCategory));
static cl::opt<unsigned> Top("top", cl::desc("Rows per table (default 20)"),
                             cl::init(20), cl::sub(ShowCmd),
                             cl::cat(ProfCategory));
static cl::opt<SortKey>
    Sort("sort", cl::desc("Order a profile's functions by"),
         cl::init(SortKey::Self),
         cl::values(clEnumValN(SortKey::Self, "self", "self cycles (default)"),
                    clEnumValN(SortKey::Total, "total", "inclusive cycles"),
                    clEnumValN(SortKey::Calls, "calls", "call count")),
         cl::sub(ShowCmd), cl::cat(ProfCategory));

// fluid-prof plan: inputs, then the policy and its thresholds. Defaults come
// from PolicyOptions, so fluid-cc's default policy and this one agree.
static cl::list<std::string> PlanInputs(cl::Positional, cl::OneOrMore,
                                        cl::desc("<profile>..."),
                                        cl::sub(PlanCmd));
static cl::list<std::string> UntimedInputs(cl::Positional, cl::OneOrMore,
                                           cl::desc("<profile>..."),
                                           cl::sub(UntimedCmd));
static cl::opt<bool> AcceptInconsistent(
    "accept-inconsistent-profiles",
    cl::desc("Use profiles whose figures do not add up (inclusive below "
             "self, an edge above its caller's inclusive, totals that differ "
             "from the sum, a saturated counter the events do not count), "
             "which are refused otherwise; fluid-prof validate names the "
             "first broken figure"),
    cl::sub(PlanCmd), cl::sub(UntimedCmd), cl::cat(ProfCategory));
static const PolicyOptions Defaults;
static cl::opt<PolicyKind> Policy(
    "policy", cl::desc("How levels are chosen"), cl::init(Defaults.Kind),
    cl::values(clEnumValN(PolicyKind::Shares, "shares",
                          "by shares of all self cycles (default)"),
               clEnumValN(PolicyKind::BareFlow, "bareflow",
                          "by calls and inclusive cycles: O3, O2, O1, O0")),
    cl::sub(PlanCmd), cl::cat(ProfCategory));
static cl::opt<double> HotShare(
    "hot-share",
    cl::desc("shares: the top functions covering this share of self cycles "
             "are hot (default 0.9)"),
    cl::init(Defaults.HotShare), cl::sub(PlanCmd), cl::cat(ProfCategory));
static cl::opt<double> ColdShare(
    "cold-share",
    cl::desc("shares: executed functions beyond the top ones covering this "
             "share are cold (default 0.99)"),
    cl::init(Defaults.ColdShare), cl::sub(PlanCmd), cl::cat(ProfCategory));
static cl::opt<std::string>
    HotLevel("hot-level",
             cl::desc("shares: level of hot functions (default O3)"),
             cl::init(levelName(Defaults.HotLevel).str()), cl::sub(PlanCmd),
             cl::cat(ProfCategory));
static cl::opt<std::string>
    BaseLevel("base-level",
              cl::desc("shares: level of the other executed "
                       "functions (default O2)"),
              cl::init(levelName(Defaults.BaseLevel).str()), cl::sub(PlanCmd),
              cl::cat(ProfCategory));
static cl::opt<std::string>
    ColdLevel("cold-level",
              cl::desc("shares: level of cold functions (default Os)"),
              cl::init(levelName(Defaults.ColdLevel).str()), cl::sub(PlanCmd),
              cl::cat(ProfCategory));
static cl::opt<std::string>
    NeverLevel("never-level",
               cl::desc("shares: level of functions that never ran (default "
                        "Oz)"),
               cl::init(levelName(Defaults.NeverLevel).str()), cl::sub(PlanCmd),
               cl::cat(ProfCategory));
static cl::opt<uint64_t> HotCalls(
    "hot-calls", cl::desc("bareflow: O3 from this many calls (default 1000)"),
    cl::init(Defaults.HotCalls), cl::sub(PlanCmd), cl::cat(ProfCategory));
static cl::opt<uint64_t>
    HotCycles("hot-cycles",
              cl::desc("bareflow: O3 from this many inclusive cycles "
                       "(default 1000000)"),
              cl::init(Defaults.HotCycles), cl::sub(PlanCmd),
              cl::cat(ProfCategory));
static cl::opt<uint64_t> WarmCalls(
    "warm-calls", cl::desc("bareflow: O2 from this many calls (default 100)"),
    cl::init(Defaults.WarmCalls), cl::sub(PlanCmd), cl::cat(ProfCategory));
static cl::opt<uint64_t>
    WarmCycles("warm-cycles",
               cl::desc("bareflow: O2 from this many inclusive cycles "
                        "(default 100000)"),
               cl::init(Defaults.WarmCycles), cl::sub(PlanCmd),
               cl::cat(ProfCategory));

static int extract() {
  auto Buffer = readInputFile(ExtractInput);
  if (!Buffer)
    return reportError(toString(Buffer.takeError()));
  Expected<PickedPayload> Picked =
      pickPayload((*Buffer)->getBuffer(), ExtractInput, Index, reportWarning);
  if (!Picked)
    return reportError(toString(Picked.takeError()));
  if (Expected<Profile> P =
          parseProfile(Picked->Json, ExtractInput, Picked->Version);
      !P)
    return reportError(toString(P.takeError()));
  // writeToOutput goes through a temporary file and a rename: a failed run
  // never leaves a partial profile behind.
  if (Error E = writeToOutput(Output, [&](raw_ostream &OS) {
        OS << Picked->Json;
        return Error::success();
      }))
    return reportError(Output + ": cannot write: " + toString(std::move(E)));
  return 0;
}

static int validate() {
  int Status = 0;
  for (const std::string &Path : ValidateInputs) {
    auto Buffer = readInputFile(Path);
    if (!Buffer) {
      Status = reportError(toString(Buffer.takeError()));
      continue;
    }
    StringRef Data = (*Buffer)->getBuffer();
    if (isPlanDocument(Data)) {
      Expected<Plan> P = parsePlan(Data, Path);
      if (!P) {
        Status = reportError(toString(P.takeError()));
        continue;
      }
      outs() << Path << ": ok: plan, policy " << P->Policy << ", from "
             << P->Sources.size() << " profile(s), " << functionCount(*P)
             << "\n";
      continue;
    }
    Expected<PickedPayload> Picked = pickPayload(Data, Path, Index, reportWarning);
    if (!Picked) {
      Status = reportError(toString(Picked.takeError()));
      continue;
    }
    Expected<Profile> P = parseProfile(Picked->Json, Path, Picked->Version);
    if (!P) {
      Status = reportError(toString(P.takeError()));
      continue;
    }
    if (Error E = checkAccounting(*P, Path)) {
      Status = reportError(toString(std::move(E)));
      continue;
    }
    outs() << Path << ": ok: ";
    if (Picked->FrameCount > 1)
      outs() << "profile " << Picked->Index << " of " << Picked->FrameCount
             << ", ";
    outs() << P->Functions.size() << " functions, "
           << P->Edges.size() << " edges, " << P->TotalCalls << " calls, "
           << "clock " << P->Clock << ", target " << P->Target << "\n";
  }
  return Status;
}

static int show() {
  auto Buffer = readInputFile(ShowInput);
  if (!Buffer)
    return reportError(toString(Buffer.takeError()));
  StringRef Data = (*Buffer)->getBuffer();
  if (isPlanDocument(Data)) {
    Expected<Plan> P = parsePlan(Data, ShowInput);
    if (!P)
      return reportError(toString(P.takeError()));
    showPlan(*P, Top, outs());
    return 0;
  }
  Expected<Profile> Prof = readProfile(Data, ShowInput, Index, reportWarning);
  if (!Prof)
    return reportError(toString(Prof.takeError()));
  // Shown anyway: the tables are where one looks for what went wrong.
  if (Error E = checkAccounting(*Prof, ShowInput))
    reportWarning(toString(std::move(E)));
  if (!ShowAsPlan) {
    showProfile(*Prof, Sort, Top, outs());
    return 0;
  }
  Expected<Plan> P = makePlan(*Prof, ShowInput.getValue(), PolicyOptions());
  if (!P)
    return reportError(toString(P.takeError()));
  showPlan(*P, Top, outs());
  return 0;
}

/// The policy options as given, each checked: a one-line error names the
/// first bad one.
static Expected<PolicyOptions> policyOptions() {
  PolicyOptions Options;
  Options.Kind = Policy;
  cl::Option *SharesOnly[] = {&HotShare,  &ColdShare, &HotLevel,
                              &BaseLevel, &ColdLevel, &NeverLevel};
  cl::Option *BareFlowOnly[] = {&HotCalls, &HotCycles, &WarmCalls, &WarmCycles};
  for (cl::Option *O : Policy == PolicyKind::Shares ? ArrayRef(BareFlowOnly)
                                                    : ArrayRef(SharesOnly))
    if (O->getNumOccurrences())
      return createStringError(
          inconvertibleErrorCode(), "--%s applies to --policy=%s only",
          O->ArgStr.str().c_str(),
          Policy == PolicyKind::Shares ? "bareflow" : "shares");
  std::pair<cl::opt<std::string> *, OptLevel *> Levels[] = {
      {&HotLevel, &Options.HotLevel},
      {&BaseLevel, &Options.BaseLevel},
      {&ColdLevel, &Options.ColdLevel},
      {&NeverLevel, &Options.NeverLevel}};
  for (auto [Opt, Level] : Levels) {
    std::optional<OptLevel> Parsed = parseLevel(*Opt);
    if (!Parsed)
      return createStringError(inconvertibleErrorCode(),
                               "--%s=%s: not a level (O0, O1, O2, O3, Os, Oz)",
                               Opt->ArgStr.str().c_str(), Opt->c_str());
    *Level = *Parsed;
  }
  Options.HotShare = HotShare;
  Options.ColdShare = ColdShare;
  Options.HotCalls = HotCalls;
  Options.HotCycles = HotCycles;
  Options.WarmCalls = WarmCalls;
  Options.WarmCycles = WarmCycles;
  if (Error E = checkPolicyOptions(Options))
    return std::move(E);
  return Options;
}

/// The profiles a subcommand reads (not plans).
static Expected<std::vector<Profile>>
readProfiles(ArrayRef<std::string> Paths, StringRef Subcommand) {
  std::vector<Profile> Profiles;
  for (const std::string &Path : Paths) {
    auto Buffer = readInputFile(Path);
    if (!Buffer)
      return Buffer.takeError();
    StringRef Data = (*Buffer)->getBuffer();
    if (isPlanDocument(Data))
      return createStringError(inconvertibleErrorCode(),
                               "%s: is a plan; fluid-prof %s reads profiles",
                               Path.c_str(), Subcommand.str().c_str());
    Expected<Profile> P = readProfile(Data, Path, -1, reportWarning);
    if (!P)
      return P.takeError();
    // A wrapped or inconsistent figure would rank its function first (or
    // last): no plan from it unless asked for by name.
    if (Error E = checkAccounting(*P, Path)) {
      if (!AcceptInconsistent)
        return createStringError(inconvertibleErrorCode(),
                                 "%s; refused (--accept-inconsistent-profiles "
                                 "uses it anyway)",
                                 toString(std::move(E)).c_str());
      reportWarning(toString(std::move(E)) + "; used anyway "
           "(--accept-inconsistent-profiles)");
    }
    Profiles.push_back(std::move(*P));
  }
  return Profiles;
}

static int plan() {
  Expected<PolicyOptions> Options = policyOptions();
  if (!Options)
    return reportError(toString(Options.takeError()));
  std::vector<std::string> Paths(PlanInputs.begin(), PlanInputs.end());
  Expected<std::vector<Profile>> Profiles = readProfiles(Paths, "plan");
  if (!Profiles)
    return reportError(toString(Profiles.takeError()));
  Expected<Plan> P = makePlan(*Profiles, Paths, *Options);
  if (!P)
    return reportError(toString(P.takeError()));
  // Through a temporary file and a rename, as extract: no partial plan.
  if (Error E = writeToOutput(Output, [&](raw_ostream &OS) {
        writePlan(*P, OS);
        return Error::success();
      }))
    return reportError(Output + ": cannot write: " + toString(std::move(E)));
  errs() << "fluid-prof: "
         << (Output == "-" ? StringRef("<stdout>") : StringRef(Output)) << ": "
         << functionCount(*P) << "\n";
  return 0;
}

static int untimed() {
  std::vector<std::string> Paths(UntimedInputs.begin(), UntimedInputs.end());
  Expected<std::vector<Profile>> Profiles = readProfiles(Paths, "untimed");
  if (!Profiles)
    return reportError(toString(Profiles.takeError()));
  Expected<std::vector<PlanFunction>> Listed =
      untimedFunctions(*Profiles, Paths);
  if (!Listed)
    return reportError(toString(Listed.takeError()));
  if (Error E = writeToOutput(Output, [&](raw_ostream &OS) {
        writeUntimedList(*Listed, OS);
        return Error::success();
      }))
    return reportError(Output + ": cannot write: " + toString(std::move(E)));
  errs() << "fluid-prof: "
         << (Output == "-" ? StringRef("<stdout>") : StringRef(Output)) << ": "
         << Listed->size() << " function(s) to leave untimed\n";
  return 0;
}

#ifndef FLUID_VERSION
#define FLUID_VERSION "unknown"
#endif

/// Fluid's version first (fluid-cc's words), then the LLVM it is built on.
static void printVersion(raw_ostream &OS) {
  OS << "fluid-prof (Fluid) " << FLUID_VERSION << "\n";
  OS.flush();
  cl::PrintVersionMessage();
}

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  // The subcommand's name before the term was "untimed": refused by name.
  if (argc > 1 && StringRef(argv[1]) == "count-only")
    return reportError("'count-only' is now 'fluid-prof untimed'");
  cl::HideUnrelatedOptions(
      {&ProfCategory, &optimizeCategory(), &profileCommandsCategory()});
  cl::SetVersionPrinter(printVersion);
  cl::ParseCommandLineOptions(
      argc, argv,
      "fluid-prof: read, check and show Fluid profiles; make plans\n\n"
      "  fluid-prof extract [-o OUT] [--index=N] LOG\n"
      "  fluid-prof validate [--index=N] FILE...\n"
      "  fluid-prof show [--plan] [--top=N] [--sort=self|total|calls] "
      "[--index=N] FILE\n"
      "  fluid-prof plan [--policy=shares|bareflow] [thresholds] "
      "[--accept-inconsistent-profiles] [-o OUT] PROFILE...\n"
      "  fluid-prof untimed [--accept-inconsistent-profiles] [-o OUT] "
      "PROFILE...\n"
      "  fluid-prof optimize (--max-text=BYTES|LEVEL | --max-cycles=N|LEVEL) "
      "--binary=LEVEL=FILE... [--untimed-level=LEVEL] "
      "[--mixed-profile=PROFILE...] [--costs=FILE] [-o OUT] "
      "[LEVEL=]PROFILE...\n"
      "  fluid-prof merge [--weight=N:FILE]... [--files-from=LIST] -o OUT "
      "[FILE]...\n"
      "  fluid-prof diff [--format=table|csv] A B\n"
      "  fluid-prof export --format=csv|dot|collapsed|speedscope "
      "[--what=functions|edges|contexts] [-o OUT] FILE\n\n"
      "FILE may be a bare profile, any log holding a framed one, or a plan.\n"
      "A log may hold several profiles (one per run) and damaged ones (a run\n"
      "cut short by a crash, bytes lost on a serial line). --index=N picks\n"
      "the Nth frame of the log, from 0, damaged ones counted; without it\n"
      "the log must hold one intact profile. Each damaged profile passed\n"
      "over is a warning naming it and why, and the intact one is read: the\n"
      "exit status is 1 only when the profile picked is damaged or none is\n"
      "intact. CRLF line ends (serial consoles) are read as LF.\n\n"
      "validate also checks that a profile's figures add up (inclusive >=\n"
      "self, a caller's inclusive >= each of its edges, self cycles summing\n"
      "to the totals, no saturated counter the events do not count); plan\n"
      "and untimed refuse a profile that fails, unless given\n"
      "--accept-inconsistent-profiles.\n");
  if (ExtractCmd)
    return extract();
  if (ValidateCmd)
    return validate();
  if (ShowCmd)
    return show();
  if (PlanCmd)
    return plan();
  if (UntimedCmd)
    return untimed();
  if (optimizeSelected())
    return runOptimize();
  if (mergeSelected())
    return runMerge();
  if (diffSelected())
    return runDiff();
  if (exportSelected())
    return runExport();
  return reportError("no subcommand; run 'fluid-prof --help'");
}

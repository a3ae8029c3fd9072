//===- fluid-prof.cpp - Read, check and show Fluid profiles and plans ----===//
//
//   fluid-prof extract [-o OUT] [--index=N] LOG   the verified JSON payload
//   fluid-prof validate FILE...                   check, one line per file
//   fluid-prof show [--plan] [--top=N] [--sort=KEY] FILE
//                                                 tables of a profile or plan
//   fluid-prof plan [POLICY OPTIONS] [-o OUT] PROFILE...
//                                                 per-function levels
//
// FILE is a bare profile or any log holding a framed one (a QEMU serial log,
// a hosted program's FLUID_PROFILE_FILE), or a plan where the subcommand
// says so. Every subcommand verifies the input first; a damaged one is a
// one-line error, exit status 1, and no output file.
//
//===----------------------------------------------------------------------===//

#include "Plan.h"
#include "Profile.h"
#include "Tables.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace fluid;

static cl::OptionCategory ProfCategory("fluid-prof options");

static cl::SubCommand ExtractCmd("extract",
                                 "Write the verified JSON payload of the "
                                 "profile framed in LOG");
static cl::SubCommand ValidateCmd("validate", "Check profiles (frame, CRC, "
                                              "schema, totals) and plans");
static cl::SubCommand ShowCmd("show", "Print a profile or a plan as tables");
static cl::SubCommand PlanCmd("plan", "Choose each function's optimization "
                                      "level from profiles");

static cl::opt<std::string> ExtractInput(cl::Positional, cl::Required,
                                         cl::desc("<log>"),
                                         cl::sub(ExtractCmd));
static cl::opt<std::string> Output("o",
                                   cl::desc("Output file (default: stdout)"),
                                   cl::value_desc("file"), cl::init("-"),
                                   cl::sub(ExtractCmd), cl::sub(PlanCmd),
                                   cl::cat(ProfCategory));
static cl::opt<int>
    Index("index",
          cl::desc("Which profile, when the input holds several "
                   "(0 = first)"),
          cl::init(-1), cl::sub(ExtractCmd), cl::sub(ShowCmd),
          cl::cat(ProfCategory));
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

static int error(const Twine &Message) {
  WithColor::error(errs(), "fluid-prof") << Message << "\n";
  return 1;
}

static int extract() {
  auto Buffer = readInputFile(ExtractInput);
  if (!Buffer)
    return error(toString(Buffer.takeError()));
  StringRef Data = (*Buffer)->getBuffer();
  Expected<std::vector<Frame>> Frames = findFrames(Data, ExtractInput);
  if (!Frames)
    return error(toString(Frames.takeError()));
  if (Index < 0 && Frames->size() > 1)
    return error(ExtractInput + ": holds " + Twine(Frames->size()) +
                 " profiles; pick one with --index=N");
  size_t Pick = Index < 0 ? 0 : Index;
  if (Pick >= Frames->size())
    return error(ExtractInput + ": --index=" + Twine(Pick) + ", but it holds " +
                 Twine(Frames->size()) + " profile(s)");
  StringRef Payload = (*Frames)[Pick].Payload;
  if (Expected<Profile> P = parseProfile(Payload, ExtractInput); !P)
    return error(toString(P.takeError()));
  // writeToOutput goes through a temporary file and a rename: a failed run
  // never leaves a partial profile behind.
  if (Error E = writeToOutput(Output, [&](raw_ostream &OS) {
        OS << Payload;
        return Error::success();
      }))
    return error(Output + ": cannot write: " + toString(std::move(E)));
  return 0;
}

static int validate() {
  int Status = 0;
  for (const std::string &Path : ValidateInputs) {
    auto Buffer = readInputFile(Path);
    if (!Buffer) {
      Status = error(toString(Buffer.takeError()));
      continue;
    }
    StringRef Data = (*Buffer)->getBuffer();
    if (isPlanDocument(Data)) {
      Expected<Plan> P = parsePlan(Data, Path);
      if (!P) {
        Status = error(toString(P.takeError()));
        continue;
      }
      outs() << Path << ": ok: plan, policy " << P->Policy << ", from "
             << P->Sources.size() << " profile(s), " << functionCount(*P)
             << "\n";
      continue;
    }
    Expected<Profile> P = readProfile(Data, Path);
    if (!P) {
      Status = error(toString(P.takeError()));
      continue;
    }
    outs() << Path << ": ok: " << P->Functions.size() << " functions, "
           << P->Edges.size() << " edges, " << P->TotalCalls << " calls, "
           << "clock " << P->Clock << ", target " << P->Target << "\n";
  }
  return Status;
}

static int show() {
  auto Buffer = readInputFile(ShowInput);
  if (!Buffer)
    return error(toString(Buffer.takeError()));
  StringRef Data = (*Buffer)->getBuffer();
  if (isPlanDocument(Data)) {
    Expected<Plan> P = parsePlan(Data, ShowInput);
    if (!P)
      return error(toString(P.takeError()));
    showPlan(*P, Top, outs());
    return 0;
  }
  Expected<Profile> Prof = readProfile(Data, ShowInput, Index);
  if (!Prof)
    return error(toString(Prof.takeError()));
  if (!ShowAsPlan) {
    showProfile(*Prof, Sort, Top, outs());
    return 0;
  }
  Expected<Plan> P = makePlan(*Prof, ShowInput.getValue(), PolicyOptions());
  if (!P)
    return error(toString(P.takeError()));
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

static int plan() {
  Expected<PolicyOptions> Options = policyOptions();
  if (!Options)
    return error(toString(Options.takeError()));
  std::vector<std::string> Paths(PlanInputs.begin(), PlanInputs.end());
  std::vector<Profile> Profiles;
  for (const std::string &Path : Paths) {
    auto Buffer = readInputFile(Path);
    if (!Buffer)
      return error(toString(Buffer.takeError()));
    StringRef Data = (*Buffer)->getBuffer();
    if (isPlanDocument(Data))
      return error(Path + ": is a plan; fluid-prof plan reads profiles");
    Expected<Profile> P = readProfile(Data, Path);
    if (!P)
      return error(toString(P.takeError()));
    Profiles.push_back(std::move(*P));
  }
  Expected<Plan> P = makePlan(Profiles, Paths, *Options);
  if (!P)
    return error(toString(P.takeError()));
  // Through a temporary file and a rename, as extract: no partial plan.
  if (Error E = writeToOutput(Output, [&](raw_ostream &OS) {
        writePlan(*P, OS);
        return Error::success();
      }))
    return error(Output + ": cannot write: " + toString(std::move(E)));
  errs() << "fluid-prof: "
         << (Output == "-" ? StringRef("<stdout>") : StringRef(Output)) << ": "
         << functionCount(*P) << "\n";
  return 0;
}

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  cl::HideUnrelatedOptions(ProfCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "fluid-prof: read, check and show Fluid profiles; make plans\n\n"
      "  fluid-prof extract [-o OUT] [--index=N] LOG\n"
      "  fluid-prof validate FILE...\n"
      "  fluid-prof show [--plan] [--top=N] [--sort=self|total|calls] FILE\n"
      "  fluid-prof plan [--policy=shares|bareflow] [thresholds] [-o OUT] "
      "PROFILE...\n\n"
      "FILE may be a bare profile, any log holding a framed one, or a plan.\n");
  if (ExtractCmd)
    return extract();
  if (ValidateCmd)
    return validate();
  if (ShowCmd)
    return show();
  if (PlanCmd)
    return plan();
  return error("no subcommand; run 'fluid-prof --help'");
}

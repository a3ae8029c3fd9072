//===- CpuPolicy.cpp - The QEMU-safe CPU policy ---------------------------===//
//
// Three steps: read what the command line asks for (a CPU plus toggles, as
// LLVM feature sets from X86TargetParser, so no CPU->feature table is
// written here), intersect it with what the model runs (CpuModels.def), and
// render the result as clang flags: the model's base -march plus the
// fewest -m<feature>/-mno-<feature> that give exactly the allowed set.
//
//===----------------------------------------------------------------------===//
#include "CpuPolicy.h"
#include "CpuModel.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/X86TargetParser.h"
#include <map>
#include <set>

using namespace llvm;

namespace fluid {
namespace cpu {

Expected<PolicyMode> parsePolicyMode(StringRef Text) {
  if (Text == "clamp")
    return PolicyMode::Clamp;
  if (Text == "error")
    return PolicyMode::Error;
  if (Text == "off")
    return PolicyMode::Off;
  return createStringError(inconvertibleErrorCode(),
                           "--fluid-cpu-policy=" + Text +
                               ": expected clamp, error or off");
}

HostCpu detectHost() {
  HostCpu Host;
  Host.Name = sys::getHostCPUName().str();
  for (const auto &Entry : sys::getHostCPUFeatures())
    Host.Features[Entry.getKey()] = Entry.getValue();
  return Host;
}

namespace {

using FeatureSet = std::set<std::string>;

FeatureSet trueEntries(const StringMap<bool> &Map) {
  FeatureSet Set;
  for (const auto &Entry : Map)
    if (Entry.getValue())
      Set.insert(Entry.getKey().str());
  return Set;
}

FeatureSet closure(const FeatureSet &Names) {
  StringMap<bool> Map;
  for (const std::string &Name : Names) {
    Map[Name] = true;
    X86::updateImpliedFeatures(Name, true, Map);
  }
  return trueEntries(Map);
}

FeatureSet cpuFeatures(StringRef Cpu) {
  SmallVector<StringRef, 64> Names;
  X86::getFeaturesForCPU(Cpu, Names, /*NeedPlus=*/false);
  FeatureSet Set;
  for (StringRef Name : Names)
    Set.insert(Name.str());
  return closure(Set);
}

// Features that name an ISA extension: those some x86 CPU LLVM knows has
// (X86TargetParser's own data), so mitigation and tuning flags that share
// the -m<name> spelling (-mretpoline, -mno-red-zone) are never touched.
bool isIsaFeature(StringRef Name) {
  static const FeatureSet Known = [] {
    SmallVector<StringRef, 128> Cpus;
    X86::fillValidCPUArchList(Cpus, /*Only64Bit=*/false);
    FeatureSet All;
    for (StringRef Cpu : Cpus)
      for (const std::string &Feature : cpuFeatures(Cpu))
        All.insert(Feature);
    return All;
  }();
  return Known.count(Name.str()) != 0;
}

// What clang's -march=native means: the host CPU's features, then the
// host's CPUID (and OS support) switching each on or off.
FeatureSet hostFeatures(const HostCpu &Host) {
  StringMap<bool> Map;
  for (const std::string &Name : cpuFeatures(Host.Name))
    Map[Name] = true;
  for (const auto &Entry : Host.Features) {
    Map[Entry.getKey()] = Entry.getValue();
    X86::updateImpliedFeatures(Entry.getKey(), Entry.getValue(), Map);
  }
  return trueEntries(Map);
}

// Features with no -m<name> flag of their own; every base -march used here
// already has them right (LLVM's list for znver1 omits cmov, for one).
bool hasNoFlag(StringRef Name) {
  return Name == "64bit" || Name == "cmov" || Name == "cx8";
}

// Clang's spelling of a toggle -> LLVM's feature name.
std::string featureForFlag(StringRef Name, bool Enable) {
  if (Name == "sse4")
    return Enable ? "sse4.2" : "sse4.1";
  if (Name == "80387")
    return "x87";
  return Name.str();
}

// Features never worth naming: implied by the target, or a pseudo-feature
// that goes with avx512f.
bool isReported(StringRef Name) { return Name != "64bit" && Name != "evex512"; }

struct CpuRequest {
  std::string Cpu;                // empty: the target's default CPU
  std::string CpuFlag;            // the flag that named it
  std::vector<std::pair<std::string, bool>> Toggles;
  std::vector<std::string> ToggleFlags;
  std::vector<bool> IsCpuArg;     // per argument: rewritten by the policy
  bool Target32 = false;
  bool HasGatherFlag = false;
};

bool is32BitTriple(StringRef Triple) {
  return Triple.starts_with("i386") || Triple.starts_with("i486") ||
         Triple.starts_with("i586") || Triple.starts_with("i686");
}

CpuRequest readRequest(const std::vector<std::string> &Args) {
  CpuRequest Request;
  Request.IsCpuArg.assign(Args.size(), false);
  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef Arg = Args[I];
    StringRef Value;
    if ((Arg == "-target" || Arg == "--target") && I + 1 < Args.size())
      Request.Target32 = is32BitTriple(Args[I + 1]);
    else if (Arg.consume_front("--target=") || Arg.consume_front("-target="))
      Request.Target32 = is32BitTriple(Arg);
    else if (Arg == "-m32" || Arg == "-m64")
      Request.Target32 = Arg == "-m32";
    else if (Arg == "-mno-gather")
      Request.HasGatherFlag = true;
    else if (Arg.starts_with("-march=") || Arg.starts_with("-mcpu=")) {
      Request.Cpu = Arg.split('=').second.str();
      Request.CpuFlag = Args[I];
      Request.IsCpuArg[I] = true;
    } else if (Arg.starts_with("-m") && !Arg.contains('=')) {
      StringRef Name = Arg.drop_front(2);
      bool Enable = !Name.consume_front("no-");
      std::string Feature = featureForFlag(Name, Enable);
      if (!isIsaFeature(Feature))
        continue;
      Request.Toggles.emplace_back(Feature, Enable);
      Request.ToggleFlags.push_back(Args[I]);
      Request.IsCpuArg[I] = true;
    }
  }
  return Request;
}

// What the command line asks for, and for each feature the flag that asked.
struct Requested {
  FeatureSet Features;
  std::map<std::string, std::string> AskedBy;
};

Requested requestedFeatures(const CpuRequest &Request, const HostCpu &Host) {
  StringMap<bool> Map;
  std::map<std::string, std::string> AskedBy;
  std::string BaseFlag = Request.CpuFlag;
  if (Request.Cpu == "native") {
    for (const std::string &Name : hostFeatures(Host))
      Map[Name] = true;
  } else {
    std::string Cpu = Request.Cpu;
    if (Cpu.empty()) {
      Cpu = Request.Target32 ? "i686" : "x86-64";
      BaseFlag = "the default -march=" + Cpu;
    }
    for (const std::string &Name : cpuFeatures(Cpu))
      Map[Name] = true;
  }
  for (const std::string &Name : trueEntries(Map))
    AskedBy[Name] = BaseFlag;
  for (size_t I = 0; I < Request.Toggles.size(); ++I) {
    FeatureSet Before = trueEntries(Map);
    const auto &[Feature, Enable] = Request.Toggles[I];
    Map[Feature] = Enable;
    X86::updateImpliedFeatures(Feature, Enable, Map);
    for (const std::string &Name : trueEntries(Map))
      if (!Before.count(Name))
        AskedBy[Name] = Request.ToggleFlags[I];
  }
  Requested Result{trueEntries(Map), std::move(AskedBy)};
  if (Request.Target32)
    Result.Features.erase("64bit");
  return Result;
}

FeatureSet allowedFeatures(const CpuModel *Model, const PolicyRequest &Policy,
                           bool Target32) {
  FeatureSet Runs;
  if (Model) {
    for (const auto &Entry : Model->runs())
      Runs.insert(Entry.getKey().str());
  } else {
    Runs = hostFeatures(Policy.Host);
  }
  StringMap<bool> Map;
  for (const std::string &Name : closure(Runs))
    Map[Name] = true;
  if (!Policy.GuestEnablesAvx)
    for (StringRef Name : {"avx", "xsave"}) {
      Map[Name] = false;
      X86::updateImpliedFeatures(Name, false, Map);
    }
  if (Target32)
    Map["64bit"] = false;
  return trueEntries(Map);
}

// Requested ∩ Allowed, minus whatever depends on a removed feature.
FeatureSet intersect(const FeatureSet &Requested, const FeatureSet &Allowed) {
  StringMap<bool> Map;
  for (const std::string &Name : Requested)
    Map[Name] = Allowed.count(Name) != 0;
  for (const std::string &Name : Requested)
    if (!Allowed.count(Name))
      X86::updateImpliedFeatures(Name, false, Map);
  return trueEntries(Map);
}

// True when toggling Cause (on or off) toggles Effect the same way.
bool implies(const std::string &Cause, const std::string &Effect, bool Enable) {
  StringMap<bool> Map;
  Map[Effect] = !Enable;
  X86::updateImpliedFeatures(Cause, Enable, Map);
  return Map.lookup(Effect) == Enable;
}

// The fewest toggles: drop one that another toggle of the set already does.
std::vector<std::string> minimalToggles(const FeatureSet &Set, bool Enable) {
  std::vector<std::string> Kept;
  for (const std::string &Name : Set) {
    bool Redundant = any_of(Set, [&](const std::string &Other) {
      return Other != Name && implies(Other, Name, Enable) &&
             (!implies(Name, Other, Enable) || Other < Name);
    });
    if (!Redundant)
      Kept.push_back(Name);
  }
  return Kept;
}

std::vector<std::string> renderFlags(StringRef BaseMarch,
                                     const FeatureSet &Final) {
  FeatureSet Base = cpuFeatures(BaseMarch), Add, Drop;
  for (const std::string &Name : Final)
    if (!Base.count(Name) && !hasNoFlag(Name))
      Add.insert(Name);
  for (const std::string &Name : Base)
    if (!Final.count(Name) && !hasNoFlag(Name))
      Drop.insert(Name);
  std::vector<std::string> Flags{"-march=" + BaseMarch.str()};
  for (const std::string &Name : minimalToggles(Add, true))
    Flags.push_back("-m" + Name);
  for (const std::string &Name : minimalToggles(Drop, false))
    Flags.push_back("-mno-" + Name);
  return Flags;
}

std::string joinNames(const std::vector<std::string> &Names) {
  return join(Names.begin(), Names.end(), ", ");
}

} // namespace

static Error unknownModel(StringRef Name) {
  std::vector<std::string> Known = closestModelNames(Name);
  return createStringError(inconvertibleErrorCode(),
                           "--fluid-cpu=" + Name +
                               ": unknown QEMU CPU model; known models "
                               "(closest first): " +
                               joinNames(Known));
}

Expected<PolicyResult> applyCpuPolicy(const PolicyRequest &Policy) {
  const CpuModel *Model = nullptr;
  if (Policy.Model != "host" && !(Model = findModel(Policy.Model)))
    return unknownModel(Policy.Model);
  CpuRequest Request = readRequest(Policy.Args);
  PolicyResult Result;
  Result.Target32 = Request.Target32;
  Result.Args = Policy.Args;
  if (Policy.Mode == PolicyMode::Off)
    return Result;
  if (Model && Model->Only32 && !Request.Target32)
    return createStringError(
        inconvertibleErrorCode(),
        "--fluid-cpu=" + Policy.Model + ": QEMU model " + Model->Name.str() +
            " has no long mode, so 64-bit code cannot run on it; compile "
            "with -m32 or --target=i686-...");
  bool KnownCpu = Request.Cpu.empty() || Request.Cpu == "native" ||
                  X86::parseArchX86(Request.Cpu) != X86::CK_None;
  if (!KnownCpu) // clang itself names the bad -march; never hide it
    return Result;

  Requested Asked = requestedFeatures(Request, Policy.Host);
  FeatureSet Final = intersect(
      Asked.Features, allowedFeatures(Model, Policy, Request.Target32));
  std::vector<std::string> Askers;
  for (const std::string &Name : Asked.Features)
    if (!Final.count(Name) && isReported(Name)) {
      Result.Removed.push_back(Name);
      const std::string &Asker = Asked.AskedBy[Name];
      if (!is_contained(Askers, Asker))
        Askers.push_back(Asker);
    }
  // Report askers in command-line order.
  for (const std::string &Arg : Policy.Args)
    if (is_contained(Askers, Arg) && !is_contained(Result.AskedBy, Arg))
      Result.AskedBy.push_back(Arg);
  for (const std::string &Asker : Askers)
    if (!is_contained(Result.AskedBy, Asker))
      Result.AskedBy.push_back(Asker);

  std::string ModelName = Model ? Model->Name.str() : "host";
  if (!Result.Removed.empty()) {
    Result.Summary = "--fluid-cpu=" + Policy.Model + ": removed " +
                     joinNames(Result.Removed) + " (asked for by " +
                     joinNames(Result.AskedBy) + ")";
    if (Policy.Mode == PolicyMode::Error)
      return createStringError(
          inconvertibleErrorCode(),
          "--fluid-cpu=" + Policy.Model + ": " + joinNames(Result.AskedBy) +
              " asks for " + joinNames(Result.Removed) + ", which QEMU model " +
              ModelName + " cannot run correctly (--fluid-cpu-policy=error)");
    Result.Args.clear();
    for (size_t I = 0; I < Policy.Args.size(); ++I)
      if (!Request.IsCpuArg[I])
        Result.Args.push_back(Policy.Args[I]);
    StringRef Base = Model ? Model->BaseMarch : StringRef(Policy.Host.Name);
    Result.CpuFlags = renderFlags(Base, Final);
  } else {
    for (size_t I = 0; I < Policy.Args.size(); ++I)
      if (Request.IsCpuArg[I])
        Result.CpuFlags.push_back(Policy.Args[I]);
    Result.Args.clear();
    for (size_t I = 0; I < Policy.Args.size(); ++I)
      if (!Request.IsCpuArg[I])
        Result.Args.push_back(Policy.Args[I]);
  }
  if (Model && Model->hasQuirk(QUIRK_GATHER) && Final.count("avx2") &&
      !Request.HasGatherFlag)
    Result.CpuFlags.push_back("-mno-gather");
  Result.Args.insert(Result.Args.end(), Result.CpuFlags.begin(),
                     Result.CpuFlags.end());
  return Result;
}

} // namespace cpu
} // namespace fluid

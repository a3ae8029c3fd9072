//===- CostTable.cpp - Per-function cycles and bytes at every level -------===//
//
// See CostTable.h. Steps: sum each level's profiles (runs of one build),
// check that all levels profile one source on one target and clock, merge
// the functions by name, give each its bytes from its level's binary, then
// form units with a union-find over the profiles' call edges.
//
//===----------------------------------------------------------------------===//

#include "CostTable.h"
#include "Knapsack.h"
#include "NameMatch.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/TargetParser/Triple.h"

#include <algorithm>
#include <map>
#include <numeric>

using namespace llvm;

namespace fluid {

namespace {

Error tableError(const Twine &Message) { return costError(Message); }

/// The profiles of one level summed, and each function's noise.
struct LevelSum : RunSum {
  StringMap<uint64_t> Noise; // set by takeMedians
};

/// Runs of one build on a real clock differ: a run a clock interrupt or a
/// cold cache slowed would move a sum. Each function's self cycles become
/// its median run times the number of runs (the sum's scale, so one run,
/// or identical runs on an exact clock, change nothing), and its noise the
/// largest distance of a run from that median, on the same scale.
void takeMedians(LevelSum &Sum) {
  for (auto &[Name, Runs] : Sum.RunCycles) {
    RunSpread Median = medianRun(Runs);
    FunctionProfile &F = Sum.Functions[Name];
    F.SelfCycles = scaleToRuns(Median.Median, Runs.size());
    Sum.Noise[Name] = scaleToRuns(Median.Spread, Runs.size());
  }
}

Expected<LevelSum> sumLevel(const LevelMeasurement &M) {
  StringRef Level = levelName(M.Level);
  if (M.Profiles.empty())
    return tableError(formatv("{0}: no profile", Level));
  LevelSum Sum;
  const Profile &First = M.Profiles.front();
  for (size_t I = 0; I < M.Profiles.size(); ++I) {
    const Profile &P = M.Profiles[I];
    // Runs of one build add up; another build's figures are of other code.
    if (P.BuildId != First.BuildId)
      return tableError(formatv(
          "{0}: {1} and {2} are profiles of different builds (build ids "
          "{3} and {4}): give one build's runs per level",
          Level, M.ProfilePaths[0], M.ProfilePaths[I],
          format_hex_no_prefix(First.BuildId, 16),
          format_hex_no_prefix(P.BuildId, 16)));
    for (const FunctionProfile &F : P.Functions)
      addRunFunction(Sum, F, I, M.Profiles.size());
    Sum.Edges.insert(Sum.Edges.end(), P.Edges.begin(), P.Edges.end());
  }
  takeMedians(Sum);
  return Sum;
}

/// Every profile of every level is of one target and one clock, and each
/// binary is of the profiles' architecture.
Error checkSameTarget(ArrayRef<LevelMeasurement> Ms) {
  const Profile &Ref = Ms.front().Profiles.front();
  const std::string &RefPath = Ms.front().ProfilePaths.front();
  for (const LevelMeasurement &M : Ms) {
    for (size_t I = 0; I < M.Profiles.size(); ++I) {
      const Profile &P = M.Profiles[I];
      if (P.Clock != Ref.Clock)
        return tableError(formatv(
            "{0}: clock is {1} but {2}'s is {3}: cycles of different "
            "clocks do not compare",
            M.ProfilePaths[I], P.Clock, RefPath, Ref.Clock));
      if (P.Target != Ref.Target)
        return tableError(formatv(
            "{0}: target is {1} but {2}'s is {3}: profiles of different "
            "programs",
            M.ProfilePaths[I], P.Target, RefPath, Ref.Target));
    }
    std::string Arch = Triple(Ref.Target).getArchName().str();
    if (Triple(Ref.Target).getArch() != Triple(M.Sizes.Arch + "-").getArch())
      return tableError(formatv("{0}: binary is {1} but the profiles are {2}",
                                M.Sizes.Path, M.Sizes.Arch, Arch));
  }
  return Error::success();
}

/// Gives each function its bytes at level index L: each block of code goes
/// to the first of its names (or, failing that, of their clone bases) that
/// names a function, shared evenly when that name fits several (clashing
/// static functions); the rest of .text is OtherBytes.
void attributeBytes(CostTable &T, const CodeSizes &Sizes, unsigned L) {
  StringMap<std::vector<unsigned>> Exact, Bare;
  for (unsigned I = 0; I < T.Functions.size(); ++I) {
    std::string Key = unqualifiedName(T.Functions[I].Name);
    Exact[Key].push_back(I);
    size_t Colon = StringRef(Key).rfind(':');
    if (Colon != StringRef::npos)
      Bare[StringRef(Key).substr(Colon + 1)].push_back(I);
  }
  // A local symbol may also be a global function's clone (clones are
  // internal: "main.c:work.cold.1" is work's), and a local without a FILE
  // symbol is found by its bare name.
  auto Resolve = [&](const std::string &Name) -> const std::vector<unsigned> * {
    for (std::string Key = Name; !Key.empty(); Key = stripCloneSuffix(Key)) {
      if (auto It = Exact.find(Key); It != Exact.end())
        return &It->second;
      size_t Colon = Key.rfind(':');
      auto &Other = Colon == std::string::npos ? Bare : Exact;
      if (auto It = Other.find(StringRef(Key).substr(Colon + 1));
          It != Other.end() && (Colon == std::string::npos || Key != Name))
        return &It->second;
    }
    return nullptr;
  };
  uint64_t Owned = 0;
  for (const CodeBlock &Block : Sizes.Blocks) {
    const std::vector<unsigned> *Owners = nullptr;
    for (const std::string &Name : Block.Names)
      if ((Owners = Resolve(Name)))
        break;
    if (!Owners)
      continue;
    for (size_t K = 0; K < Owners->size(); ++K)
      T.Functions[(*Owners)[K]].At[L].Bytes +=
          Block.Bytes / Owners->size() + (K == 0 ? Block.Bytes % Owners->size()
                                                 : 0);
    Owned += Block.Bytes;
  }
  T.TextBytes[L] = Sizes.TextBytes;
  T.OtherBytes[L] = Sizes.TextBytes > Owned ? Sizes.TextBytes - Owned : 0;
}

unsigned findRoot(std::vector<unsigned> &Parent, unsigned X) {
  while (Parent[X] != X)
    X = Parent[X] = Parent[Parent[X]];
  return X;
}

/// Whether a function's calls went into its callers at level index L: it is
/// missing from L's profile, or present but never called there while it
/// runs at another level (an external function inlined into every caller,
/// its out-of-line copy kept for callers outside the program, unused).
bool inlinedAt(const CostFunction &F, size_t L) {
  if (!F.At[L].Present)
    return true;
  return F.At[L].Calls == 0 &&
         any_of(F.At, [](const LevelFigures &G) { return G.Calls > 0; });
}

/// Whether a profile name is an internal (static) function's: profiles
/// qualify those with their file, "file.c:name" (profile-format.md), and no
/// linkage name holds a ':'.
bool isInternal(const CostFunction &F) { return StringRef(F.Name).contains(':'); }

/// A function inlined at some level (inlinedAt) joins every caller any
/// profile shows it with, and so does an internal function every caller in
/// its own file: fluid-cc copies an internal function into the part of each
/// faster caller (docs/fluid-cc.md), so its code is compiled at its
/// callers' level, not its own. The union-find's classes are the units.
void formUnits(CostTable &T, ArrayRef<LevelSum> Sums) {
  size_t N = T.Functions.size();
  StringMap<unsigned> ByName;
  for (unsigned I = 0; I < N; ++I)
    ByName[T.Functions[I].Name] = I;
  std::vector<unsigned> Parent(N);
  std::iota(Parent.begin(), Parent.end(), 0u);
  auto Missing = [&](unsigned I) {
    for (size_t L = 0; L < T.Levels.size(); ++L)
      if (inlinedAt(T.Functions[I], L))
        return true;
    return false;
  };
  for (const LevelSum &Sum : Sums)
    for (const EdgeProfile &E : Sum.Edges) {
      auto Caller = ByName.find(E.Caller), Callee = ByName.find(E.Callee);
      if (Caller == ByName.end() || Callee == ByName.end() ||
          Caller->second == Callee->second)
        continue;
      const CostFunction &From = T.Functions[Caller->second];
      const CostFunction &To = T.Functions[Callee->second];
      bool Copied = isInternal(To) && From.File == To.File;
      if (!Copied && !Missing(Callee->second))
        continue;
      unsigned A = findRoot(Parent, Caller->second);
      unsigned B = findRoot(Parent, Callee->second);
      Parent[std::max(A, B)] = std::min(A, B);
    }
  std::map<unsigned, unsigned> UnitOfRoot;
  size_t Levels = T.Levels.size();
  for (unsigned I = 0; I < N; ++I) {
    auto [It, New] = UnitOfRoot.try_emplace(findRoot(Parent, I),
                                            T.Units.size());
    if (New) {
      T.Units.emplace_back();
      T.Units.back().Cycles.assign(Levels, 0);
      T.Units.back().Bytes.assign(Levels, 0);
    }
    CostUnit &U = T.Units[It->second];
    U.Members.push_back(I);
    T.Functions[I].Unit = It->second;
    for (size_t L = 0; L < Levels; ++L) {
      const LevelFigures &F = T.Functions[I].At[L];
      U.Cycles[L] = saturatingAdd(U.Cycles[L], F.SelfCycles);
      if (F.Noise) {
        U.Noise.resize(Levels, 0);
        U.Noise[L] = saturatingAdd(U.Noise[L], F.Noise);
      }
      U.Bytes[L] = saturatingAdd(U.Bytes[L], F.Bytes);
      if (inlinedAt(T.Functions[I], L) && !is_contained(U.InlinedAt, T.Levels[L]))
        U.InlinedAt.push_back(T.Levels[L]);
    }
  }
  for (CostUnit &U : T.Units)
    llvm::sort(U.InlinedAt);
}

} // namespace

Error costError(const Twine &Message) {
  return createStringError(inconvertibleErrorCode(), Message);
}

const FunctionProfile *addRunFunction(RunSum &Sum, const FunctionProfile &F,
                                      size_t Run, size_t Runs) {
  std::vector<uint64_t> &Cycles = Sum.RunCycles[F.Name];
  Cycles.resize(Runs, 0);
  Cycles[Run] = F.SelfCycles;
  auto [It, New] = Sum.Functions.try_emplace(F.Name, F);
  if (New)
    return nullptr;
  FunctionProfile &Kept = It->second;
  Kept.Calls = saturatingAdd(Kept.Calls, F.Calls);
  Kept.SelfCycles = saturatingAdd(Kept.SelfCycles, F.SelfCycles);
  Kept.TotalCycles = saturatingAdd(Kept.TotalCycles, F.TotalCycles);
  return &Kept;
}

RunSpread medianRun(ArrayRef<uint64_t> Runs) {
  std::vector<uint64_t> Sorted(Runs.begin(), Runs.end());
  llvm::sort(Sorted);
  size_t N = Sorted.size();
  if (!N)
    return {};
  uint64_t Median = N % 2 ? Sorted[N / 2]
                          : Sorted[N / 2 - 1] / 2 + Sorted[N / 2] / 2 +
                                (Sorted[N / 2 - 1] % 2 + Sorted[N / 2] % 2) / 2;
  return {Median, std::max(Median - Sorted.front(), Sorted.back() - Median)};
}

uint64_t scaleToRuns(uint64_t PerRun, size_t Runs) {
  return Runs && PerRun > UINT64_MAX / Runs ? UINT64_MAX : PerRun * Runs;
}

int CostTable::levelIndex(OptLevel L) const {
  auto It = find(Levels, L);
  return It == Levels.end() ? -1 : int(It - Levels.begin());
}

namespace {

/// Merges the levels' functions by name: one hash per name across levels
/// (the hash is taken before optimization and ignores what the level
/// changes, so a different one means a different source), and every level
/// sharing a function with the first one.
Error mergeFunctions(CostTable &T, ArrayRef<LevelMeasurement> Ms,
                     ArrayRef<LevelSum> Sums) {
  std::map<std::string, unsigned> Index; // by name: ordered output
  std::vector<unsigned> FirstLevel;      // where each hash was first seen
  for (unsigned L = 0; L < Sums.size(); ++L) {
    bool Shared = L == 0;
    for (const auto &[Name, F] : Sums[L].Functions) {
      auto [It, New] = Index.try_emplace(Name, T.Functions.size());
      if (New) {
        T.Functions.push_back({Name, F.File, F.Hash,
                               std::vector<LevelFigures>(Sums.size()), 0});
        FirstLevel.push_back(L);
      } else if (T.Functions[It->second].Hash != F.Hash) {
        return tableError(formatv(
            "{0} and {1} are profiles of different sources: function {2} "
            "has hash {3} at {4} and {5} at {6}",
            Ms[FirstLevel[It->second]].ProfilePaths.front(),
            Ms[L].ProfilePaths.front(), Name,
            format_hex_no_prefix(T.Functions[It->second].Hash, 16),
            levelName(T.Levels[FirstLevel[It->second]]),
            format_hex_no_prefix(F.Hash, 16), levelName(T.Levels[L])));
      } else {
        Shared |= FirstLevel[It->second] == 0;
      }
      LevelFigures &At = T.Functions[It->second].At[L];
      At.Present = true;
      At.Calls = F.Calls;
      At.SelfCycles = F.SelfCycles;
      At.TotalCycles = F.TotalCycles;
      At.Noise = Sums[L].Noise.lookup(Name);
    }
    if (!Shared && !Sums[L].Functions.empty())
      return tableError(formatv(
          "{0} and {1} are profiles of different sources: no function in "
          "common",
          Ms[0].ProfilePaths.front(), Ms[L].ProfilePaths.front()));
  }
  // Index order is name order; renumber the functions to match.
  std::vector<CostFunction> Ordered;
  for (const auto &Entry : Index)
    Ordered.push_back(std::move(T.Functions[Entry.second]));
  T.Functions = std::move(Ordered);
  return Error::success();
}

} // namespace

Error checkTableMagnitudes(const CostTable &T) {
  uint64_t Cycles = 0, Bytes = 0;
  for (const CostUnit &U : T.Units) {
    Cycles = saturatingAdd(Cycles,
                           *std::max_element(U.Cycles.begin(), U.Cycles.end()));
    Bytes =
        saturatingAdd(Bytes, *std::max_element(U.Bytes.begin(), U.Bytes.end()));
    if (Cycles >= MaxKnapsackTotal || Bytes >= MaxKnapsackTotal)
      return tableError("the profiles' cycles or the binaries' bytes add up "
                        "to 2^62 or more: figures that large are not "
                        "measurements");
  }
  return Error::success();
}

Expected<CostTable> buildCostTable(std::vector<LevelMeasurement> Ms) {
  if (Ms.empty())
    return tableError("no levels measured");
  llvm::sort(Ms, [](const LevelMeasurement &A, const LevelMeasurement &B) {
    return A.Level < B.Level;
  });
  CostTable T;
  for (size_t I = 0; I < Ms.size(); ++I) {
    if (I && Ms[I].Level == Ms[I - 1].Level)
      return tableError(formatv("{0} is measured twice: one build per level",
                                levelName(Ms[I].Level)));
    T.Levels.push_back(Ms[I].Level);
  }
  std::vector<LevelSum> Sums;
  for (const LevelMeasurement &M : Ms) {
    Expected<LevelSum> Sum = sumLevel(M);
    if (!Sum)
      return Sum.takeError();
    Sums.push_back(std::move(*Sum));
  }
  if (Error E = checkSameTarget(Ms))
    return std::move(E);
  T.Target = Ms.front().Profiles.front().Target;
  T.Clock = Ms.front().Profiles.front().Clock;
  for (const LevelMeasurement &M : Ms) {
    T.Runs.push_back(M.Profiles.size());
    for (const Profile &P : M.Profiles)
      T.Sources.push_back({P.BuildId, P.Target, P.Clock});
  }
  if (Error E = mergeFunctions(T, Ms, Sums))
    return std::move(E);
  size_t Levels = T.Levels.size();
  T.TextBytes.assign(Levels, 0);
  T.OtherBytes.assign(Levels, 0);
  T.TotalCycles.assign(Levels, 0);
  for (unsigned L = 0; L < Levels; ++L) {
    attributeBytes(T, Ms[L].Sizes, L);
    for (const CostFunction &F : T.Functions)
      T.TotalCycles[L] = saturatingAdd(T.TotalCycles[L], F.At[L].SelfCycles);
  }
  formUnits(T, Sums);
  if (Error E = checkTableMagnitudes(T))
    return std::move(E);
  return T;
}

namespace {

json::Object perLevel(const CostTable &T, ArrayRef<uint64_t> Figures) {
  json::Object O;
  for (size_t L = 0; L < T.Levels.size(); ++L)
    O[levelName(T.Levels[L])] = Figures[L];
  return O;
}

json::Array levelArray(ArrayRef<OptLevel> Levels) {
  json::Array A;
  for (OptLevel L : Levels)
    A.push_back(levelName(L));
  return A;
}

/// The mixed build's summary line.
json::Object mixedSummary(const MixedSummary &M) {
  return json::Object{{"profiles", int64_t(M.Profiles)},
                      {"build_id", formatv("{0:x-16}", M.BuildId).str()},
                      {"self_cycles", M.SelfCycles},
                      {"units_corrected", M.UnitsCorrected},
                      {"units_split", M.UnitsSplit},
                      {"units_absent", M.UnitsAbsent},
                      {"units_unmeasured", M.UnitsUnmeasured},
                      {"new_functions", M.NewFunctions},
                      {"new_joined", M.NewJoined},
                      {"unattributed_cycles", M.UnattributedCycles}};
}

/// A unit's keys from a mixed build: the levels its members recorded
/// there, the cells corrected (each with the uniform figure it replaced),
/// the functions only the mixed build has that count in its cells.
void addMixedKeys(const CostTable &T, const CostUnit &U, json::Object &Unit) {
  Unit["mixed_levels"] = levelArray(U.MixedLevels);
  json::Object CorrectedFrom;
  for (size_t L = 0; L < T.Levels.size(); ++L)
    if (U.corrected(L))
      CorrectedFrom[levelName(T.Levels[L])] = *U.UniformCycles[L];
  if (!CorrectedFrom.empty())
    Unit["corrected_from"] = std::move(CorrectedFrom);
  if (!U.MixedOnly.empty()) {
    json::Array Names;
    for (const std::string &Name : U.MixedOnly)
      Names.push_back(Name);
    Unit["mixed_only"] = std::move(Names);
  }
}

} // namespace

void writeCostTable(const CostTable &T, raw_ostream &OS) {
  OS << "{\"format\":\"fluid-costs\",\"version\":1,\"target\":"
     << json::Value(T.Target) << ",\"clock\":" << json::Value(T.Clock)
     << ",\"levels\":" << json::Value(levelArray(T.Levels))
     << ",\n\"text_bytes\":" << json::Value(perLevel(T, T.TextBytes))
     << ",\n\"other_bytes\":" << json::Value(perLevel(T, T.OtherBytes))
     << ",\n\"self_cycles\":" << json::Value(perLevel(T, T.TotalCycles));
  if (T.Mixed)
    OS << ",\n\"mixed\":" << json::Value(mixedSummary(*T.Mixed));
  OS << ",\n\"units\":[";
  for (size_t I = 0; I < T.Units.size(); ++I) {
    const CostUnit &U = T.Units[I];
    json::Array Members;
    for (unsigned M : U.Members)
      Members.push_back(T.Functions[M].Name);
    json::Object Unit{{"functions", std::move(Members)},
                      {"inlined_at", levelArray(U.InlinedAt)},
                      {"cycles", perLevel(T, U.Cycles)},
                      {"bytes", perLevel(T, U.Bytes)}};
    if (!U.Noise.empty())
      Unit["noise"] = perLevel(T, U.Noise);
    if (T.Mixed)
      addMixedKeys(T, U, Unit);
    OS << (I ? ",\n" : "\n") << json::Value(std::move(Unit));
  }
  OS << "]}\n";
}

} // namespace fluid

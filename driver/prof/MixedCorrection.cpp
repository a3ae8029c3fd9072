//===- MixedCorrection.cpp - A mixed build's profile corrects the table ---===//
//
// See MixedCorrection.h. Steps: sum the mixed build's runs (each function
// with the level it recorded), check them against the table (target,
// clock, hashes), join the functions only the mixed build has to the unit
// of their callers, then give each unit whose members ran at one measured
// level its cycles there at that level.
//
//===----------------------------------------------------------------------===//

#include "MixedCorrection.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <map>
#include <numeric>
#include <set>

using namespace llvm;

namespace fluid {

namespace {

Error mixedError(const Twine &Message) { return costError(Message); }

/// The runs of one mixed build summed, each function with the level it
/// recorded, and their self cycles in all.
struct MixedSum : RunSum {
  uint64_t SelfCycles = 0;
};

/// One profile's fit with the table: its target and clock, and a level for
/// every function.
Error checkMixedProfile(const CostTable &T, const Profile &P, StringRef Path) {
  if (P.Clock != T.Clock)
    return mixedError(formatv("--mixed-profile={0}: clock is {1} but the "
                              "uniform builds' is {2}: cycles of different "
                              "clocks do not compare",
                              Path, P.Clock, T.Clock));
  if (P.Target != T.Target)
    return mixedError(formatv("--mixed-profile={0}: target is {1} but the "
                              "uniform builds' is {2}: a profile of another "
                              "program",
                              Path, P.Target, T.Target));
  auto Unleveled = find_if(P.Functions, [](const FunctionProfile &F) {
    return !F.Level.has_value();
  });
  if (Unleveled == P.Functions.end())
    return Error::success();
  if (none_of(P.Functions,
              [](const FunctionProfile &F) { return F.Level.has_value(); }))
    return mixedError(formatv("--mixed-profile={0}: records no levels (an "
                              "older runtime's profile): a mixed build's "
                              "profile must say the level each function "
                              "ran at",
                              Path));
  return mixedError(formatv("--mixed-profile={0}: function {1} records no "
                            "level: the cell its figures measure is unknown",
                            Path, Unleveled->Name));
}

Expected<MixedSum> sumMixed(const CostTable &T, ArrayRef<Profile> Ps,
                            ArrayRef<std::string> Paths) {
  MixedSum Sum;
  std::map<std::string, size_t> FirstSeen; // function -> profile index
  for (size_t I = 0; I < Ps.size(); ++I) {
    const Profile &P = Ps[I];
    if (Error E = checkMixedProfile(T, P, Paths[I]))
      return std::move(E);
    if (P.BuildId != Ps.front().BuildId)
      return mixedError(formatv(
          "--mixed-profile: {0} and {1} are profiles of different builds "
          "(build ids {2} and {3}): give the runs of one mixed build",
          Paths.front(), Paths[I], format_hex_no_prefix(Ps.front().BuildId, 16),
          format_hex_no_prefix(P.BuildId, 16)));
    for (const FunctionProfile &F : P.Functions) {
      Sum.SelfCycles = saturatingAdd(Sum.SelfCycles, F.SelfCycles);
      const FunctionProfile *Kept = addRunFunction(Sum, F, I, Ps.size());
      if (!Kept) {
        FirstSeen[F.Name] = I;
        continue;
      }
      // Plans change levels, not hashes: the build id cannot tell two
      // mixed builds of one source apart, the levels can.
      if (Kept->Level != F.Level)
        return mixedError(formatv(
            "--mixed-profile: {0} and {1} are profiles of different builds: "
            "function {2} records level {3} in one and {4} in the other",
            Paths[FirstSeen[F.Name]], Paths[I], F.Name,
            levelName(*Kept->Level), levelName(*F.Level)));
    }
    Sum.Edges.insert(Sum.Edges.end(), P.Edges.begin(), P.Edges.end());
  }
  return Sum;
}

/// The mixed build profiles the table's source: a function both name has
/// one hash, and they share a function.
Error checkSameSource(const CostTable &T, const MixedSum &Sum,
                      const StringMap<unsigned> &ByName, StringRef Path) {
  bool Shared = false;
  for (const auto &[Name, F] : Sum.Functions) {
    auto It = ByName.find(Name);
    if (It == ByName.end())
      continue;
    const CostFunction &Known = T.Functions[It->second];
    if (Known.Hash != F.Hash)
      return mixedError(formatv(
          "--mixed-profile={0}: a profile of different sources: function "
          "{1} has hash {2} there and {3} in the uniform builds' profiles",
          Path, Name, format_hex_no_prefix(F.Hash, 16),
          format_hex_no_prefix(Known.Hash, 16)));
    Shared = true;
  }
  if (!Shared)
    return mixedError(formatv("--mixed-profile={0}: a profile of different "
                              "sources: no function in common with the "
                              "uniform builds' profiles",
                              Path));
  return Error::success();
}

unsigned findRoot(std::vector<unsigned> &Parent, unsigned X) {
  while (Parent[X] != X)
    X = Parent[X] = Parent[Parent[X]];
  return X;
}

/// For each function only the mixed build has (New, by name), the unit of
/// its callers: a union-find over the units and the new functions joins
/// each new function to every caller the mixed profile shows; a class
/// holding exactly one unit gives its new functions that unit, any other
/// (callers in several units, or none) -1.
std::vector<int> joinNewFunctions(const CostTable &T, const MixedSum &Sum,
                                  const StringMap<unsigned> &ByName,
                                  ArrayRef<std::string> New) {
  size_t Units = T.Units.size();
  StringMap<unsigned> NewIndex;
  for (unsigned I = 0; I < New.size(); ++I)
    NewIndex[New[I]] = Units + I;
  std::vector<unsigned> Parent(Units + New.size());
  std::iota(Parent.begin(), Parent.end(), 0u);
  auto Node = [&](StringRef Name) -> int {
    if (auto It = ByName.find(Name); It != ByName.end())
      return T.Functions[It->second].Unit;
    auto It = NewIndex.find(Name);
    return It == NewIndex.end() ? -1 : int(It->second);
  };
  for (const EdgeProfile &E : Sum.Edges) {
    int Callee = Node(E.Callee), Caller = Node(E.Caller);
    if (Callee < int(Units) || Caller < 0)
      continue; // only a new function joins its callers
    unsigned A = findRoot(Parent, Callee), B = findRoot(Parent, Caller);
    Parent[std::max(A, B)] = std::min(A, B);
  }
  // The unit of each class; -2 where a class holds several.
  std::map<unsigned, int> UnitOfRoot;
  for (unsigned U = 0; U < Units; ++U) {
    auto [It, First] = UnitOfRoot.try_emplace(findRoot(Parent, U), int(U));
    if (!First)
      It->second = -2;
  }
  std::vector<int> Joined;
  for (unsigned I = 0; I < New.size(); ++I) {
    auto It = UnitOfRoot.find(findRoot(Parent, Units + I));
    Joined.push_back(It == UnitOfRoot.end() || It->second < 0 ? -1
                                                              : It->second);
  }
  return Joined;
}

/// A figure summed over the mixed build's Runs profiles, as if summed over
/// the Wanted profiles of a uniform level (rounded to the nearest).
uint64_t scaleRuns(uint64_t Figure, size_t Wanted, size_t Runs) {
  if (Wanted == Runs)
    return Figure;
  unsigned __int128 Scaled =
      ((unsigned __int128)Figure * Wanted + Runs / 2) / Runs;
  return Scaled > UINT64_MAX ? UINT64_MAX : uint64_t(Scaled);
}

/// Replaces unit U's cell at level index L with what its members, and the
/// new functions joined to it, cost in the mixed build; their figures at L
/// become theirs there (0 for a member the mixed build inlined away). As
/// for a uniform level (CostTable.cpp), a function's cycles are its median
/// run and its noise the runs' spread, both on the scale of the sum of the
/// level's runs (its calls and inclusive cycles: the mixed runs' sum, so
/// scaled).
void correctUnit(CostTable &T, CostUnit &U, size_t L, const MixedSum &Sum) {
  size_t Wanted = L < T.Runs.size() ? T.Runs[L] : 1;
  uint64_t Cycles = 0, Noise = 0;
  auto Add = [&](const std::string &Name) {
    RunSpread Median = medianRun(Sum.RunCycles.at(Name));
    Cycles = saturatingAdd(Cycles, scaleToRuns(Median.Median, Wanted));
    Noise = saturatingAdd(Noise, scaleToRuns(Median.Spread, Wanted));
    return scaleToRuns(Median.Median, Wanted);
  };
  size_t Runs =
      Sum.RunCycles.empty() ? 1 : Sum.RunCycles.begin()->second.size();
  for (unsigned M : U.Members) {
    LevelFigures &At = T.Functions[M].At[L];
    auto It = Sum.Functions.find(T.Functions[M].Name);
    if (It == Sum.Functions.end()) {
      At.Calls = At.SelfCycles = At.TotalCycles = At.Noise = 0;
      continue;
    }
    At.Calls = scaleRuns(It->second.Calls, Wanted, Runs);
    At.TotalCycles = scaleRuns(It->second.TotalCycles, Wanted, Runs);
    uint64_t NoiseBefore = Noise;
    At.SelfCycles = Add(It->first);
    At.Noise = Noise - NoiseBefore;
  }
  for (const std::string &Name : U.MixedOnly)
    Add(Name);
  U.UniformCycles[L] = U.Cycles[L];
  U.Cycles[L] = Cycles;
  if (Noise || !U.Noise.empty()) {
    U.Noise.resize(T.Levels.size(), 0);
    U.Noise[L] = Noise;
  }
}

} // namespace

Error correctWithMixedBuild(CostTable &T, ArrayRef<Profile> Profiles,
                            ArrayRef<std::string> Paths) {
  if (Profiles.empty())
    return Error::success();
  Expected<MixedSum> Sum = sumMixed(T, Profiles, Paths);
  if (!Sum)
    return Sum.takeError();
  StringMap<unsigned> ByName;
  for (unsigned I = 0; I < T.Functions.size(); ++I)
    ByName[T.Functions[I].Name] = I;
  if (Error E = checkSameSource(T, *Sum, ByName, Paths.front()))
    return E;

  MixedSummary Summary;
  Summary.Profiles = Profiles.size();
  Summary.BuildId = Profiles.front().BuildId;
  Summary.SelfCycles = Sum->SelfCycles;
  std::vector<std::set<OptLevel>> UnitLevels(T.Units.size());
  std::vector<std::string> New;
  for (const auto &[Name, F] : Sum->Functions) {
    if (auto It = ByName.find(Name); It != ByName.end())
      UnitLevels[T.Functions[It->second].Unit].insert(*F.Level);
    else
      New.push_back(Name);
  }
  std::vector<int> Joined = joinNewFunctions(T, *Sum, ByName, New);
  for (size_t I = 0; I < New.size(); ++I)
    if (Joined[I] >= 0)
      T.Units[Joined[I]].MixedOnly.push_back(New[I]);

  std::vector<bool> Corrected(T.Units.size(), false);
  for (size_t I = 0; I < T.Units.size(); ++I) {
    CostUnit &U = T.Units[I];
    U.MixedLevels.assign(UnitLevels[I].begin(), UnitLevels[I].end());
    U.UniformCycles.assign(T.Levels.size(), std::nullopt);
    int L =
        U.MixedLevels.size() == 1 ? T.levelIndex(U.MixedLevels.front()) : -1;
    if (U.MixedLevels.empty())
      ++Summary.UnitsAbsent;
    else if (U.MixedLevels.size() > 1)
      ++Summary.UnitsSplit;
    else if (L < 0)
      ++Summary.UnitsUnmeasured;
    if (L < 0) {
      U.MixedOnly.clear(); // their cycles count nowhere
      continue;
    }
    ++Summary.UnitsCorrected;
    Corrected[I] = true;
    correctUnit(T, U, L, *Sum);
  }
  Summary.NewFunctions = New.size();
  for (size_t I = 0; I < New.size(); ++I) {
    if (Joined[I] >= 0 && Corrected[Joined[I]])
      ++Summary.NewJoined;
    else
      Summary.UnattributedCycles = saturatingAdd(
          Summary.UnattributedCycles, Sum->Functions.at(New[I]).SelfCycles);
  }
  T.Mixed = Summary;
  for (const Profile &P : Profiles)
    T.Sources.push_back({P.BuildId, P.Target, P.Clock});
  return checkTableMagnitudes(T);
}

} // namespace fluid

//===- LevelChoice.cpp - The level of each function of a module ----------===//
//
// See chooseLevels in SplitModule.h: each function defined in the front
// end's module is looked up in the plan by its profile name and structural
// hash, preferring the entries of its own file (one build's programs each
// have their `main`), then the same code moved from another file, then an
// internal function's bare name and hash (a renamed file). What the plan
// does not have keeps the command line's level.
//
//===----------------------------------------------------------------------===//

#include "HashPass.h"
#include "Records.h"
#include "SplitModule.h"

#include "llvm/IR/Module.h"
#include "llvm/Support/Path.h"

#include <set>
#include <unordered_map>

using namespace llvm;

namespace fluid {
namespace levels {

// The name rule is the records' own (passes/Records.h): FluidLevels links
// the passes' objects.
std::string profileName(const Function &F) { return qualifiedName(F); }

namespace {

/// The plan's functions, by profile name and, for internal functions, by
/// bare name and hash: a renamed file (or a profile from a build in another
/// directory layout) still finds them.
struct PlanIndex {
  explicit PlanIndex(const Plan &P) {
    for (const PlanFunction &PF : P.Functions) {
      ByName.emplace(PF.Name, &PF);
      size_t Colon = PF.Name.rfind(':');
      if (Colon != std::string::npos)
        ByBareName[{PF.Name.substr(Colon + 1), PF.Hash}].push_back(&PF);
    }
  }
  const PlanFunction *find(const Function &F, const std::string &Name,
                           uint64_t Hash, bool &Stale) const;

  std::unordered_multimap<std::string, const PlanFunction *> ByName;
  std::map<std::pair<std::string, uint64_t>, std::vector<const PlanFunction *>>
      ByBareName;
};

/// The plan's entry for \p F (profile name \p Name, structural hash
/// \p Hash), or null; \p Stale when this file's entry has other code.
const PlanFunction *PlanIndex::find(const Function &F, const std::string &Name,
                                    uint64_t Hash, bool &Stale) const {
  auto [Begin, End] = ByName.equal_range(Name);
  // The plan's entries of this name from this file (several programs of
  // one build each have their `main`), else from any file.
  StringRef File = sys::path::filename(F.getParent()->getSourceFileName());
  std::vector<const PlanFunction *> Here, Elsewhere;
  for (auto It = Begin; It != End; ++It)
    (sys::path::filename(It->second->File) == File ? Here : Elsewhere)
        .push_back(It->second);
  const PlanFunction *Match = nullptr;
  Stale = false;
  if (!Here.empty()) {
    for (const PlanFunction *PF : Here)
      if (PF->Hash == Hash && !Match)
        Match = PF;
    Stale = !Match;
  } else {
    // Known only from other files: the same code moved here (one entry
    // with this hash), else another function of the same name.
    std::vector<const PlanFunction *> Same;
    for (const PlanFunction *PF : Elsewhere)
      if (PF->Hash == Hash)
        Same.push_back(PF);
    if (Same.size() == 1)
      Match = Same.front();
  }
  if (!Match && Begin == End && F.hasLocalLinkage()) {
    auto Moved = ByBareName.find({F.getName().str(), Hash});
    if (Moved != ByBareName.end() && Moved->second.size() == 1)
      Match = Moved->second.front();
  }
  return Match;
}

/// \p F's level from its plan entry \p Match (null: none), counted in \p C.
FunctionLevel levelOf(const Function &F, const std::string &Name,
                      const PlanFunction *Match, bool Stale,
                      OptLevel CommandLine, LevelChoice &C) {
  FunctionLevel FL;
  FL.Level = CommandLine;
  FL.Why = Source::Unknown;
  FL.Name = Name;
  if (Match) {
    FL.Level = Match->Level;
    FL.Why = Source::Planned;
    FL.Never = Match->Calls == 0;
    FL.Hot = !FL.Never && Match->Level == OptLevel::O3;
    FL.Reason = Match->Reason;
    ++C.Planned;
  } else if (Stale) {
    FL.Why = Source::Stale;
    FL.Reason = "stale: its code changed since the profile";
    C.Stale.push_back(Name);
  } else if (F.hasLocalLinkage() || F.hasLinkOnceLinkage()) {
    // Internal and inline functions may have been inlined everywhere in
    // the profiled build, leaving no record: their absence is no news.
    FL.Reason = "not in the plan (may have been inlined everywhere when "
                "profiled)";
    C.Unlisted.push_back(Name);
  } else {
    FL.Reason = "not in the plan";
    C.Unknown.push_back(Name);
  }
  return FL;
}

/// A comdat is kept or dropped whole by the linker: its members must land
/// in one part. They take the level of the comdat's key function.
void shareComdatLevels(const Module &M, LevelChoice &C) {
  std::map<const Comdat *, OptLevel> ComdatLevel;
  for (const Function &F : M) {
    const Comdat *CD = F.getComdat();
    auto It = C.Functions.find(F.getName().str());
    if (!CD || It == C.Functions.end())
      continue;
    if (F.getName() == CD->getName() || !ComdatLevel.count(CD))
      ComdatLevel[CD] = It->second.Level;
  }
  for (const Function &F : M)
    if (const Comdat *CD = F.getComdat()) {
      auto It = C.Functions.find(F.getName().str());
      if (It != C.Functions.end())
        It->second.Level = ComdatLevel[CD];
    }
}

} // namespace

LevelChoice chooseLevels(const Module &M, const Plan &P,
                         OptLevel CommandLine) {
  PlanIndex Index(P);
  LevelChoice C;
  for (const Function &F : M) {
    if (F.isDeclaration() || F.hasAvailableExternallyLinkage())
      continue;
    std::string Name = profileName(F);
    uint64_t Hash = computeStructuralHash(F);
    bool Stale;
    const PlanFunction *Match = Index.find(F, Name, Hash, Stale);
    C.Functions[F.getName().str()] =
        levelOf(F, Name, Match, Stale, CommandLine, C);
  }
  shareComdatLevels(M, C);
  std::set<OptLevel> Levels;
  for (const auto &Entry : C.Functions)
    Levels.insert(Entry.second.Level);
  if (Levels.empty())
    Levels.insert(CommandLine);
  C.Levels.assign(Levels.begin(), Levels.end());
  return C;
}

} // namespace levels
} // namespace fluid

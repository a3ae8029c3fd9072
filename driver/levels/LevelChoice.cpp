//===- LevelChoice.cpp - The level of each function of a module ----------===//
//
// See chooseLevels in SplitModule.h: each function defined in the front
// end's module is looked up in the plan by its profile name and structural
// hash, by the rule fluid-prof pairs profiles' functions with
// (driver/prof/NameMatch.h: its own file's entries first, then the same
// code moved from another file, then an internal function's bare name and
// hash). What the plan does not have keeps the command line's level.
//
//===----------------------------------------------------------------------===//

#include "HashPass.h"
#include "NameMatch.h"
#include "Records.h"
#include "SplitModule.h"

#include "llvm/IR/Module.h"

#include <map>
#include <set>

using namespace llvm;

namespace fluid {
namespace levels {

// The name rule is the records' own (passes/Records.h): FluidLevels links
// the passes' objects.
std::string profileName(const Function &F) { return qualifiedName(F); }

namespace {

/// The plan's functions as NameMatch knows them.
FunctionMatcher planMatcher(const Plan &P) {
  std::vector<FunctionKey> Keys;
  for (const PlanFunction &PF : P.Functions)
    Keys.push_back({PF.Name, PF.File, PF.Hash});
  return FunctionMatcher(Keys);
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
  FunctionMatcher Matcher = planMatcher(P);
  LevelChoice C;
  for (const Function &F : M) {
    if (F.isDeclaration() || F.hasAvailableExternallyLinkage())
      continue;
    std::string Name = profileName(F);
    uint64_t Hash = computeStructuralHash(F);
    FunctionMatcher::Found Found = Matcher.find(
        Name, F.getParent()->getSourceFileName(), Hash, F.hasLocalLinkage());
    const PlanFunction *Match =
        Found.Match ? &P.Functions[*Found.Match] : nullptr;
    C.Functions[F.getName().str()] =
        levelOf(F, Name, Match, Found.Changed, CommandLine, C);
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

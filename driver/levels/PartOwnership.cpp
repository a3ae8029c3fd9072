//===- PartOwnership.cpp - Which part owns each definition ---------------===//
//
// See PartOwnership.h. Functions go to their planned level's part (or the
// nearest one whose front end emits them); variables to the part of the
// comdat they share with a function, or of the one part whose functions use
// them, else to the base part.
//
//===----------------------------------------------------------------------===//

#include "PartOwnership.h"
#include "ModuleRefs.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/GlobalAlias.h"
#include "llvm/IR/GlobalIFunc.h"
#include "llvm/IR/Module.h"

#include <cstdlib>
#include <set>
#include <vector>

using namespace llvm;

namespace fluid {
namespace levels {

int speedRank(OptLevel L) {
  switch (L) {
  case OptLevel::O0:
    return 0;
  case OptLevel::Oz:
    return 1;
  case OptLevel::Os:
    return 2;
  case OptLevel::O1:
    return 3;
  case OptLevel::O2:
    return 4;
  case OptLevel::O3:
    return 5;
  }
  return 0;
}

bool isSpecial(const GlobalValue &GV) {
  return GV.getName().starts_with("llvm.");
}

bool isCopyableConstant(const GlobalVariable &GV) {
  return GV.hasLocalLinkage() && GV.isConstant() && GV.hasInitializer() &&
         GV.hasAtLeastLocalUnnamedAddr() && !GV.hasComdat() &&
         !GV.hasSection() && refsOfInitializer(GV).empty();
}

Ownership::Ownership(
    const std::map<FrontEnd, std::unique_ptr<Module>> &Views,
    const LevelChoice &Choice, OptLevel CommandLine)
    : Views(Views), Base(*Views.at(frontEndOf(CommandLine))), Choice(Choice) {
  BaseLevel = is_contained(Choice.Levels, CommandLine) ? CommandLine
                                                       : Choice.Levels[0];
  placeFunctions();
  placeVariables();
}

std::optional<OptLevel> Ownership::ownerOf(const GlobalValue &GV) const {
  if (const auto *GA = dyn_cast<GlobalAlias>(&GV)) {
    if (const GlobalObject *Aliasee = GA->getAliaseeObject())
      return ownerOf(*Aliasee);
    return BaseLevel;
  }
  if (isa<Function>(GV)) {
    auto It = FunctionOwner.find(GV.getName());
    if (It != FunctionOwner.end())
      return It->second;
    return GV.isDeclaration() ? std::nullopt : std::optional(BaseLevel);
  }
  if (isa<GlobalIFunc>(GV))
    return BaseLevel;
  auto It = VarOwner.find(GV.getName());
  if (It != VarOwner.end())
    return It->second;
  return std::nullopt; // a declaration, or a copyable constant
}

/// Found by name in the command line's front end. The front ends do not
/// emit quite the same globals: -O0's emits the base-object destructor of a
/// class whose own destructor does nothing (D2) where the others use the
/// base class's in its place, and the complete-object variants (C1, D1) as
/// functions where the others make them aliases. A definition the command
/// line's front end does not have is this part's own: a discardable one
/// keeps its comdat, so any copy elsewhere (another part of the same front
/// end, another object) is merged with it by the linker; an internal one is
/// a private copy.
std::optional<OptLevel> Ownership::ownerInPart(const GlobalValue &GV,
                                               OptLevel L) const {
  if (GV.getParent() == &Base)
    return ownerOf(GV);
  const GlobalValue *InBase =
      GV.hasName() ? Base.getNamedValue(GV.getName()) : nullptr;
  if (InBase && !InBase->isDeclaration())
    return ownerOf(*InBase);
  if (GV.isDeclaration())
    return std::nullopt;
  return L;
}

/// Only this part's front end emits it, or it is a copyable constant.
bool Ownership::isPrivateCopy(const GlobalValue &GV) const {
  if (!GV.hasLocalLinkage())
    return false;
  if (isa<Function>(GV))
    return !FunctionOwner.count(GV.getName());
  if (isa<GlobalVariable>(GV))
    return !VarOwner.count(GV.getName());
  return false; // aliases and ifuncs follow what they name
}

bool Ownership::owns(const GlobalValue &GV, OptLevel L) const {
  if (isPrivateCopy(GV))
    return isa<GlobalVariable>(GV) && L == BaseLevel;
  return ownerInPart(GV, L) == L;
}

/// Each planned function's part: its level's, unless that level's front end
/// does not emit it. The -O0 front end leaves the members of an `extern
/// template` class (std::string's) to the library, so it has neither their
/// bodies nor the inline functions only those bodies call
/// (char_traits<char>::copy), which the other front ends emit for their
/// available_externally copies. Such a function (with the rest of its
/// comdat) goes to the part of the nearest level in speed whose front end
/// emits it; when no part's does, no part can refer to it either.
void Ownership::placeFunctions() {
  std::map<const Comdat *, std::vector<const Function *>> Members;
  for (const Function &F : Base)
    if (const Comdat *CD = F.getComdat(); CD && Choice.Functions.count(
                                              F.getName().str()))
      Members[CD].push_back(&F);
  auto Emits = [&](OptLevel L, const Function &F) {
    const Function *InView = viewOf(L).getFunction(F.getName());
    return InView && !InView->isDeclaration() &&
           !InView->hasAvailableExternallyLinkage();
  };
  for (const auto &[Name, FL] : Choice.Functions) {
    const Function *F = Base.getFunction(Name);
    OptLevel Level = FL.Level;
    SmallVector<const Function *, 4> Group = {F};
    if (const Comdat *CD = F ? F->getComdat() : nullptr)
      Group.assign(Members[CD].begin(), Members[CD].end());
    auto EmitsAll = [&](OptLevel L) {
      return all_of(Group, [&](const Function *M) { return Emits(L, *M); });
    };
    if (F && !EmitsAll(Level)) {
      std::optional<OptLevel> Nearest;
      for (OptLevel L : Choice.Levels)
        if (EmitsAll(L) &&
            (!Nearest || std::abs(speedRank(L) - speedRank(Level)) <
                             std::abs(speedRank(*Nearest) - speedRank(Level))))
          Nearest = L;
      if (Nearest)
        Level = *Nearest;
    }
    FunctionOwner[Name] = Level;
  }
}

/// A variable goes with the comdat it shares with a function, else (an
/// internal one) to the one part whose functions use it, else to the base
/// part. String literals and LLVM's own globals have no owner.
void Ownership::placeVariables() {
  std::map<const GlobalVariable *, std::set<OptLevel>> Users;
  for (const Function &F : Base) {
    std::optional<OptLevel> Owner = ownerOf(F);
    if (F.isDeclaration() || !Owner)
      continue;
    for (const Ref &R : refsOfFunction(F))
      if (const auto *GV = dyn_cast<GlobalVariable>(R.Target))
        Users[GV].insert(*Owner);
  }
  std::map<const Comdat *, OptLevel> ComdatOwner;
  for (const Function &F : Base)
    if (F.hasComdat() && !F.isDeclaration())
      ComdatOwner[F.getComdat()] = *ownerOf(F);
  for (const GlobalVariable &GV : Base.globals()) {
    if (GV.isDeclaration() || isSpecial(GV) || isCopyableConstant(GV))
      continue;
    OptLevel Owner = BaseLevel;
    auto CD = GV.hasComdat() ? ComdatOwner.find(GV.getComdat())
                             : ComdatOwner.end();
    if (CD != ComdatOwner.end())
      Owner = CD->second;
    else if (GV.hasLocalLinkage() && Users[&GV].size() == 1)
      Owner = *Users[&GV].begin();
    VarOwner[GV.getName()] = Owner;
  }
}

} // namespace levels
} // namespace fluid

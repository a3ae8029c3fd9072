//===- PartContents.cpp - What each part holds besides its own -----------===//
//
// See PartContents.h. Each part is walked from what it owns, as its own
// front end emits it, since the front ends emit slightly different
// functions (docs/fluid-cc.md, "Every function a part references is
// defined once").
//
//===----------------------------------------------------------------------===//

#include "PartContents.h"
#include "ModuleRefs.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace fluid {
namespace levels {
namespace {

/// A function body this small (IR instructions, as the front end emits it)
/// is offered even to parts slower than its own level.
constexpr unsigned SmallBodyInstructions = 40;

} // namespace

PartContents::PartContents(const Ownership &Owners,
                           const SplitOptions &Options)
    : Owners(Owners), Options(Options) {
  for (OptLevel L : Owners.choice().Levels)
    walkPart(L);
  keepTables();
}

bool PartContents::isOffered(OptLevel L, StringRef Name) const {
  auto It = Offer.find(L);
  return It != Offer.end() && It->second.contains(Name);
}

bool PartContents::isCopied(OptLevel L, StringRef Name) const {
  auto It = Copy.find(L);
  return It != Copy.end() && It->second.contains(Name);
}

/// \p GV, which another part owns, is used from here: an internal one is
/// shared under its promoted name, and the owner must keep a discardable
/// one (inline functions, vtables and the like may be dropped by the part
/// that defines them once it has no use left; the linker still merges
/// them as before).
void PartContents::share(const GlobalValue &GV) {
  if (GV.hasLocalLinkage())
    Promote.insert(GV.getName());
  if (GV.hasLinkOnceLinkage())
    KeepAlive.insert(GV.getName());
}

bool PartContents::offerable(const Function &F, OptLevel L) const {
  if (F.isDeclaration() || F.hasFnAttribute(Attribute::NoInline) ||
      F.hasFnAttribute(Attribute::Naked) || F.isInterposable() ||
      F.hasAvailableExternallyLinkage())
    return false;
  // always_inline bodies are offered to every part, -O0's too: code may
  // rely on them being inlined (constant operands of inline assembly).
  if (F.hasFnAttribute(Attribute::AlwaysInline))
    return true;
  if (Options.NoOffers || L == OptLevel::O0)
    return false;
  // A body goes to parts slower than its own level only when it is small
  // (the call would cost more than the level gains): a hot loop inlined
  // into a cold caller would run at the caller's level, so it stays a call
  // into its own code instead.
  std::optional<OptLevel> Own = Owners.ownerInPart(F, L);
  if (!Own || speedRank(L) >= speedRank(*Own))
    return true;
  return F.getInstructionCount() <= SmallBodyInstructions;
}

/// Internal functions whose address is never taken may be copied into a
/// part that calls them: the copy stays internal, so the part inlines it as
/// a uniform build would (a static function called once is inlined whole)
/// and drops it once inlined, where a shared copy would have to stay. Only
/// into parts at least as fast as the function's own level (or for `inline`
/// helpers and small bodies): a hot function called from a cold one keeps
/// its one copy at its own level.
bool PartContents::copyable(const Function &F, OptLevel L) const {
  if (Options.KeepIdentity || !F.hasLocalLinkage() || F.isDeclaration() ||
      !onlyCalledDirectly(F))
    return false;
  if (F.hasFnAttribute(Attribute::InlineHint) ||
      F.hasFnAttribute(Attribute::AlwaysInline) ||
      F.getInstructionCount() <= SmallBodyInstructions)
    return true;
  std::optional<OptLevel> Own = Owners.ownerInPart(F, L);
  return !Own || speedRank(L) >= speedRank(*Own);
}

/// Everything part L holds, found from its own functions and variables as
/// its own front end emits them: bodies offered or copied into it, and
/// symbols it uses that another part owns.
void PartContents::walkPart(OptLevel L) {
  const Module &View = Owners.viewOf(L);
  SetVector<const GlobalValue *> Work;
  for (const Function &F : View)
    if (!F.isDeclaration() && !F.hasAvailableExternallyLinkage() &&
        Owners.ownerInPart(F, L) == L)
      Work.insert(&F);
  // Bodies the front end already offers (C++ extern templates, gnu_inline;
  // at -O0 only always_inline ones, such as std::string's
  // _M_use_local_data) stay in the part, with what they call.
  for (const Function &F : View)
    if (F.hasAvailableExternallyLinkage())
      Work.insert(&F);
  for (const GlobalVariable &GV : View.globals())
    if (!isSpecial(GV) && !GV.isDeclaration() &&
        Owners.ownerInPart(GV, L) == L)
      Work.insert(&GV);
  for (size_t I = 0; I < Work.size(); ++I) {
    const GlobalValue *Holder = Work[I];
    SmallVector<Ref, 16> Refs;
    if (const auto *F = dyn_cast<Function>(Holder))
      Refs = refsOfFunction(*F);
    else if (const auto *GV = dyn_cast<GlobalVariable>(Holder))
      Refs = refsOfInitializer(*GV);
    for (const Ref &R : Refs) {
      const GlobalValue *T = R.Target;
      if (isSpecial(*T) || Work.contains(T))
        continue;
      if (const auto *GV = dyn_cast<GlobalVariable>(T);
          GV && isCopyableConstant(*GV)) {
        Copy[L].insert(GV->getName());
        Work.insert(GV);
        continue;
      }
      std::optional<OptLevel> Owner = Owners.ownerInPart(*T, L);
      if (!Owner || *Owner == L)
        continue; // a declaration, or defined here
      const auto *Callee = dyn_cast<Function>(T);
      if (Callee && copyable(*Callee, L)) {
        Copy[L].insert(Callee->getName());
        Work.insert(Callee);
        continue;
      }
      share(*T);
      if (Callee && R.DirectCall && offerable(*Callee, L)) {
        Offer[L].insert(Callee->getName());
        Work.insert(Callee);
      }
    }
  }
}

/// The constructor and destructor tables stay in the base part: what they
/// name that another part owns is shared with it.
void PartContents::keepTables() {
  OptLevel Base = Owners.baseLevel();
  for (const char *Name : {"llvm.global_ctors", "llvm.global_dtors"})
    if (const GlobalVariable *Table = Owners.viewOf(Base).getNamedGlobal(Name))
      for (const Ref &R : refsOfInitializer(*Table))
        if (Owners.ownerInPart(*R.Target, Base) != Base)
          share(*R.Target);
}

} // namespace levels
} // namespace fluid

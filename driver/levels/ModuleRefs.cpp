//===- ModuleRefs.cpp - What a function or a variable refers to ----------===//
//
// See ModuleRefs.h.
//
//===----------------------------------------------------------------------===//

#include "ModuleRefs.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/GlobalValue.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace fluid {
namespace levels {

namespace {

void collectConstantRefs(const Constant *C, SmallVectorImpl<Ref> &Out,
                         SmallPtrSetImpl<const Constant *> &Seen) {
  if (!Seen.insert(C).second)
    return;
  if (const auto *GV = dyn_cast<GlobalValue>(C)) {
    Out.push_back({GV, false});
    return;
  }
  for (const Use &Op : C->operands())
    if (const auto *Sub = dyn_cast<Constant>(Op.get()))
      collectConstantRefs(Sub, Out, Seen);
}

} // namespace

SmallVector<Ref, 16> refsOfFunction(const Function &F) {
  SmallVector<Ref, 16> Out;
  SmallPtrSet<const Constant *, 32> Seen;
  for (const Instruction &I : instructions(F)) {
    const auto *Call = dyn_cast<CallBase>(&I);
    for (const Use &Op : I.operands()) {
      const auto *C = dyn_cast<Constant>(Op.get());
      if (!C)
        continue;
      if (Call && Call->isCallee(&Op)) {
        if (const auto *Callee = dyn_cast<Function>(C)) {
          Out.push_back({Callee, true});
          continue;
        }
      }
      collectConstantRefs(C, Out, Seen);
    }
  }
  for (const Constant *C :
       {F.hasPersonalityFn() ? F.getPersonalityFn() : nullptr,
        F.hasPrefixData() ? F.getPrefixData() : nullptr,
        F.hasPrologueData() ? F.getPrologueData() : nullptr})
    if (C)
      collectConstantRefs(C, Out, Seen);
  return Out;
}

SmallVector<Ref, 8> refsOfInitializer(const GlobalVariable &GV) {
  SmallVector<Ref, 8> Out;
  SmallPtrSet<const Constant *, 16> Seen;
  if (GV.hasInitializer())
    collectConstantRefs(GV.getInitializer(), Out, Seen);
  return Out;
}

bool onlyCalledDirectly(const Function &F) {
  for (const Use &U : F.uses()) {
    const auto *Call = dyn_cast<CallBase>(U.getUser());
    if (!Call || !Call->isCallee(&U))
      return false;
  }
  return true;
}

/// The global values whose code or initializer holds the use \p U: its
/// function, variable or alias, through any constant expressions between.
static void holdersOf(const Use &U, SmallPtrSetImpl<const GlobalValue *> &Out) {
  SmallVector<const User *, 8> Work = {U.getUser()};
  SmallPtrSet<const User *, 8> Seen;
  while (!Work.empty()) {
    const User *Holder = Work.pop_back_val();
    if (!Seen.insert(Holder).second)
      continue;
    if (const auto *I = dyn_cast<Instruction>(Holder))
      Out.insert(I->getFunction());
    else if (const auto *GV = dyn_cast<GlobalValue>(Holder))
      Out.insert(GV);
    else
      for (const User *Next : Holder->users())
        Work.push_back(Next);
  }
}

/// Removes the internal definitions of \p Candidates that nothing else in
/// the part reaches. A use is not enough to keep one: a recursive function
/// uses itself, and a copy another dead copy calls is dead too, and what
/// such copies call may be defined nowhere in this part.
void dropUnreachable(ArrayRef<GlobalValue *> Candidates) {
  SmallPtrSet<const GlobalValue *, 16> Dead(Candidates.begin(),
                                             Candidates.end());
  SmallVector<const GlobalValue *, 16> Live;
  for (GlobalValue *GV : Candidates) {
    GV->removeDeadConstantUsers();
    SmallPtrSet<const GlobalValue *, 8> Holders;
    for (const Use &U : GV->uses())
      holdersOf(U, Holders);
    if (any_of(Holders, [&](const GlobalValue *H) { return !Dead.count(H); }))
      Live.push_back(GV);
  }
  for (const GlobalValue *GV : Live)
    Dead.erase(GV);
  while (!Live.empty()) {
    const GlobalValue *GV = Live.pop_back_val();
    SmallVector<Ref, 16> Refs;
    if (const auto *F = dyn_cast<Function>(GV))
      Refs = refsOfFunction(*F);
    else if (const auto *Var = dyn_cast<GlobalVariable>(GV))
      Refs = refsOfInitializer(*Var);
    for (const Ref &R : Refs)
      if (Dead.erase(R.Target))
        Live.push_back(R.Target);
  }
  for (GlobalValue *GV : Candidates)
    if (Dead.count(GV))
      GV->dropAllReferences();
  for (GlobalValue *GV : Candidates)
    if (Dead.erase(GV)) {
      GV->replaceAllUsesWith(PoisonValue::get(GV->getType()));
      GV->eraseFromParent();
    }
}

} // namespace levels
} // namespace fluid

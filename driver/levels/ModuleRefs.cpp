//===- ModuleRefs.cpp - What a function or a variable refers to ----------===//
//
// See ModuleRefs.h.
//
//===----------------------------------------------------------------------===//

#include "ModuleRefs.h"

#include "llvm/ADT/SmallPtrSet.h"
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

} // namespace levels
} // namespace fluid

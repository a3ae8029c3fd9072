//===- LateUntimed.cpp - Timed before inlining, too small after -----------===//
//
// See LateUntimed.h.
//
//===----------------------------------------------------------------------===//

#include "LateUntimed.h"
#include "Records.h"
#include "UntimedSize.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/CFG.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;

#define DEBUG_TYPE "fluid-instrument"

STATISTIC(NumLateUntimed, "Functions found too small to time after inlining");


namespace {

class LateUntimer {
public:
  LateUntimer(const fluid::LateUntimedHooks &Hooks, unsigned Limit)
      : Hooks(Hooks), Limit(Limit) {}

  bool tryUntime(GlobalVariable &Record);

private:
  bool isHookOf(const Instruction &I, const GlobalVariable &Record) const;
  bool ownBodyIsSmall(Function &F, const GlobalVariable &Record) const;
  bool copiesAreSmall(llvm::Function &F, ArrayRef<CallInst *> Hooks,
                      const GlobalVariable &Record) const;

  const fluid::LateUntimedHooks &Hooks;
  unsigned Limit;
};

bool LateUntimer::isHookOf(const Instruction &I,
                           const GlobalVariable &Record) const {
  auto *Call = dyn_cast<CallInst>(&I);
  return Call &&
         (Call->getCalledOperand() == Hooks.Enter ||
          Call->getCalledOperand() == Hooks.Exit) &&
         Call->getArgOperand(0) == &Record;
}

/// The function's own body: no loops, no calls but intrinsics and its own
/// hooks, at most Limit instructions besides the hooks.
bool LateUntimer::ownBodyIsSmall(Function &F,
                                 const GlobalVariable &Record) const {
  SmallVector<std::pair<const BasicBlock *, const BasicBlock *>, 4> Back;
  FindFunctionBackedges(F, Back);
  if (!Back.empty())
    return false;
  unsigned Size = 0;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB) {
      if (isHookOf(I, Record))
        continue;
      if (auto *Call = dyn_cast<CallBase>(&I);
          Call && !isa<IntrinsicInst>(Call))
        return false;
      Size += fluid::instructionCost(I);
      if (Size > Limit)
        return false;
    }
  return true;
}

/// Copies inlined into another function: from each entry hook, every path
/// reaches an exit hook of the record without a loop, with only intrinsics
/// called and at most Limit instructions in the blocks between; every exit
/// hook closes one of them.
bool LateUntimer::copiesAreSmall(Function &F, ArrayRef<CallInst *> Calls,
                                 const GlobalVariable &Record) const {
  SmallVector<std::pair<const BasicBlock *, const BasicBlock *>, 4> Back;
  FindFunctionBackedges(F, Back);
  SmallPtrSet<const Instruction *, 8> Closed;
  unsigned Exits = 0;
  for (CallInst *Call : Calls) {
    if (Call->getCalledOperand() == Hooks.Exit) {
      ++Exits;
      continue;
    }
    unsigned Size = 0;
    SmallPtrSet<const BasicBlock *, 8> Seen;
    SmallVector<const Instruction *, 8> Work = {Call->getNextNode()};
    while (!Work.empty()) {
      const Instruction *I = Work.pop_back_val();
      for (; I; I = I->getNextNode()) {
        if (isHookOf(*I, Record)) {
          if (cast<CallInst>(I)->getCalledOperand() != Hooks.Exit)
            return false;
          Closed.insert(I);
          break;
        }
        if (auto *Inner = dyn_cast<CallBase>(I);
            Inner && !isa<IntrinsicInst>(Inner))
          return false;
        Size += fluid::instructionCost(*I);
        if (Size > Limit)
          return false;
        if (!I->isTerminator())
          continue;
        const BasicBlock *From = I->getParent();
        if (succ_empty(From))
          return false; // left without its exit hook
        for (const BasicBlock *To : successors(From)) {
          if (is_contained(Back, std::make_pair(From, To)))
            return false;
          if (Seen.insert(To).second)
            Work.push_back(&To->front());
        }
      }
    }
  }
  return Closed.size() == Exits;
}

bool LateUntimer::tryUntime(GlobalVariable &Record) {
  MapVector<Function *, SmallVector<CallInst *, 4>> Sites;
  for (User *U : Record.users()) {
    auto *Call = dyn_cast<CallInst>(U);
    if (!Call)
      continue; // llvm.compiler.used
    if (!isHookOf(*Call, Record))
      return false; // a folded recursion's __fluid_fold, or unknown
    Sites[Call->getFunction()].push_back(Call);
  }
  if (Sites.empty())
    return false;
  for (auto &[F, Calls] : Sites) {
    bool Own = fluid::recordOf(*F) == &Record;
    if (Own ? !ownBodyIsSmall(*F, Record) : !copiesAreSmall(*F, Calls, Record))
      return false;
  }
  for (auto &[F, Calls] : Sites)
    for (CallInst *Call : Calls) {
      if (Call->getCalledOperand() == Hooks.Enter) {
        IRBuilder<> B(Call);
        fluid::emitCallCount(B, Record, Hooks.AtomicCount);
      }
      auto *Frame = dyn_cast<Instruction>(Call->getArgOperand(1));
      Call->eraseFromParent();
      if (Frame && Frame->use_empty() && isa<IntrinsicInst>(Frame))
        Frame->eraseFromParent();
    }
  fluid::markUntimed(Record);
  ++NumLateUntimed;
  return true;
}

/// A record still timed, private to this object.
bool isTimedLocalRecord(const GlobalVariable &GV) {
  return GV.getSection() == fluid::RecordSection && GV.hasLocalLinkage() &&
         !GV.hasComdat() && GV.hasInitializer() &&
         !fluid::isUntimedRecord(GV);
}

} // namespace

namespace fluid {

unsigned markLateUntimed(Module &M, const LateUntimedHooks &Hooks) {
  unsigned Limit = untimedSizeLimit();
  if (Limit == 0 || !Hooks.Enter || !Hooks.Exit)
    return 0;
  SmallVector<GlobalVariable *, 64> Records;
  for (GlobalVariable &GV : M.globals())
    if (isTimedLocalRecord(GV))
      Records.push_back(&GV);
  LateUntimer Untimer(Hooks, Limit);
  unsigned Untimed = 0;
  for (GlobalVariable *Record : Records)
    Untimed += Untimer.tryUntime(*Record);
  return Untimed;
}

} // namespace fluid

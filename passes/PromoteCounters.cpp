//===- PromoteCounters.cpp - Call counters kept in registers through loops ===//
//
// See PromoteCounters.h. Each promoted counter gets a stack slot: zero in
// the loop's preheader, incremented where the atomic add was, added to the
// record at every exit; mem2reg then turns the slots into registers.
//
//===----------------------------------------------------------------------===//

#include "PromoteCounters.h"
#include "Records.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"

using namespace llvm;

#define DEBUG_TYPE "fluid-promote-counters"

STATISTIC(NumPromotedLoops, "Loops whose call counters were promoted");
STATISTIC(NumPromotedUpdates, "Counter updates moved out of loops");


namespace {

/// A function of this module that only counts its calls: no hook runs
/// under it, and it calls nothing that could (InstrumentPass.cpp).
bool isUntimed(const Function *F) {
  if (!F || F->isDeclaration() || F->isInterposable())
    return false;
  GlobalVariable *Record = fluid::recordOf(*F);
  return Record && fluid::isUntimedRecord(*Record);
}

/// Nothing in the loop may read a record or leave it other than through
/// its exits: it calls only intrinsics and functions that only count their
/// calls (none of which reach the runtime), and the loop has an exit.
bool promotable(const Loop &L) {
  SmallVector<BasicBlock *, 4> Exiting;
  L.getExitingBlocks(Exiting);
  if (Exiting.empty())
    return false;
  for (BasicBlock *BB : L.blocks())
    for (Instruction &I : *BB)
      if (auto *Call = dyn_cast<CallBase>(&I))
        if (!isa<IntrinsicInst>(Call) && !isUntimed(Call->getCalledFunction()))
          return false;
  return true;
}

class Promoter {
public:
  Promoter(Function &F, DominatorTree &DT, LoopInfo &LI)
      : F(F), DT(DT), LI(LI), Int64(Type::getInt64Ty(F.getContext())) {}

  bool promote(Loop &L);
  void finish();

private:
  Function &F;
  DominatorTree &DT;
  LoopInfo &LI;
  Type *Int64;
  SmallVector<AllocaInst *, 8> Slots;
};

bool Promoter::promote(Loop &L) {
  if (!promotable(L))
    return false;
  MapVector<GlobalVariable *, SmallVector<AtomicRMWInst *, 2>> Updates;
  for (BasicBlock *BB : L.blocks())
    for (Instruction &I : *BB)
      if (GlobalVariable *Record = fluid::countedRecord(I))
        Updates[Record].push_back(cast<AtomicRMWInst>(&I));
  if (Updates.empty())
    return false;
  // The optimizer leaves loops without a preheader or with shared exits
  // (after unrolling, say); give this one both.
  if (!L.isLoopSimplifyForm())
    simplifyLoop(&L, &DT, &LI, /*SE=*/nullptr, /*AC=*/nullptr,
                 /*MSSAU=*/nullptr, /*PreserveLCSSA=*/false);
  if (!L.getLoopPreheader() || !L.hasDedicatedExits())
    return false;

  SmallVector<BasicBlock *, 4> Exits;
  L.getUniqueExitBlocks(Exits);
  BasicBlock &Entry = F.getEntryBlock();
  for (auto &[Record, Sites] : Updates) {
    IRBuilder<> B(&Entry, Entry.getFirstInsertionPt());
    AllocaInst *Slot = B.CreateAlloca(Int64, nullptr, "fluid.count");
    Slots.push_back(Slot);
    B.SetInsertPoint(L.getLoopPreheader()->getTerminator());
    B.CreateStore(ConstantInt::get(Int64, 0), Slot);
    for (AtomicRMWInst *Site : Sites) {
      B.SetInsertPoint(Site);
      Value *Count = B.CreateLoad(Int64, Slot);
      B.CreateStore(B.CreateAdd(Count, Site->getValOperand()), Slot);
      Site->eraseFromParent();
      ++NumPromotedUpdates;
    }
    for (BasicBlock *Exit : Exits) {
      B.SetInsertPoint(Exit, Exit->getFirstInsertionPt());
      fluid::emitCallCount(B, *Record, /*Atomic=*/true,
                           B.CreateLoad(Int64, Slot));
    }
  }
  ++NumPromotedLoops;
  return true;
}

void Promoter::finish() {
  if (!Slots.empty())
    PromoteMemToReg(Slots, DT);
}

} // namespace

namespace fluid {

PreservedAnalyses PromoteCountersPass::run(Function &F,
                                           FunctionAnalysisManager &FAM) {
  if (F.isDeclaration() || F.hasOptNone())
    return PreservedAnalyses::all();
  LoopInfo &LI = FAM.getResult<LoopAnalysis>(F);
  if (LI.empty())
    return PreservedAnalyses::all();
  Promoter P(F, FAM.getResult<DominatorTreeAnalysis>(F), LI);
  bool Changed = false;
  // Innermost first: an inner loop's exit adds are then an outer loop's.
  SmallVector<Loop *, 4> Loops = LI.getLoopsInPreorder();
  for (Loop *L : reverse(Loops))
    Changed |= P.promote(*L);
  if (!Changed)
    return PreservedAnalyses::all();
  P.finish();
  // Loop simplification may have added preheaders and exit blocks.
  PreservedAnalyses PA;
  PA.preserve<DominatorTreeAnalysis>();
  PA.preserve<LoopAnalysis>();
  return PA;
}

} // namespace fluid

//===- UntimedSize.cpp - Functions too small to time ----------------------===//
//
// See UntimedSize.h.
//
//===----------------------------------------------------------------------===//

#include "UntimedSize.h"
#include "FoldRecursion.h"

#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/CFG.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"

using namespace llvm;

static cl::opt<unsigned> ClUntimedSize(
    "fluid-untimed-size",
    cl::desc("A function with no loops, calling only functions like it, and "
             "at most this many IR instructions with theirs gets a call "
             "counter instead of timed hooks (its time is its caller's); 0 "
             "times every function"),
    cl::init(48));

static cl::opt<unsigned> ClFoldSize(
    "fluid-fold-size",
    cl::desc("A function that calls itself and has at most this many IR "
             "instructions has its recursion folded into its outermost "
             "call, whose hooks time it (FoldRecursion.h); 0: none is"),
    cl::init(400));

namespace fluid {

unsigned untimedSizeLimit() { return ClUntimedSize; }

unsigned instructionCost(const Instruction &I) {
  // Free once compiled: stack slots, phis, casts, unconditional branches
  // (the blocks are laid out in line or merged), stack traffic.
  if (isa<AllocaInst>(I) || isa<PHINode>(I) || isa<CastInst>(I) ||
      I.isDebugOrPseudoInst() || I.isLifetimeStartOrEnd())
    return 0;
  if (auto *Branch = dyn_cast<BranchInst>(&I);
      Branch && Branch->isUnconditional())
    return 0;
  if (const Value *Address = getLoadStorePointerOperand(&I))
    if (isa<AllocaInst>(Address->stripPointerCasts()))
      return 0;
  return 1;
}

bool SizeOracle::tooSmallToTime(const Function &F) {
  return ClUntimedSize != 0 && size(F).has_value();
}

bool SizeOracle::foldsRecursion(const Function &F) {
  if (ClUntimedSize == 0 || tooSmallToTime(F) || !canFoldRecursion(F))
    return false;
  // Each instruction once, every call one: what the copy adds to the code.
  // Nothing it calls but itself may leave the recursion other than by
  // returning (longjmp, exit): the count of the calls made so far waits in
  // its outermost call until that returns.
  unsigned Size = 0;
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB) {
      Size += !isa<AllocaInst>(I) && !I.isDebugOrPseudoInst();
      if (auto *Call = dyn_cast<CallBase>(&I))
        if (Call->getCalledOperand() != &F && !callSize(*Call))
          return false;
    }
  return Size <= ClFoldSize;
}

/// F's size with its callees', or none when F must be timed. A function
/// being measured counts as none, so recursion is always timed.
std::optional<unsigned> SizeOracle::size(const Function &F) {
  auto [It, New] = Memo.try_emplace(&F, std::nullopt);
  if (!New)
    return It->second;
  std::optional<unsigned> Size = measure(F);
  Memo[&F] = Size;
  return Size;
}

std::optional<unsigned> SizeOracle::measure(const Function &F) {
  // While F is measured, its calls are judged as F's (callSize).
  bool WasShared = Shared;
  Shared = F.hasComdat();
  std::optional<unsigned> Size = measureBody(F);
  Shared = WasShared;
  return Size;
}

std::optional<unsigned> SizeOracle::measureBody(const Function &F) {
  if (F.isDeclaration() || F.isInterposable())
    return std::nullopt;
  std::optional<unsigned> Size = countInstructions(F, nullptr);
  if (!Size)
    return std::nullopt;
  SmallVector<std::pair<const BasicBlock *, const BasicBlock *>, 4> Back;
  FindFunctionBackedges(F, Back);
  if (Back.empty())
    return Size;
  return measureLoops(F);
}

/// Instructions as the size counts them, each block's weighted by how many
/// times it runs per call (Times; null: once); none when a call or the
/// total rules the function out.
std::optional<unsigned>
SizeOracle::countInstructions(const Function &F,
                              function_ref<unsigned(const BasicBlock &)> Times) {
  unsigned Size = 0;
  for (const BasicBlock &BB : F) {
    unsigned Weight = Times ? Times(BB) : 1;
    if (Weight == 0)
      return std::nullopt;
    for (const Instruction &I : BB) {
      unsigned Cost = instructionCost(I);
      if (auto *Call = dyn_cast<CallBase>(&I)) {
        std::optional<unsigned> Callee = callSize(*Call);
        if (!Callee)
          return std::nullopt;
        Cost = *Callee;
      }
      Size += Cost * Weight;
      if (Size > ClUntimedSize)
        return std::nullopt;
    }
  }
  return Size;
}

/// A function with loops is still small when every loop has a small
/// constant trip count (a loop over the 4 bytes of a word): the size then
/// counts each block as many times as it runs. Trip counts need SSA form,
/// which the front end's IR has only after mem2reg: a copy of the function
/// is promoted and measured, then deleted.
std::optional<unsigned> SizeOracle::measureLoops(const Function &F) {
  ValueToValueMapTy Map;
  Function *Copy = CloneFunction(const_cast<Function *>(&F), Map);
  DominatorTree DT(*Copy);
  AssumptionCache AC(*Copy);
  SmallVector<AllocaInst *, 8> Promotable;
  for (Instruction &I : Copy->getEntryBlock())
    if (auto *Alloca = dyn_cast<AllocaInst>(&I))
      if (isAllocaPromotable(Alloca))
        Promotable.push_back(Alloca);
  if (!Promotable.empty())
    PromoteMemToReg(Promotable, DT, &AC);
  LoopInfo LI(DT);
  TargetLibraryInfoImpl TLII(Triple(F.getParent()->getTargetTriple()));
  TargetLibraryInfo TLI(TLII);
  ScalarEvolution SE(*Copy, TLI, AC, DT, LI);
  std::optional<unsigned> Size =
      countInstructions(*Copy, [&](const BasicBlock &BB) {
        unsigned Times = 1;
        for (Loop *L = LI.getLoopFor(&BB); L; L = L->getParentLoop()) {
          unsigned Trips = SE.getSmallConstantMaxTripCount(L);
          if (Trips == 0 || Trips > ClUntimedSize)
            return 0u;
          Times *= Trips;
          if (Times > ClUntimedSize)
            return 0u;
        }
        return Times;
      });
  Copy->eraseFromParent();
  return Size;
}

/// What a call adds: 0 for an empty asm statement, 1 for an intrinsic
/// (memory intrinsics aside: they may become library calls of any
/// length), the callee's size plus the call for a direct call of a
/// function too small to time; none otherwise.
std::optional<unsigned> SizeOracle::callSize(const CallBase &Call) {
  if (auto *Asm = dyn_cast<InlineAsm>(Call.getCalledOperand())) {
    if (StringRef(Asm->getAsmString()).trim().empty())
      return 0;
    return std::nullopt;
  }
  if (auto *Intrinsic = dyn_cast<IntrinsicInst>(&Call))
    return isa<MemIntrinsic>(Intrinsic) ? std::nullopt
                                        : std::optional<unsigned>(1);
  const Function *Callee = Call.getCalledFunction();
  if (!Callee || !isa<CallInst>(Call) ||
      Callee->getName().starts_with("__fluid_"))
    return std::nullopt;
  // A function whose record objects share (an inline function of a header)
  // must be judged alike in every object: by callees every object that has
  // it defines too (inline or internal ones), not by one defined in this
  // object only, which elsewhere is a declaration.
  if (Shared && !Callee->hasComdat() && !Callee->hasLocalLinkage())
    return std::nullopt;
  std::optional<unsigned> Size = size(*Callee);
  return Size ? std::optional<unsigned>(*Size + 1) : std::nullopt;
}

} // namespace fluid

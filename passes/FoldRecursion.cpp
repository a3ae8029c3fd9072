//===- FoldRecursion.cpp - Recursion counted, not timed, call by call -----===//
//
// See FoldRecursion.h.
//
//===----------------------------------------------------------------------===//

#include "FoldRecursion.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

using namespace llvm;

#define DEBUG_TYPE "fluid-instrument"

STATISTIC(NumFolded, "Recursive functions whose recursion was folded");

namespace {

/// The direct calls of Callee in Body (F's, or its copy's, which still
/// call F).
SmallVector<CallInst *, 4> callsOf(Function &Callee, Function &Body) {
  SmallVector<CallInst *, 4> Calls;
  for (BasicBlock &BB : Body)
    for (Instruction &I : BB)
      if (auto *Call = dyn_cast<CallInst>(&I))
        if (Call->getCalledOperand() == &Callee)
          Calls.push_back(Call);
  return Calls;
}

/// Replace each call with a call of Target, which takes one more argument.
void redirect(ArrayRef<CallInst *> Calls, Function &Target, Value &Counter) {
  for (CallInst *Old : Calls) {
    SmallVector<Value *, 8> Args(Old->args());
    Args.push_back(&Counter);
    auto *New = CallInst::Create(Target.getFunctionType(), &Target, Args, "",
                                 Old->getIterator());
    New->takeName(Old);
    New->setCallingConv(Old->getCallingConv());
    New->setTailCallKind(Old->getTailCallKind());
    New->setDebugLoc(Old->getDebugLoc());
    // The copy writes the counter: whatever was inferred about the call's
    // memory no longer holds.
    New->setAttributes(Old->getAttributes());
    New->removeFnAttr(Attribute::Memory);
    New->removeFnAttr(Attribute::Speculatable);
    Old->replaceAllUsesWith(New);
    Old->eraseFromParent();
  }
}

} // namespace

namespace fluid {

bool canFoldRecursion(const Function &F) {
  if (F.isDeclaration() || F.isVarArg() || F.isInterposable())
    return false;
  // No unwinding: F is nounwind (C), or has no exception handling of its
  // own (no invoke, no landing pad), and then, calling nothing that could
  // throw (the size rule's part), it cannot throw either (C++ without
  // noexcept).
  bool Recursive = false;
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB)
      if (!F.doesNotThrow() && (isa<InvokeInst>(I) || I.isEHPad()))
        return false;
      else if (auto *Call = dyn_cast<CallInst>(&I)) {
        if (Call->isMustTailCall())
          return false;
        if (Call->getCalledOperand() == &F)
          Recursive = true;
      }
  return Recursive;
}

FoldedRecursion foldRecursion(Function &F) {
  LLVMContext &Ctx = F.getContext();
  Type *Int64 = Type::getInt64Ty(Ctx);
  Type *Ptr = PointerType::get(Ctx, 0);

  // The counting copy: F's body and one more parameter.
  SmallVector<Type *, 8> Params(F.getFunctionType()->params());
  Params.push_back(Ptr);
  auto *CopyTy = FunctionType::get(F.getReturnType(), Params, false);
  Function *Copy = Function::Create(CopyTy, GlobalValue::InternalLinkage,
                                    F.getAddressSpace(),
                                    F.getName() + ".fluid.rec", F.getParent());
  ValueToValueMapTy Map;
  for (auto [From, To] : zip(F.args(), Copy->args())) {
    To.setName(From.getName());
    Map[&From] = &To;
  }
  SmallVector<ReturnInst *, 4> Returns;
  CloneFunctionInto(Copy, &F, Map, CloneFunctionChangeType::LocalChangesOnly,
                    Returns);
  Copy->setLinkage(GlobalValue::InternalLinkage);
  Copy->setVisibility(GlobalValue::DefaultVisibility);
  Copy->setComdat(nullptr);
  Copy->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  Copy->removeFnAttr(Attribute::Memory);
  Copy->removeFnAttr(Attribute::Speculatable);
  Argument *Counter = Copy->getArg(Copy->arg_size() - 1);
  Counter->setName("fluid.calls");
  Counter->addAttr(Attribute::NoAlias);
  Counter->addAttr(Attribute::NoCapture);
  Counter->addAttr(Attribute::NoUndef);

  // The copy counts itself on entry and passes its counter on.
  {
    BasicBlock &Entry = Copy->getEntryBlock();
    BasicBlock::iterator At = Entry.getFirstInsertionPt();
    while (isa<AllocaInst>(*At))
      ++At;
    IRBuilder<> B(&Entry, At);
    if (DISubprogram *SP = Copy->getSubprogram())
      B.SetCurrentDebugLocation(DILocation::get(Ctx, 0, 0, SP));
    B.CreateAlignedStore(
        B.CreateAdd(B.CreateAlignedLoad(Int64, Counter, Align(8)),
                    ConstantInt::get(Int64, 1)),
        Counter, Align(8));
  }
  redirect(callsOf(F, *Copy), *Copy, *Counter);

  // F's own counter, for the calls its activation makes to the copy.
  BasicBlock &Entry = F.getEntryBlock();
  IRBuilder<> B(&Entry, Entry.getFirstInsertionPt());
  if (DISubprogram *SP = F.getSubprogram())
    B.SetCurrentDebugLocation(DILocation::get(Ctx, 0, 0, SP));
  AllocaInst *Calls = B.CreateAlloca(Int64, nullptr, "fluid.calls");
  BasicBlock::iterator At = Entry.getFirstInsertionPt();
  while (isa<AllocaInst>(*At))
    ++At;
  B.SetInsertPoint(&Entry, At);
  B.CreateAlignedStore(ConstantInt::get(Int64, 0), Calls, Align(8));
  redirect(callsOf(F, F), *Copy, *Calls);
  ++NumFolded;
  return {Calls, Copy};
}

void addFoldCall(Instruction &Exit, AllocaInst &Counter, Value &Record,
                 FunctionCallee Fold) {
  IRBuilder<> B(&Exit);
  B.SetCurrentDebugLocation(Exit.getDebugLoc());
  Value *Count = B.CreateAlignedLoad(B.getInt64Ty(), &Counter, Align(8));
  Value *Recursed = B.CreateICmpNE(Count, B.getInt64(0));
  Instruction *Then =
      SplitBlockAndInsertIfThen(Recursed, Exit.getIterator(), false);
  B.SetInsertPoint(Then);
  B.CreateCall(Fold, {&Record, Count});
}

} // namespace fluid

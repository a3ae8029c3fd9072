//===- HashPass.cpp - Stamp each function with its structural hash -------===//
//
// See HashPass.h. The hash walks blocks in layout order and feeds a stable
// sequence of integers to xxh3: nothing that depends on pointer values,
// value names or metadata, so the same IR always hashes the same.
//
//===----------------------------------------------------------------------===//

#include "HashPass.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/xxhash.h"

using namespace llvm;

#define DEBUG_TYPE "fluid-hash"

namespace {

/// Intrinsics whose presence depends on the optimization level or on -g,
/// not on the function's source: clang emits lifetime markers only when
/// optimizing, and debug records only with -g.
bool isIgnoredForHash(const Instruction &I) {
  if (isa<DbgInfoIntrinsic>(I))
    return true;
  if (const auto *II = dyn_cast<IntrinsicInst>(&I)) {
    switch (II->getIntrinsicID()) {
    case Intrinsic::lifetime_start:
    case Intrinsic::lifetime_end:
    case Intrinsic::assume:
    case Intrinsic::experimental_noalias_scope_decl:
    case Intrinsic::var_annotation:
    case Intrinsic::ptr_annotation:
      return true;
    default:
      break;
    }
  }
  return false;
}

void appendString(SmallVectorImpl<uint64_t> &Words, StringRef S) {
  Words.push_back(xxh3_64bits(arrayRefFromStringRef(S)));
}

} // namespace

namespace fluid {

uint64_t computeStructuralHash(const Function &F) {
  SmallVector<uint64_t, 256> Words;
  Words.push_back(F.arg_size());
  Words.push_back(F.getFunctionType()->getReturnType()->getTypeID());
  Words.push_back(F.isVarArg());
  for (const BasicBlock &BB : F) {
    Words.push_back(0xB10C);
    for (const Instruction &I : BB) {
      if (isIgnoredForHash(I))
        continue;
      Words.push_back(I.getOpcode());
      Words.push_back(I.getNumOperands());
      Words.push_back(I.getType()->getTypeID());
      if (const auto *Cmp = dyn_cast<CmpInst>(&I))
        Words.push_back(Cmp->getPredicate());
      if (const auto *Call = dyn_cast<CallBase>(&I))
        if (const Function *Callee = Call->getCalledFunction())
          appendString(Words, Callee->getName());
    }
    const Instruction *Term = BB.getTerminator();
    Words.push_back(Term ? Term->getNumSuccessors() : 0);
  }
  return xxh3_64bits(ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(Words.data()),
      Words.size() * sizeof(uint64_t)));
}

uint64_t functionHash(const Function &F) {
  Attribute Stamp = F.getFnAttribute(HashAttribute);
  uint64_t Value = 0;
  if (Stamp.isStringAttribute() &&
      !Stamp.getValueAsString().getAsInteger(16, Value))
    return Value;
  return computeStructuralHash(F);
}

PreservedAnalyses HashPass::run(Module &M, ModuleAnalysisManager &) {
  for (Function &F : M) {
    if (F.isDeclaration() || F.hasFnAttribute(HashAttribute))
      continue;
    F.addFnAttr(HashAttribute, utohexstr(computeStructuralHash(F),
                                         /*LowerCase=*/true, /*Width=*/16));
  }
  // A string attribute is no analysis input: every analysis stays valid.
  return PreservedAnalyses::all();
}

} // namespace fluid

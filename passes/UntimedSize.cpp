//===- UntimedSize.cpp - Functions too small to time ----------------------===//
//
// See UntimedSize.h.
//
//===----------------------------------------------------------------------===//

#include "UntimedSize.h"

#include "llvm/Analysis/CFG.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;

static cl::opt<unsigned> ClUntimedSize(
    "fluid-untimed-size",
    cl::desc("A function with no loops, calling only functions like it, and "
             "at most this many IR instructions with theirs gets a call "
             "counter instead of timed hooks (its time is its caller's); 0 "
             "times every function"),
    cl::init(40));

namespace fluid {

bool SizeOracle::tooSmallToTime(const Function &F) {
  return ClUntimedSize != 0 && size(F).has_value();
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
  if (F.isDeclaration() || F.isInterposable())
    return std::nullopt;
  unsigned Size = 0;
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB) {
      if (isa<AllocaInst>(I) || I.isDebugOrPseudoInst() ||
          I.isLifetimeStartOrEnd())
        continue;
      if (auto *Call = dyn_cast<CallBase>(&I)) {
        std::optional<unsigned> Callee = callSize(*Call);
        if (!Callee)
          return std::nullopt;
        Size += *Callee;
      } else {
        const Value *Address = getLoadStorePointerOperand(&I);
        if (!Address || !isa<AllocaInst>(Address->stripPointerCasts()))
          ++Size;
      }
      if (Size > ClUntimedSize)
        return std::nullopt;
    }
  SmallVector<std::pair<const BasicBlock *, const BasicBlock *>, 4> Back;
  FindFunctionBackedges(F, Back);
  if (!Back.empty())
    return std::nullopt;
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
  std::optional<unsigned> Size = size(*Callee);
  return Size ? std::optional<unsigned>(*Size + 1) : std::nullopt;
}

} // namespace fluid

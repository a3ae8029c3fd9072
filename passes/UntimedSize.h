//===- UntimedSize.h - Functions too small to time --------------*- C++ -*-===//
//
// Which functions fluid-instrument gives a call counter instead of timed
// hooks (passes/InstrumentPass.cpp): no loops but loops with a small
// constant trip count (each block counted as often as it runs), no inline
// assembly (an empty
// asm statement, a compiler barrier, aside), no calls but to intrinsics and
// to functions like it, and at most -fluid-untimed-size IR instructions
// (48 by default, 0: time every function) with the callees' counted at each
// call, once what compiles to nothing is discounted (the front end's stack
// traffic, casts, unconditional branches) (before inlining
// the IR still keeps every local in an alloca). Such a function executes
// each instruction at most once: its time would be mostly the hooks' own,
// and before inlining the hooks would stop the inliner. Its callees are all
// untimed too, so no hook ever nests under it, and its time is its
// caller's.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_PASSES_UNTIMEDSIZE_H
#define FLUID_PASSES_UNTIMEDSIZE_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstrTypes.h"

#include <optional>

namespace fluid {

/// -fluid-untimed-size: 0 when every function is timed.
unsigned untimedSizeLimit();

/// What one instruction counts for in a size, calls aside: 0 for what
/// compiles to nothing (stack slots and their loads and stores, phis, casts,
/// unconditional branches, debug and lifetime markers), else 1.
unsigned instructionCost(const llvm::Instruction &I);

/// Answers, with memory, for the functions of one module as they are now:
/// ask before changing any of them.
class SizeOracle {
public:
  bool tooSmallToTime(const llvm::Function &F);
  /// F calls itself and its recursion can be folded (FoldRecursion.h):
  /// its body is at most -fluid-fold-size IR instructions, it calls nothing
  /// but itself, intrinsics and functions too small to time, and functions
  /// too small to time are untimed at all (-fluid-untimed-size=0,
  /// time every function, folds nothing).
  bool foldsRecursion(const llvm::Function &F);

private:
  std::optional<unsigned> size(const llvm::Function &F);
  std::optional<unsigned> measure(const llvm::Function &F);
  std::optional<unsigned> measureBody(const llvm::Function &F);
  std::optional<unsigned> measureLoops(const llvm::Function &F);
  std::optional<unsigned> countInstructions(
      const llvm::Function &F,
      llvm::function_ref<unsigned(const llvm::BasicBlock &)> Times);
  std::optional<unsigned> callSize(const llvm::CallBase &Call);

  llvm::DenseMap<const llvm::Function *, std::optional<unsigned>> Memo;
  // The function being measured has a comdat: its record is shared with
  // other objects, which must come to the same answer.
  bool Shared = false;
};

} // namespace fluid

#endif // FLUID_PASSES_UNTIMEDSIZE_H

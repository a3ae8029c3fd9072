//===- FoldRecursion.h - Recursion counted, not timed, call by call -------===//
//
// A function that calls itself (fib) pays a hook pair on every call: 8,000
// hooked calls for one fib(18), for a body of a few instructions.
// fluid-instrument folds the recursion of such a function (at most
// -fluid-fold-size IR instructions, 400 by default) into its outermost
// activation instead:
//
//   F        keeps its hooks; its calls to itself go to F.fluid.rec with the
//            address of a local counter, and before each exit hook a
//            non-zero count is handed to the runtime:
//                __fluid_fold(record, count)
//            which adds it to F's calls and to the edge F -> F.
//   F.fluid.rec  a copy of F's body with one more parameter, the counter:
//            no hooks, a plain add to the counter on entry (the counter is on
//            the stack of the thread that runs the recursion, so the count
//            is exact without an atomic), its calls to itself passing it on.
//
// F's time is then measured once per outermost call, over the whole
// recursion: its self and inclusive cycles are what they were, less the
// hooks. Calls stay exact; F -> F carries the recursive calls and 0
// cycles, as a recursive edge always has. What is lost is per-call min/max
// (they are per outermost call).
//
// The count waits in the outermost call until it returns, so nothing the
// recursion calls may leave it another way: only a function that calls
// nothing but itself, intrinsics and functions too small to time (no
// longjmp, no exit) is folded, one that cannot unwind (C, noexcept, or C++
// without exception handling of its own: calling nothing that throws, it
// cannot throw), with a fixed argument list and no musttail call. Only
// direct recursion is (F calling F; not F calling G calling F). Nothing is
// folded when every function is timed (-fluid-untimed-size=0, fluid-cc
// --fluid-time-all) or with -fluid-fold-size=0.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_PASSES_FOLDRECURSION_H
#define FLUID_PASSES_FOLDRECURSION_H

#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"

namespace fluid {

/// True when F calls itself directly and could be folded (above); the size
/// rule is the caller's.
bool canFoldRecursion(const llvm::Function &F);

struct FoldedRecursion {
  llvm::AllocaInst *Calls; // F's counter: an i64 stack slot, zero on entry
  llvm::Function *Copy;    // F.fluid.rec
};

/// Before F gets its hooks: create F.fluid.rec and send F's calls to itself
/// there.
FoldedRecursion foldRecursion(llvm::Function &F);

/// After the hooks: before the exit hook `Exit`, hand a non-zero count to
/// `Fold` (void(ptr record, i64 count)).
void addFoldCall(llvm::Instruction &Exit, llvm::AllocaInst &Counter,
                 llvm::Value &Record, llvm::FunctionCallee Fold);

} // namespace fluid

#endif // FLUID_PASSES_FOLDRECURSION_H

//===- LateUntimed.h - Timed before inlining, too small after -------------===//
//
// Before inlining, the size of a function is its front-end IR: a loop the
// optimizer later folds to a closed form (sum of 1..n), a bounds check it
// proves away, a loop it unrolls to two instructions all look like work
// worth timing. At the optimizer's end (fluid-instrument's second run,
// pre-inline placement) the pass looks again at each timed function of the
// module, in every copy its hooks ended up in, and gives it the call counter
// instead of its hooks when every copy is too small to time:
//
//   its own body    no loops, no calls but intrinsics and its own hooks,
//                   at most -fluid-untimed-size instructions, the hooks'
//                   own aside (UntimedSize.h);
//   an inlined copy its entry and exit hook in one block, nothing but
//                   intrinsics called between them, at most as many
//                   instructions between them.
//
// Its record is then marked untimed, as if it had been from the start: its
// enter hooks become counter adds, its exit hooks go, and its time is its
// callers'. A copy that fails the test keeps the function timed everywhere,
// since a record is timed or untimed, never both. Records shared between
// objects (comdat) are left alone: another object may have decided the
// other way. So is a recursion folded into its outermost call.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_PASSES_LATEUNTIMED_H
#define FLUID_PASSES_LATEUNTIMED_H

#include "llvm/IR/Module.h"

namespace fluid {

/// The module's hook functions, whose calls the pass replaces, and how the
/// counter that replaces them adds (emitCallCount, Records.h).
struct LateUntimedHooks {
  llvm::Function *Enter;
  llvm::Function *Exit;
  bool AtomicCount;
};

/// Returns the number of functions that became untimed.
unsigned markLateUntimed(llvm::Module &M, const LateUntimedHooks &Hooks);

} // namespace fluid

#endif // FLUID_PASSES_LATEUNTIMED_H

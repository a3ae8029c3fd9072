//===- PromoteCounters.h - Call counters kept in registers through loops -===//
//
// `fluid-promote-counters` takes the atomic call counters of untimed
// functions (Records.h's emitCallCount: `atomicrmw add` to a record in
// `fluid_records`) out of loops, as LLVM's PGO lowering promotes its
// counters: inside a loop the count is kept in a register, and each exit of
// the loop adds it to the record with one atomic add. Before inlining such a
// counter travels with its function's body into every loop that calls it;
// one `lock add` per iteration is what made pre-inline placement slow.
//
// A loop is promoted only when nothing in it can look at a record: it calls
// nothing but intrinsics and functions of this module that only count
// their calls, so no hook, no function that writes the profile and no
// exit() can run while its count is in a register. The pass gives it a
// preheader and exits whose predecessors are all in the loop. Loops are
// taken innermost first, so an inner loop's exit adds move out of the outer
// loop too. The totals are exact; what changes is when they reach the
// record: at the loop's exit, not on each iteration (a profile written by
// another thread while the loop runs misses the running loop's calls).
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_PASSES_PROMOTECOUNTERS_H
#define FLUID_PASSES_PROMOTECOUNTERS_H

#include "llvm/IR/PassManager.h"

namespace fluid {

class PromoteCountersPass : public llvm::PassInfoMixin<PromoteCountersPass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &FAM);
  static bool isRequired() { return true; }
};

} // namespace fluid

#endif // FLUID_PASSES_PROMOTECOUNTERS_H

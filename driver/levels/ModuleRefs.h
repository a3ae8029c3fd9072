//===- ModuleRefs.h - What a function or a variable refers to --*- C++ -*-===//
//
// The global values a function body or a variable's initializer uses, and
// whether a use is the callee of a direct call: what the level split
// (SplitModule) follows to decide which symbols each part needs, and to
// drop the internal copies a part holds but does not reach.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_LEVELS_MODULEREFS_H
#define FLUID_LEVELS_MODULEREFS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"

namespace fluid {
namespace levels {

/// A reference from a body or an initializer to a global value.
struct Ref {
  const llvm::GlobalValue *Target;
  bool DirectCall; // the callee of a call in a function body
};

/// Every global value F's body, personality, prefix and prologue data use.
llvm::SmallVector<Ref, 16> refsOfFunction(const llvm::Function &F);
/// Every global value GV's initializer uses.
llvm::SmallVector<Ref, 8> refsOfInitializer(const llvm::GlobalVariable &GV);
/// True when every use of F is as the callee of a call (its address is
/// never taken).
bool onlyCalledDirectly(const llvm::Function &F);
/// Removes the internal definitions of Candidates that nothing outside
/// them reaches (a recursive function's use of itself does not keep it).
void dropUnreachable(llvm::ArrayRef<llvm::GlobalValue *> Candidates);

} // namespace levels
} // namespace fluid

#endif // FLUID_LEVELS_MODULEREFS_H

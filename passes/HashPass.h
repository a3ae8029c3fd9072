//===- HashPass.h - Stamp each function with its structural hash ---------===//
//
// The profile identifies a function by name and by a structural hash, so a
// profile taken from one build is never applied to a function whose body has
// changed since. The hash must be taken at a fixed point of the pipeline, before
// any optimization, or the same source compiled at -O1 and -O3 would disagree:
// `fluid-hash` runs at pipeline start and records the hash as the function
// attribute "fluid-hash"; `fluid-instrument` reads it later, after inlining.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_PASSES_HASHPASS_H
#define FLUID_PASSES_HASHPASS_H

#include "llvm/IR/PassManager.h"

#include <cstdint>

namespace fluid {

/// Name of the function attribute holding the hash as 16 hex digits.
inline constexpr const char HashAttribute[] = "fluid-hash";

/// Hash of the function's shape: blocks, successors, opcodes, predicates,
/// direct callees and types. Debug, lifetime and other annotation intrinsics
/// are ignored, so clang's -O0 and -O2 front-end output hash the same.
uint64_t computeStructuralHash(const llvm::Function &F);

/// The stamped hash if `fluid-hash` ran, else the hash computed now.
uint64_t functionHash(const llvm::Function &F);

class HashPass : public llvm::PassInfoMixin<HashPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace fluid

#endif // FLUID_PASSES_HASHPASS_H

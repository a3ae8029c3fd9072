//===- PartBuilder.h - One part of the level split, built ------*- C++ -*-===//
//
// Builds one part of the level split (SplitModule.h) from a fresh parse of
// its level's front end, by the decisions made for every part beforehand
// (PartOwnership.h: what it owns; PartContents.h: what it holds besides):
// its own definitions keep their bodies, with the plan's section and the
// level's marks (optsize, minsize); offered bodies become
// available_externally, copies stay internal while used, and every other
// definition becomes a reference to its owner's (SymbolLinkage.h). With -S,
// the internal symbols it holds but does not own get names of their own.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_PARTBUILDER_H
#define FLUID_DRIVER_LEVELS_PARTBUILDER_H

#include "PartContents.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

namespace llvm {
class Function;
class GlobalValue;
class Module;
} // namespace llvm

namespace fluid {
namespace levels {

class PartBuilder {
public:
  PartBuilder(const Ownership &Owners, const PartContents &Contents,
              llvm::StringRef Tag, const SplitOptions &Options);

  /// Makes \p M, a fresh parse of part \p L's front end, that part.
  llvm::Error build(llvm::Module &M, OptLevel L) const;

private:
  using DeadList = llvm::SmallVector<llvm::GlobalValue *, 16>;
  void giveAliasesBodies(llvm::Module &M, OptLevel L) const;
  void keepOwn(llvm::Function &F, OptLevel L) const;
  void referToOwner(llvm::GlobalValue &GV, DeadList &MaybeDead) const;
  void buildFunctions(llvm::Module &M, OptLevel L, DeadList &MaybeDead) const;
  void buildVariables(llvm::Module &M, OptLevel L, DeadList &MaybeDead) const;
  void declareIndirect(llvm::Module &M, OptLevel L) const;
  void nameCopies(llvm::Module &M, OptLevel L) const;
  void promoteIfShared(llvm::GlobalValue &GV) const;

  const Ownership &Owners;
  const PartContents &Contents;
  llvm::StringRef Tag;
  SplitOptions Options;
  /// The structural hash of each function the command line's front end
  /// defines, as the profile recorded it.
  llvm::StringMap<uint64_t> Hashes;
};

} // namespace levels
} // namespace fluid

#endif // FLUID_DRIVER_LEVELS_PARTBUILDER_H

//===- PartOwnership.h - Which part owns each definition -------*- C++ -*-===//
//
// The one ownership rule of the level split (SplitModule.h): each function
// and variable of a translation unit is defined in exactly one part, the
// part of its owner level. Owners are decided once, on the module of the
// command line's front end (on which the levels were chosen), and found by
// name from every part's front end. Every later question of the split (what
// a part walks from, keeps, offers, renames or makes a reference) asks
// owns() or ownerInPart() here.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_PARTOWNERSHIP_H
#define FLUID_DRIVER_LEVELS_PARTOWNERSHIP_H

#include "SplitModule.h"

#include "llvm/ADT/StringMap.h"

#include <map>
#include <memory>
#include <optional>

namespace llvm {
class GlobalValue;
class GlobalVariable;
} // namespace llvm

namespace fluid {
namespace levels {

/// Levels from the slowest code to the fastest (O0 0 ... O3 5).
int speedRank(OptLevel L);

/// LLVM's own globals (llvm.used, llvm.global_ctors...): no part owns them.
bool isSpecial(const llvm::GlobalValue &GV);

/// String literals and other unnamed constants: any part may have its own
/// copy, since no program can tell copies apart; no part owns them.
bool isCopyableConstant(const llvm::GlobalVariable &GV);

class Ownership {
public:
  Ownership(const std::map<FrontEnd, std::unique_ptr<llvm::Module>> &Views,
            const LevelChoice &Choice, OptLevel CommandLine);

  /// Whether part \p L holds the one definition of \p GV, a global of its
  /// own front end: the question every part's build asks of every
  /// definition. A private copy is no part's, except that the base part's
  /// copy of a variable counts as its own (it keeps its name under -S; the
  /// other parts' are renamed).
  bool owns(const llvm::GlobalValue &GV, OptLevel L) const;
  /// The owner of \p GV, a global of part \p L's front end (std::nullopt:
  /// a declaration or a copyable constant).
  std::optional<OptLevel> ownerInPart(const llvm::GlobalValue &GV,
                                      OptLevel L) const;
  /// The owner of \p GV, a global of the command line's front end.
  std::optional<OptLevel> ownerOf(const llvm::GlobalValue &GV) const;
  /// An internal function or variable the command line's front end gives
  /// no owner: each part that still uses it keeps a copy of its own.
  bool isPrivateCopy(const llvm::GlobalValue &GV) const;

  /// The part that owns what no planned function decides (aliases of
  /// nothing, ifuncs, unplanned globals, the constructor tables): the
  /// command line's level when a part has it, else the first part's.
  OptLevel baseLevel() const { return BaseLevel; }
  /// The command line's front end, on which the levels were chosen.
  const llvm::Module &base() const { return Base; }
  /// Part \p L's front end, read only.
  const llvm::Module &viewOf(OptLevel L) const {
    return *Views.at(frontEndOf(L));
  }
  const LevelChoice &choice() const { return Choice; }

private:
  void placeFunctions();
  void placeVariables();

  const std::map<FrontEnd, std::unique_ptr<llvm::Module>> &Views;
  const llvm::Module &Base;
  const LevelChoice &Choice;
  OptLevel BaseLevel;
  llvm::StringMap<OptLevel> FunctionOwner;
  llvm::StringMap<OptLevel> VarOwner;
};

} // namespace levels
} // namespace fluid

#endif // FLUID_DRIVER_LEVELS_PARTOWNERSHIP_H

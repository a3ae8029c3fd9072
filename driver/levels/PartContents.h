//===- PartContents.h - What each part holds besides its own ---*- C++ -*-===//
//
// A part of the level split (SplitModule.h) holds the definitions it owns
// (PartOwnership.h) and, found by walking what they use in the part's own
// front end: bodies of other parts' functions offered for inlining,
// internal functions and constants copied into it, and references to what
// other parts own. Such a reference decides what the owner must do: an
// internal symbol is shared under a promoted name, a discardable one is
// kept alive. These decisions are made once, for every part, before any
// part is built (PartBuilder.h applies them).
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_PARTCONTENTS_H
#define FLUID_DRIVER_LEVELS_PARTCONTENTS_H

#include "PartOwnership.h"

#include "llvm/ADT/StringSet.h"

#include <map>

namespace llvm {
class Function;
} // namespace llvm

namespace fluid {
namespace levels {

class PartContents {
public:
  /// Walks every part of \p Owners' choice.
  PartContents(const Ownership &Owners, const SplitOptions &Options);

  /// Another part refers to internal symbol \p Name: it is shared under its
  /// promoted name (PartNames.h) in every part.
  bool isPromoted(llvm::StringRef Name) const {
    return Promote.contains(Name);
  }
  /// Another part uses discardable definition \p Name: its owner keeps it.
  bool isKeptAlive(llvm::StringRef Name) const {
    return KeepAlive.contains(Name);
  }
  /// Part \p L holds an available_externally body of function \p Name.
  bool isOffered(OptLevel L, llvm::StringRef Name) const;
  /// Part \p L holds an internal copy of \p Name (function or constant).
  bool isCopied(OptLevel L, llvm::StringRef Name) const;

private:
  void walkPart(OptLevel L);
  void keepTables();
  bool offerable(const llvm::Function &F, OptLevel L) const;
  bool copyable(const llvm::Function &F, OptLevel L) const;
  void share(const llvm::GlobalValue &GV);

  const Ownership &Owners;
  SplitOptions Options;
  llvm::StringSet<> Promote;
  llvm::StringSet<> KeepAlive; // linkonce definitions other parts use
  std::map<OptLevel, llvm::StringSet<>> Offer, Copy;
};

} // namespace levels
} // namespace fluid

#endif // FLUID_DRIVER_LEVELS_PARTCONTENTS_H

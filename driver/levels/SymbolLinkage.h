//===- SymbolLinkage.h - The linkage changes a part makes ------*- C++ -*-===//
//
// A part of the level split (SplitModule.h) changes only the linkage of the
// globals it keeps, and names: an internal symbol another part uses is
// promoted (hidden, external, under PartNames' promoted name); a discardable
// definition another part uses is kept alive (weak instead of linkonce); a
// body offered for inlining is available_externally; a definition another
// part owns becomes a reference to it (a declaration). These are linkage
// matters only, unrelated to whether a function is timed or counted.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_SYMBOLLINKAGE_H
#define FLUID_DRIVER_LEVELS_SYMBOLLINKAGE_H

#include "llvm/ADT/StringRef.h"

namespace llvm {
class Function;
class GlobalValue;
} // namespace llvm

namespace fluid {
namespace levels {

/// Internal \p GV becomes hidden and external under its promoted name for
/// \p Tag; a function keeps the profile name of the internal function it
/// was.
void promote(llvm::GlobalValue &GV, llvm::StringRef Tag);

/// A linkonce definition becomes weak: its owner's optimizer may no longer
/// drop it, and the linker still merges it with other objects' copies.
void keepAlive(llvm::GlobalValue &GV);

/// \p F's body stays for inlining only: available_externally, outside any
/// comdat and section.
void offerBody(llvm::Function &F);

/// Definition \p GV (not internal) becomes a reference to its owner's: a
/// declaration, except that plain constant data stays available_externally.
void makeReference(llvm::GlobalValue &GV);

} // namespace levels
} // namespace fluid

#endif // FLUID_DRIVER_LEVELS_SYMBOLLINKAGE_H

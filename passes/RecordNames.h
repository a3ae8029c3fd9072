//===- RecordNames.h - The names a record gives its function -------------===//
//
// A record's names field is "<qualified name>\0<source file>\0"
// (runtime/fluid_rt.h): the name the profile, fluid-prof and fluid-cc know
// the function by, and the source it came from.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_PASSES_RECORDNAMES_H
#define FLUID_PASSES_RECORDNAMES_H

#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"

#include <string>

namespace fluid {

/// The profile's name of F: its linkage name, or "file.c:name" for an
/// internal function, as clang's PGO names it.
std::string qualifiedName(const llvm::Function &F);

/// M's source path, relative to the compiler's working directory when
/// given absolute.
std::string sourcePath(const llvm::Module &M);

} // namespace fluid

#endif // FLUID_PASSES_RECORDNAMES_H

//===- AssemblyJoin.h - The parts' assembly as one file (-S) ---*- C++ -*-===//
//
// fluid-cc --fluid-profile -S compiles each level's part to assembly; the
// parts are joined into the one file the build expects. Each part's local
// labels (".L...", and the code generator's numbered locals such as
// GCC_except_table1) become its own, promoted internal symbols get their own
// names back and lose the .globl/.hidden that made them shareable, and a
// comdat group several parts emit (a personality reference) is kept once,
// as a linker would keep it.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_ASSEMBLYJOIN_H
#define FLUID_DRIVER_LEVELS_ASSEMBLYJOIN_H

#include "PartNames.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <utility>

namespace fluid {
namespace levels {

/// Writes the assembly files \p Parts, in order, to \p Out; \p Promoted
/// maps each promoted (hidden, unique) name to the symbol's own name.
llvm::Error
joinAssembly(llvm::ArrayRef<PartFile> Parts,
             llvm::ArrayRef<std::pair<std::string, std::string>> Promoted,
             const std::string &Out);

} // namespace levels
} // namespace fluid

#endif

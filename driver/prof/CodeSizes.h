//===- CodeSizes.h - Functions' code bytes in a binary -----------*- C++ -*-===//
//
// The measured policy needs each function's code size at every level: read
// here from an ELF binary or object's symbol table with LLVM's Object
// library, as `llvm-nm --print-size` shows it. Function symbols are named
// the way profiles name functions: a global by its name, a local one as
// "file.c:name" after the FILE symbol that precedes it (clang writes the
// source's base name there, and profiles qualify internal functions with the
// same), a local without one by its bare name. Symbols at the same address
// (aliases: C++ constructor variants, `.localalias`, `alias` attributes) are
// one block of code, counted once. Only code in `.text` and `.text.*`
// sections counts (`.text.hot.*`, `.text.unlikely.*` included), as the
// binary's `.text` size does.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_CODESIZES_H
#define FLUID_DRIVER_PROF_CODESIZES_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fluid {

/// The code at one address: its size and every name it goes by.
struct CodeBlock {
  /// The symbol's size, plus the alignment padding before it (a gap from
  /// the block before, in its section, shorter than its own alignment).
  uint64_t Bytes = 0;
  std::vector<std::string> Names; // profile-style: "name" or "file.c:name"
};

struct CodeSizes {
  std::string Path;
  std::string Arch;       // "x86_64", "i386", ... (llvm::Triple's names)
  uint64_t TextBytes = 0; // `.text` and `.text.*` sections, summed
  std::vector<CodeBlock> Blocks; // in address order
};

/// Reads the function symbols of the ELF binary or object in Buffer. Path
/// names it in the one-line error (not ELF, no symbol table, a damaged
/// symbol).
llvm::Expected<CodeSizes> readCodeSizes(llvm::MemoryBufferRef Buffer,
                                        llvm::StringRef Path);

/// The same for the file at Path.
llvm::Expected<CodeSizes> readCodeSizesFile(llvm::StringRef Path);

/// A symbol name with a compiler's clone suffix removed ("f.cold.1",
/// "f.specialized.2", "f.llvm.123", "f.part.0" give "f"); std::string()
/// when Name has none. Only the part after the last ':' (a local's file
/// prefix) is looked at.
std::string stripCloneSuffix(llvm::StringRef Name);

} // namespace fluid

#endif // FLUID_DRIVER_PROF_CODESIZES_H

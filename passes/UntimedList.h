//===- UntimedList.h - Functions a profile found untimed --------*- C++ -*-===//
//
// -fluid-untimed-list=FILE (fluid-cc --fluid-untimed=FILE) names functions
// that are untimed (only count their calls), as a function too small to time
// is (UntimedSize.h), whatever their size: those a previous profile found
// below the probe floor (their self time per call mostly the hooks' own)
// and that called no timed function (fluid-prof untimed writes the list). A function is matched by its profile name and structural hash, so
// a list made from an older version of it does not apply. The file:
//
//   # fluid-untimed 1
//   <name>\t<16 hex digits: the hash>
//   ...
//
// with more '#' comment lines and blank lines allowed.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_PASSES_UNTIMEDLIST_H
#define FLUID_PASSES_UNTIMEDLIST_H

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace fluid {

class UntimedList {
public:
  /// The list -fluid-untimed-list names; empty without the option. The
  /// error names the file and line.
  static llvm::Expected<UntimedList> load();
  /// Parses a list's text; Path names it in errors.
  static llvm::Expected<UntimedList> parse(llvm::StringRef Text,
                                           llvm::StringRef Path);

  bool empty() const { return Hashes.empty(); }
  bool contains(llvm::StringRef Name, uint64_t Hash) const;

private:
  llvm::StringMap<std::vector<uint64_t>> Hashes;
};

} // namespace fluid

#endif // FLUID_PASSES_UNTIMEDLIST_H

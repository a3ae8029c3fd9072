//===- CountOnlyList.h - Functions a profile found too small to time -----===//
//
// -fluid-count-only-list=FILE (fluid-cc --fluid-count-only=FILE) names
// functions that only count their calls, as a function too small to time
// does (UntimedSize.h), whatever their size: those a previous profile found
// below the probe floor (their self time per call mostly the hooks' own)
// and that called no timed function (fluid-prof count-only writes the
// list). A function is matched by its profile name and structural hash, so
// a list made from an older version of it does not apply. The file:
//
//   # fluid-count-only 1
//   <name>\t<16 hex digits: the hash>
//   ...
//
// with more '#' comment lines and blank lines allowed.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_PASSES_COUNTONLYLIST_H
#define FLUID_PASSES_COUNTONLYLIST_H

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace fluid {

class CountOnlyList {
public:
  /// The list -fluid-count-only-list names; empty without the option. The
  /// error names the file and line.
  static llvm::Expected<CountOnlyList> load();
  /// Parses a list's text; Path names it in errors.
  static llvm::Expected<CountOnlyList> parse(llvm::StringRef Text,
                                             llvm::StringRef Path);

  bool empty() const { return Hashes.empty(); }
  bool contains(llvm::StringRef Name, uint64_t Hash) const;

private:
  llvm::StringMap<std::vector<uint64_t>> Hashes;
};

} // namespace fluid

#endif // FLUID_PASSES_COUNTONLYLIST_H

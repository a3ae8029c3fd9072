//===- NameMatch.h - Which function of a profile is which -------*- C++ -*-===//
//
// The one owner of the rule by which a function is found among a profile's
// (or a plan's) functions: by its profile name ("file.c:name" for internal
// functions) and structural hash, preferring the entries of its own file
// (one build's programs each have their `main`), then the same code moved
// from another file, then an internal function's bare name and hash (a
// renamed file, or a name the profile qualified with "@<hash>" because it
// clashed). fluid-cc applies it to the functions it compiles
// (driver/levels/LevelChoice.cpp); fluid-prof diff to the functions of two
// profiles.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_NAMEMATCH_H
#define FLUID_DRIVER_PROF_NAMEMATCH_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fluid {

/// A profile name as source and symbols spell it: a clashing name's
/// "@<hash>" qualifier dropped ("util.c@0123456789abcdef:helper" is
/// "util.c:helper", "name@0123..." "name").
std::string unqualifiedName(llvm::StringRef Name);

/// What an entry is known by: its name as the profile writes it, the file
/// it was compiled from, its structural hash.
struct FunctionKey {
  std::string Name;
  std::string File;
  uint64_t Hash = 0;
};

class FunctionMatcher {
public:
  explicit FunctionMatcher(llvm::ArrayRef<FunctionKey> Entries);

  struct Found {
    /// The entry that is the function, if one is.
    std::optional<size_t> Match;
    /// Entries of its name in its file exist, none of its hash: its code
    /// changed since (fluid-cc calls the plan stale for it). Then the one
    /// such entry, when there is exactly one.
    bool Changed = false;
    std::optional<size_t> Previous;
  };

  /// Name is the function's profile name without a "@<hash>" qualifier,
  /// File the source file it is compiled from (compared by file name),
  /// Local whether it is internal (its name then has a "file:" prefix).
  Found find(llvm::StringRef Name, llvm::StringRef File, uint64_t Hash,
             bool Local) const;

private:
  std::vector<FunctionKey> Entries;
  std::unordered_multimap<std::string, size_t> ByName;
  std::map<std::pair<std::string, uint64_t>, std::vector<size_t>> ByBareName;
};

} // namespace fluid

#endif // FLUID_DRIVER_PROF_NAMEMATCH_H

//===- Merge.h - Profiles of one build summed into one ----------*- C++ -*-===//
//
// What fluid-prof merge computes (docs/fluid-prof.md): profiles of one
// build (build id, target, clock, version, context capacity and the
// function records all agree) added one at a time into an accumulator the
// size of one profile, so ten thousand runs never sit in memory together.
// Counters are multiplied by the input's weight and summed exactly, then
// saturate at 2^64-1, each saturated counter counted once in
// events.saturations; the result is the same whatever the order of the
// inputs: edges ordered by (caller, callee), contexts matched by their path
// of functions and written depth first, children in function order.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_MERGE_H
#define FLUID_DRIVER_PROF_MERGE_H

#include "Profile.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fluid {

class ProfileMerger {
public:
  /// Adds P, read from Path, Weight times (Weight >= 1). A profile of
  /// another build is a one-line error naming Path, the first input and the
  /// field that differs; the accumulator is then unchanged.
  llvm::Error add(const Profile &P, llvm::StringRef Path, uint64_t Weight);

  /// How many profiles were added.
  size_t count() const { return Count; }

  /// The sum as a profile (at least one added).
  Profile result() const;

private:
  /// A sum kept exactly up to 2^64-1, then stopped there.
  struct Counter {
    uint64_t Value = 0;
    bool Over = false;
    void add(uint64_t Amount, uint64_t Weight);
  };
  struct FunctionSum {
    Counter Calls, Self, Total;
    std::optional<uint64_t> Min; // over the inputs where it ran
    uint64_t Max = 0;
  };
  struct NodeSum {
    int64_t Parent;
    uint64_t Function;
    Counter Calls, Self, Total;
  };

  llvm::Error sameBuild(const Profile &P, llvm::StringRef Path) const;
  void addFunctions(const Profile &P, uint64_t Weight);
  void addContexts(const Profile &P, uint64_t Weight);
  std::vector<ContextNode> contexts(uint64_t &Saturations) const;

  size_t Count = 0;
  Profile First; // the first input: header and records, figures unused
  std::string FirstPath;
  uint64_t ProbeInner = 0, ProbeOuter = 0;
  std::vector<FunctionSum> Functions;
  std::map<std::pair<std::string, std::string>, std::pair<Counter, Counter>>
      Edges;
  std::vector<NodeSum> Nodes;
  std::map<std::pair<int64_t, uint64_t>, size_t> NodeIndex;
  std::map<std::string, Counter> Events;
};

} // namespace fluid

#endif // FLUID_DRIVER_PROF_MERGE_H

//===- CostTable.h - Per-function cycles and bytes at every level -*- C++ -*-=//
//
// The measured policy's input (docs/measured-levels.md): one program built
// at several uniform levels, each build profiled (instrumented after
// inlining) and measured (its uninstrumented binary's symbol sizes). The
// table gives every function its self cycles, calls and bytes at each
// level, and groups functions into units: a function missing from some
// level's profile was inlined (or removed) there, its time and code are its
// callers', so it joins its callers in one unit, and a unit shares one
// level.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_COSTTABLE_H
#define FLUID_DRIVER_PROF_COSTTABLE_H

#include "CodeSizes.h"
#include "Plan.h"
#include "Profile.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fluid {

/// One uniform build: its level, its profiles (runs of that one build,
/// summed) and the sizes read from its uninstrumented twin.
struct LevelMeasurement {
  OptLevel Level = OptLevel::O2;
  std::vector<Profile> Profiles;
  std::vector<std::string> ProfilePaths;
  CodeSizes Sizes;
};

/// Per level, in CostTable::Levels order.
struct LevelFigures {
  bool Present = false; // in that level's profile
  uint64_t Calls = 0;
  uint64_t SelfCycles = 0;
  uint64_t TotalCycles = 0;
  uint64_t Bytes = 0;
  /// How far the level's runs spread around SelfCycles (the median run,
  /// scaled to the runs' sum): 0 for one run or an exact clock.
  uint64_t Noise = 0;
};

struct CostFunction {
  std::string Name; // as the profiles name it
  std::string File;
  uint64_t Hash = 0;
  std::vector<LevelFigures> At; // one per level
  unsigned Unit = 0;
};

struct CostUnit {
  std::vector<unsigned> Members; // into CostTable::Functions, by name
  std::vector<uint64_t> Cycles;  // per level: the members' self cycles
  std::vector<uint64_t> Bytes;   // per level: the members' code
  std::vector<OptLevel> InlinedAt; // levels missing some member
  // Set when a mixed build's profile corrected the table
  // (MixedCorrection.h): the levels its members recorded there, per level
  // the uniform cycles a mixed figure replaced, and the functions only the
  // mixed profile has whose cycles count in this unit's corrected cell.
  std::vector<OptLevel> MixedLevels;
  std::vector<std::optional<uint64_t>> UniformCycles;
  std::vector<std::string> MixedOnly;
  /// Per level: the members' noise (LevelFigures::Noise), summed; empty
  /// when every level's runs agree.
  std::vector<uint64_t> Noise;
  uint64_t noise(size_t L) const { return L < Noise.size() ? Noise[L] : 0; }

  /// Whether the cycles at level index L were measured in a mixed build.
  bool corrected(size_t L) const {
    return L < UniformCycles.size() && UniformCycles[L].has_value();
  }
};

/// What a mixed build's profile did to the table (MixedCorrection.h).
struct MixedSummary {
  size_t Profiles = 0;
  uint64_t BuildId = 0;
  uint64_t SelfCycles = 0;         // the mixed profiles', summed
  unsigned UnitsCorrected = 0;     // one measured level there: cell replaced
  unsigned UnitsSplit = 0;         // members at several levels there
  unsigned UnitsAbsent = 0;        // no member there
  unsigned UnitsUnmeasured = 0;    // one level there the table lacks
  unsigned NewFunctions = 0;       // there only
  unsigned NewJoined = 0;          // of those, counted in a corrected unit
  uint64_t UnattributedCycles = 0; // the other new functions' self cycles
};

struct CostTable {
  std::vector<OptLevel> Levels; // O0 .. Oz order, each once
  std::string Target;
  std::string Clock;
  std::vector<PlanSource> Sources;   // every profile, level by level
  std::vector<size_t> Runs;          // per level: its profiles, summed
  std::vector<uint64_t> TextBytes;   // per level: the binary's .text
  std::vector<uint64_t> OtherBytes;  // per level: .text no function owns
  std::vector<uint64_t> TotalCycles; // per level: the profiles' self cycles
  std::vector<CostFunction> Functions; // ordered by name, then file
  std::vector<CostUnit> Units;         // ordered by their first member
  std::optional<MixedSummary> Mixed;   // when a mixed build corrected it

  /// Index of L in Levels, or -1.
  int levelIndex(OptLevel L) const;
};

/// Builds the table. One-line errors: a level given twice, profiles of one
/// level from different builds, profiles of different targets or clocks,
/// a function whose structural hash differs between levels (different
/// sources), levels without a function in common, a binary of another
/// architecture than the profiles', figures too large to add up.
llvm::Expected<CostTable>
buildCostTable(std::vector<LevelMeasurement> Measurements);

/// A + B, or 2^64-1 when it does not fit: how the table's figures add.
inline uint64_t saturatingAdd(uint64_t A, uint64_t B) {
  return A + B < A ? UINT64_MAX : A + B;
}

/// A one-line error of the table's (or a mixed build's) inputs.
llvm::Error costError(const llvm::Twine &Message);

/// The runs of one build summed by function name (names are unique within a
/// profile): a uniform build's for one level of the table, or a mixed
/// build's (MixedCorrection.h).
struct RunSum {
  std::map<std::string, FunctionProfile> Functions; // figures added up
  std::map<std::string, std::vector<uint64_t>> RunCycles; // one per profile
  std::vector<EdgeProfile> Edges;                         // every run's
};

/// Adds F, of run Run of Runs, to Sum: its self cycles kept for that run
/// (0 in a run it is missing from), its calls and cycles added to its
/// earlier runs'. Returns its entry of an earlier run (its figures now the
/// sum), or null when this is its first run.
const FunctionProfile *addRunFunction(RunSum &Sum, const FunctionProfile &F,
                                      size_t Run, size_t Runs);

/// Runs of one build: a function's median run, and the largest distance of
/// a run from it (its noise).
struct RunSpread {
  uint64_t Median = 0;
  uint64_t Spread = 0;
};
RunSpread medianRun(llvm::ArrayRef<uint64_t> Runs);

/// A per-run figure on the scale of Runs runs' sum (saturating): how cells
/// keep a level's runs.
uint64_t scaleToRuns(uint64_t PerRun, size_t Runs);

/// Refuses tables whose figures add up to 2^62 or more: the optimizer adds
/// units' figures in 64 bits and multiplies two sums in 128.
llvm::Error checkTableMagnitudes(const CostTable &T);

/// Writes the table as JSON, one unit per line (docs/measured-levels.md):
/// for reports and for reading by eye, not read back by Fluid.
void writeCostTable(const CostTable &Table, llvm::raw_ostream &OS);

} // namespace fluid

#endif // FLUID_DRIVER_PROF_COSTTABLE_H

//===- MeasuredPlan.h - Levels chosen from measured costs --------*- C++ -*-===//
//
// The "measured" policy (docs/measured-levels.md): from a cost table, pick
// each unit's level with the exact multiple-choice knapsack (Knapsack.h)
// for one of two goals, the fastest code under a .text budget or the
// smallest under a cycles budget, and write a plan (docs/plan-format.md)
// whose reasons name the figures behind each level.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_MEASUREDPLAN_H
#define FLUID_DRIVER_PROF_MEASUREDPLAN_H

#include "CostTable.h"
#include "Plan.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fluid {

enum class MeasuredGoal {
  FastestUnderText,   // least cycles with .text <= the budget
  SmallestUnderCycles // least .text with cycles <= the budget
};

struct MeasuredOptions {
  MeasuredGoal Goal = MeasuredGoal::FastestUnderText;
  /// A number (bytes or cycles) or a measured level's name: that uniform
  /// build's .text, or its profiles' self cycles.
  std::string Budget;
  /// The level the build's command line gives code no profile times (not
  /// instrumented, not matched): its bytes at this level are a fixed cost.
  OptLevel UntimedLevel = OptLevel::Oz;
};

struct MeasuredResult {
  Plan P;
  std::vector<OptLevel> UnitLevels; // per CostTable unit
  uint64_t Budget = 0;              // resolved: bytes or cycles
  uint64_t PredictedCycles = 0;     // the units' self cycles
  uint64_t PredictedText = 0;       // the units' bytes + the fixed bytes
  uint64_t FixedBytes = 0;          // .text no profile times
};

/// The budget Spelling means for Goal: a decimal number or a measured
/// level's uniform figure. Errors name the option (--max-text=...).
llvm::Expected<uint64_t> resolveBudget(const CostTable &Table,
                                       MeasuredGoal Goal,
                                       llvm::StringRef Spelling);

/// Solves and writes the plan. One-line errors: the untimed level or a
/// budget's level not measured, a budget nothing meets (naming the
/// smallest figure any choice reaches).
llvm::Expected<MeasuredResult> planMeasured(const CostTable &Table,
                                            const MeasuredOptions &Options);

/// "1,210": how reasons and summaries print figures.
std::string withThousands(uint64_t N);

} // namespace fluid

#endif // FLUID_DRIVER_PROF_MEASUREDPLAN_H

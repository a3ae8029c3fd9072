//===- MeasuredPlan.cpp - Levels chosen from measured costs ---------------===//
//
// See MeasuredPlan.h. Each unit is a knapsack group whose options are the
// measured levels; for the .text goal the weight is bytes and the value
// cycles, for the cycles goal the other way round. The fixed bytes (code no
// profile times, at the untimed level) come off a .text budget first.
//
//===----------------------------------------------------------------------===//

#include "MeasuredPlan.h"
#include "Knapsack.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <tuple>

using namespace llvm;

#ifndef FLUID_VERSION
#define FLUID_VERSION "unknown"
#endif

namespace fluid {

std::string withThousands(uint64_t N) {
  std::string Digits = std::to_string(N), Out;
  for (size_t I = 0; I < Digits.size(); ++I) {
    if (I && (Digits.size() - I) % 3 == 0)
      Out += ',';
    Out += Digits[I];
  }
  return Out;
}

namespace {

Error measuredError(const Twine &Message) {
  return createStringError(inconvertibleErrorCode(), Message);
}

StringRef budgetOption(MeasuredGoal Goal) {
  return Goal == MeasuredGoal::FastestUnderText ? "--max-text" : "--max-cycles";
}

std::string levelList(const CostTable &T) {
  std::string List;
  for (OptLevel L : T.Levels)
    List += (List.empty() ? "" : ", ") + levelName(L).str();
  return List;
}

/// "O3 would add 820 B to save 310 cycles": what level A would change
/// against level C in unit U.
std::string tradeOff(const CostTable &T, const CostUnit &U, unsigned C,
                     unsigned A) {
  std::string Text = (levelName(T.Levels[A]) + " would ").str();
  if (U.Bytes[A] >= U.Bytes[C])
    Text += "add " + withThousands(U.Bytes[A] - U.Bytes[C]) + " B";
  else
    Text += "save " + withThousands(U.Bytes[C] - U.Bytes[A]) + " B";
  if (U.Cycles[A] < U.Cycles[C])
    Text += " to save " + withThousands(U.Cycles[C] - U.Cycles[A]) + " cycles";
  else if (U.Cycles[A] > U.Cycles[C])
    Text += " for " + withThousands(U.Cycles[A] - U.Cycles[C]) +
            " more cycles";
  else
    Text += " for the same cycles";
  return Text;
}

/// The level a reason compares with: toward the goal's figure first (the
/// fastest level faster than C, or the smallest level smaller than C),
/// else the best level the other way; -1 when there is no other level.
int alternative(const CostTable &T, const CostUnit &U, unsigned C,
                MeasuredGoal Goal) {
  bool Speed = Goal == MeasuredGoal::FastestUnderText;
  auto Key = [&](unsigned L, bool BySpeed) {
    return BySpeed ? std::make_tuple(U.Cycles[L], U.Bytes[L], L)
                   : std::make_tuple(U.Bytes[L], U.Cycles[L], L);
  };
  for (bool BySpeed : {Speed, !Speed}) {
    int Best = -1;
    for (unsigned L = 0; L < T.Levels.size(); ++L) {
      bool Better = BySpeed ? U.Cycles[L] < U.Cycles[C] : U.Bytes[L] < U.Bytes[C];
      if (Better && (Best < 0 || Key(L, BySpeed) < Key(Best, BySpeed)))
        Best = L;
    }
    if (Best >= 0)
      return Best;
  }
  for (unsigned L = 0; L < T.Levels.size(); ++L)
    if (L != C)
      return L;
  return -1;
}

/// The unit's cycles per level as the optimizer weighs them. Levels whose
/// cycles differ by no more than their runs' noise (the spread of a real
/// clock's runs, CostTable.h) are ties, and the smaller code wins: under a
/// .text budget the larger level is weighed at the smaller one's cycles
/// (so it is dominated: heavier, no faster), under a cycles budget the
/// smaller one at the larger's (as fast, and smaller). Without noise (one
/// run, an exact clock) these are the measured cycles.
std::vector<uint64_t> weighedCycles(const CostUnit &U, MeasuredGoal Goal) {
  std::vector<uint64_t> C = U.Cycles;
  if (U.Noise.empty())
    return C;
  for (size_t S = 0; S < C.size(); ++S)
    for (size_t L = 0; L < C.size(); ++L) {
      if (U.Bytes[S] >= U.Bytes[L])
        continue; // S is the smaller code
      uint64_t Diff = U.Cycles[S] > U.Cycles[L] ? U.Cycles[S] - U.Cycles[L]
                                                : U.Cycles[L] - U.Cycles[S];
      if (Diff > U.noise(S) + U.noise(L))
        continue;
      if (Goal == MeasuredGoal::FastestUnderText)
        C[L] = std::max(C[L], U.Cycles[S]);
      else
        C[S] = std::min(C[S], U.Cycles[L]);
    }
  return C;
}

/// " (O3 within the runs' noise, 1,200 cycles: the smaller code kept)"
/// when a faster level lost to the chosen one as a tie, else "".
std::string tieNote(const CostTable &T, const CostUnit &U, unsigned C) {
  for (unsigned L = 0; L < T.Levels.size(); ++L) {
    if (L == C || U.Bytes[L] <= U.Bytes[C] || U.Cycles[L] >= U.Cycles[C])
      continue;
    if (U.Cycles[C] - U.Cycles[L] <= U.noise(C) + U.noise(L))
      return formatv(" ({0} {1} cycles faster, within the runs' noise of {2}: "
                     "the smaller code kept)",
                     levelName(T.Levels[L]),
                     withThousands(U.Cycles[C] - U.Cycles[L]),
                     withThousands(U.noise(C) + U.noise(L)))
          .str();
  }
  return "";
}

/// One unit's reason, shared by its members: the unit (if it has several
/// functions), the chosen level's figures, one trade-off.
std::string unitReason(const CostTable &T, const CostUnit &U, unsigned C,
                       MeasuredGoal Goal) {
  std::string Text;
  if (U.Members.size() > 1) {
    Text = formatv("unit of {0} (", U.Members.size()).str();
    for (size_t I = 0; I < U.Members.size() && I < 3; ++I)
      Text += (I ? ", " : "") + T.Functions[U.Members[I]].Name;
    if (U.Members.size() > 3)
      Text += formatv(" and {0} more", U.Members.size() - 3).str();
    if (!U.InlinedAt.empty()) {
      Text += "; inlined at";
      for (OptLevel L : U.InlinedAt)
        Text += " " + levelName(L).str();
    }
    Text += "): ";
  }
  Text += formatv("{0}: {1} B, {2} cycles", levelName(T.Levels[C]),
                  withThousands(U.Bytes[C]), withThousands(U.Cycles[C]))
              .str();
  if (U.corrected(C))
    Text +=
        " (mixed build; uniform " + withThousands(*U.UniformCycles[C]) + ")";
  Text += tieNote(T, U, C);
  int A = alternative(T, U, C, Goal);
  if (A < 0)
    return Text + "; the only level measured";
  return Text + "; " + tradeOff(T, U, C, unsigned(A));
}

Plan choicePlan(const CostTable &T, ArrayRef<unsigned> Choice,
               MeasuredGoal Goal) {
  Plan P;
  P.Producer = "fluid-prof " FLUID_VERSION;
  P.Policy = MeasuredPolicyName.str();
  P.Sources = T.Sources;
  std::vector<std::string> Reasons;
  for (size_t U = 0; U < T.Units.size(); ++U)
    Reasons.push_back(unitReason(T, T.Units[U], Choice[U], Goal));
  for (const CostFunction &F : T.Functions) {
    unsigned L = Choice[F.Unit];
    const LevelFigures &At = F.At[L];
    P.Functions.push_back({F.Name, F.File, F.Hash, T.Levels[L],
                           Reasons[F.Unit], At.Calls, At.SelfCycles,
                           At.TotalCycles, ""});
    // The listed functions' (plan-format.md): a corrected unit's cycles
    // may also hold those of functions only the mixed build has.
    P.TotalSelfCycles += At.SelfCycles;
  }
  return P;
}

} // namespace

Expected<uint64_t> resolveBudget(const CostTable &T, MeasuredGoal Goal,
                                 StringRef Spelling) {
  uint64_t Number;
  if (!Spelling.getAsInteger(10, Number))
    return Number;
  std::optional<OptLevel> Level = parseLevel(Spelling);
  if (!Level)
    return measuredError(formatv("{0}={1}: not a number nor a level (O0, O1, "
                                 "O2, O3, Os, Oz)",
                                 budgetOption(Goal), Spelling));
  int L = T.levelIndex(*Level);
  if (L < 0)
    return measuredError(formatv("{0}={1}: level {2} is missing from the "
                                 "tables (measured: {3})",
                                 budgetOption(Goal), Spelling,
                                 levelName(*Level), levelList(T)));
  return Goal == MeasuredGoal::FastestUnderText ? T.TextBytes[L]
                                                : T.TotalCycles[L];
}

Expected<MeasuredResult> planMeasured(const CostTable &T,
                                      const MeasuredOptions &Options) {
  int Untimed = T.levelIndex(Options.UntimedLevel);
  if (Untimed < 0)
    return measuredError(formatv(
        "--untimed-level={0}: level {0} is missing from the tables "
        "(measured: {1}): the code no profile times is costed at it",
        levelName(Options.UntimedLevel), levelList(T)));
  Expected<uint64_t> Budget = resolveBudget(T, Options.Goal, Options.Budget);
  if (!Budget)
    return Budget.takeError();
  bool Text = Options.Goal == MeasuredGoal::FastestUnderText;
  MeasuredResult R;
  R.Budget = *Budget;
  R.FixedBytes = T.OtherBytes[Untimed];

  std::vector<std::vector<KnapsackOption>> Groups;
  for (const CostUnit &U : T.Units) {
    std::vector<uint64_t> Cycles = weighedCycles(U, Options.Goal);
    Groups.emplace_back();
    for (size_t L = 0; L < T.Levels.size(); ++L)
      Groups.back().push_back(Text ? KnapsackOption{U.Bytes[L], Cycles[L]}
                                   : KnapsackOption{Cycles[L], U.Bytes[L]});
  }
  uint64_t Fixed = Text ? R.FixedBytes : 0;
  uint64_t Lightest = lightestTotalWeight(Groups) + Fixed;
  std::optional<KnapsackSolution> S;
  if (R.Budget >= Fixed)
    S = solveMultipleChoice(Groups, R.Budget - Fixed);
  if (!S)
    return measuredError(formatv(
        "{0}={1} ({2} {3}): no choice of levels meets it: the {4} reachable "
        "is {5} {3}{6}",
        budgetOption(Options.Goal), Options.Budget, withThousands(R.Budget),
        Text ? "B" : "cycles", Text ? "smallest .text" : "fewest cycles",
        withThousands(Lightest),
        Text ? formatv(" (each unit at its smallest level, plus {0} B no "
                       "profile times, at {1})",
                       withThousands(Fixed), levelName(Options.UntimedLevel))
                   .str()
             : std::string(" (each unit at its fastest level)")));
  R.PredictedText = (Text ? S->Weight : S->Value) + R.FixedBytes;
  // The measured cycles of the levels chosen (a tie may have weighed a
  // level at another's).
  for (size_t I = 0; I < S->Choice.size(); ++I) {
    R.UnitLevels.push_back(T.Levels[S->Choice[I]]);
    R.PredictedCycles += T.Units[I].Cycles[S->Choice[I]];
  }
  R.P = choicePlan(T, S->Choice, Options.Goal);
  return R;
}

} // namespace fluid

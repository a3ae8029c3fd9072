//===- Options.cpp - fluid-cc's option tables -----------------------------===//
//
// The tables are small (tens of entries): exact spellings are found by
// binary search, joined prefixes by a scan that keeps the longest match.
//
//===----------------------------------------------------------------------===//

#include "Options.h"

#include <algorithm>
#include <utility>
#include <cstring>

using namespace llvm;

namespace fluid {
namespace driver {

static const ClangOption ClangTable[] = {
#define CLANG_OPTION(ID, SPELLING, KIND)                                       \
  {ClangOptionID::ID, SPELLING, OptionKind::KIND},
#include "Options.def"
};

static const FluidOption FluidTable[] = {
#define FLUID_OPTION(ID, SPELLING, KIND, HELP)                                 \
  {FluidOptionID::ID, SPELLING, OptionKind::KIND, HELP},
#include "Options.def"
};

ArrayRef<ClangOption> clangOptions() { return ClangTable; }
ArrayRef<FluidOption> fluidOptions() { return FluidTable; }

template <typename OptionT>
static Match<OptionT> findIn(ArrayRef<OptionT> Table, StringRef Arg) {
  Match<OptionT> Result;
  auto It = std::lower_bound(
      Table.begin(), Table.end(), Arg,
      [](const OptionT &O, StringRef A) { return StringRef(O.Spelling) < A; });
  if (It != Table.end() && Arg == It->Spelling) {
    Result.Opt = &*It;
    Result.IsExact = true;
    // A Joined spelling matched exactly has an empty value ("--target=").
    return Result;
  }
  size_t Longest = 0;
  for (const OptionT &O : Table) {
    if (O.Kind != OptionKind::Joined && O.Kind != OptionKind::JoinedOrSeparate)
      continue;
    size_t Length = std::strlen(O.Spelling);
    if (Length > Longest && Arg.starts_with(O.Spelling)) {
      Longest = Length;
      Result.Opt = &O;
      Result.JoinedValue = Arg.drop_front(Length);
    }
  }
  return Result;
}

Match<ClangOption> findClangOption(StringRef Arg) {
  return findIn(clangOptions(), Arg);
}

Match<FluidOption> findFluidOption(StringRef Arg) {
  return findIn(fluidOptions(), Arg);
}

StringRef renamedFluidOption(StringRef Arg) {
  static const std::pair<const char *, const char *> Renamed[] = {
#define RENAMED_FLUID_OPTION(OLD, NEW) {OLD, NEW},
#include "Options.def"
  };
  StringRef Name = Arg.split('=').first;
  for (auto [Old, New] : Renamed)
    if (Name == Old)
      return New;
  return "";
}

StringRef nearestFluidOption(StringRef Arg) {
  StringRef Name = Arg.split('=').first;
  StringRef Best;
  unsigned BestDistance = ~0u;
  for (const FluidOption &O : fluidOptions()) {
    StringRef Candidate = StringRef(O.Spelling).split('=').first;
    unsigned Distance = Name.edit_distance(Candidate);
    if (Distance < BestDistance) {
      BestDistance = Distance;
      Best = O.Spelling;
    }
  }
  return Best;
}

} // namespace driver
} // namespace fluid

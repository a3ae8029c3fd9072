//===- Untimed.cpp - Functions to leave untimed in the next build ---------===//
//
// See Untimed.h.
//
//===----------------------------------------------------------------------===//

#include "Untimed.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"

using namespace llvm;

namespace fluid {

Expected<std::vector<PlanFunction>>
untimedFunctions(ArrayRef<Profile> Profiles, ArrayRef<std::string> Paths) {
  Expected<Plan> P = makePlan(Profiles, Paths, PolicyOptions());
  if (!P)
    return P.takeError();
  StringSet<> Listed;
  for (const PlanFunction &F : P->Functions)
    if (!F.Untrusted.empty())
      Listed.insert(F.Name);
  // Drop a function that called one not on the list, until none does.
  for (bool Dropped = true; Dropped;) {
    Dropped = false;
    for (const Profile &Prof : Profiles)
      for (const EdgeProfile &E : Prof.Edges)
        if (E.Calls && Listed.contains(E.Caller) &&
            !Listed.contains(E.Callee)) {
          Listed.erase(E.Caller);
          Dropped = true;
        }
  }
  std::vector<PlanFunction> Result;
  for (PlanFunction &F : P->Functions)
    if (!F.Untrusted.empty() && Listed.contains(F.Name))
      Result.push_back(std::move(F));
  return Result;
}

void writeUntimedList(ArrayRef<PlanFunction> Functions, raw_ostream &OS) {
  OS << "# fluid-untimed 1\n"
     << "# Functions a profile could not time above the probe floor; "
        "fluid-cc\n"
     << "# --fluid-untimed=FILE leaves them untimed: it counts their calls "
        "only.\n"
     << "# <name>\\t<structural hash>\n";
  for (const PlanFunction &F : Functions)
    OS << F.Name << '\t' << format_hex_no_prefix(F.Hash, 16) << "\n";
}

} // namespace fluid

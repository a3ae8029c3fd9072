//===- ProfileFuzzer.cpp - libFuzzer target for the profile and plan readers
//===//
//
// Any byte string either reads as a profile or plan or is refused with an
// error; the readers must never crash, hang or read out of bounds (ASan and
// UBSan watch). Accepted inputs must also satisfy the invariants the readers
// promise, so a validation hole shows up as a crash too: profile totals add
// up, and every plan (read, or made from a profile under either policy)
// gives every function a reason and writes back to the same bytes and
// digest. Every accepted profile is also checked for figures that do not
// add up (Accounting.h, what plan refuses): each problem must be one line,
// and the one-line error must agree with the list. Logs are read both ways: strictly (any damaged frame refused, as
// fluid-cc reads) and recovering (damaged frames passed over with one
// warning line each, as fluid-prof reads); a profile the strict reader
// accepts must be the one the recovering reader picks, without a warning.
//
//===----------------------------------------------------------------------===//

#include "Accounting.h"
#include "Plan.h"
#include "Profile.h"

#include <cstdlib>

using namespace llvm;

static void checkAccounting(const fluid::Profile &P) {
  std::vector<std::string> Problems = fluid::accountingProblems(P);
  for (const std::string &Line : Problems)
    if (Line.empty() || StringRef(Line).contains('\n'))
      abort();
  Error E = fluid::checkAccounting(P, "fuzz");
  if (bool(E) != !Problems.empty())
    abort();
  if (E) {
    std::string Line = toString(std::move(E));
    if (StringRef(Line).contains('\n') ||
        !StringRef(Line).contains(Problems.front()))
      abort();
  }
}

static void checkProfile(const fluid::Profile &P) {
  uint64_t Calls = 0;
  bool Overflowed = false;
  for (const fluid::FunctionProfile &F : P.Functions)
    Overflowed |= __builtin_add_overflow(Calls, F.Calls, &Calls);
  // Older runtimes wrapped the sum, newer ones saturate it.
  if ((Calls != P.TotalCalls && !(Overflowed && P.TotalCalls == UINT64_MAX)) ||
      P.Clock.empty())
    abort();
  checkAccounting(P);
}

static std::string written(const fluid::Plan &P) {
  std::string Text;
  raw_string_ostream OS(Text);
  fluid::writePlan(P, OS);
  return Text;
}

/// Made says the plan came from makePlan, whose reasons are never empty.
static void checkPlan(Expected<fluid::Plan> P, bool Made) {
  if (!P) {
    consumeError(P.takeError());
    return;
  }
  for (const fluid::PlanFunction &F : P->Functions)
    if (Made && F.Reason.empty())
      abort();
  std::string Text = written(*P);
  Expected<fluid::Plan> Again = fluid::parsePlan(Text, "fuzz");
  if (!Again || written(*Again) != Text ||
      fluid::planDigest(*Again) != fluid::planDigest(*P))
    abort();
}

/// Reads Input as fluid-prof does, checking each warning is one line.
/// Strict is what strict reading picked, if it accepted Input.
static void readRecovering(StringRef Input, int Index,
                           const fluid::PickedPayload *Strict) {
  unsigned Warnings = 0;
  auto Warn = [&](const Twine &Message) {
    std::string Line = Message.str();
    if (Line.empty() || StringRef(Line).contains('\n'))
      abort();
    ++Warnings;
  };
  Expected<fluid::PickedPayload> Picked =
      fluid::pickPayload(Input, "fuzz", Index, Warn);
  if (!Picked) {
    consumeError(Picked.takeError());
    if (Strict) // strict reading accepted it: recovering must too
      abort();
    return;
  }
  if (Strict && (Warnings || Strict->Json != Picked->Json ||
                 Strict->Index != Picked->Index))
    abort();
  // What fluid-prof extract writes reads back as bare JSON, unchanged.
  Expected<fluid::Profile> P = fluid::parseProfile(Picked->Json, "fuzz");
  if (!P) {
    consumeError(P.takeError());
    return;
  }
  Expected<fluid::PickedPayload> Again =
      fluid::pickPayload(Picked->Json, "fuzz");
  if (!Again || Again->Json != Picked->Json)
    abort();
  checkProfile(*P);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Input(reinterpret_cast<const char *>(Data), Size);
  for (int Index : {-1, 0, 1}) {
    Expected<fluid::PickedPayload> Strict =
        fluid::pickPayload(Input, "fuzz", Index);
    readRecovering(Input, Index, Strict ? &*Strict : nullptr);
    if (!Strict)
      consumeError(Strict.takeError());
    Expected<fluid::Profile> P = fluid::readProfile(Input, "fuzz", Index);
    if (!P) {
      consumeError(P.takeError());
      continue;
    }
    checkProfile(*P);
    fluid::PolicyOptions BareFlow;
    BareFlow.Kind = fluid::PolicyKind::BareFlow;
    checkPlan(fluid::makePlan(*P, std::string("fuzz"), BareFlow), true);
    checkPlan(fluid::makePlan(*P, std::string("fuzz"), {}), true);
  }
  checkPlan(fluid::parsePlan(Input, "fuzz"), false);
  checkPlan(fluid::readPlanOrProfile(Input, "fuzz"), false);
  return 0;
}

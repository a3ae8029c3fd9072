//===- ProfileFuzzer.cpp - libFuzzer target for the profile reader -------===//
//
// Any byte string either reads as a profile or is refused with an error;
// the reader must never crash, hang or read out of bounds (ASan and UBSan
// watch). Accepted profiles must also satisfy the invariants the reader
// promises, so a validation hole shows up as a crash too.
//
//===----------------------------------------------------------------------===//

#include "Profile.h"

#include <cstdlib>

using namespace llvm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Input(reinterpret_cast<const char *>(Data), Size);
  for (int Index : {-1, 0, 1}) {
    Expected<fluid::Profile> P = fluid::readProfile(Input, "fuzz", Index);
    if (!P) {
      consumeError(P.takeError());
      continue;
    }
    uint64_t Calls = 0;
    for (const fluid::FunctionProfile &F : P->Functions)
      Calls += F.Calls;
    if (Calls != P->TotalCalls || P->Clock.empty())
      abort();
  }
  return 0;
}

// A clock difference that is negative (a thread moved to a core whose clock
// is behind) or absurd (a jump of 2^60 ticks, a virtual machine's clock) is
// an event, not a figure: each is counted in events.clock_anomalies and
// charged as 0 cycles, so the function's self and inclusive stay 0, its
// caller's figures stay true, nothing saturates, and the profile passes
// fluid-prof validate (run by profile_check). On the simulated clock
// (test/README.md): goes_back's window ends 100000 ticks before it began,
// jumps_ahead's lasts 2^60 ticks, and rewinds takes that jump back within
// its own window; steady's 5000 cycles are exact, and main's window is
// whole (the jumps cancel out across it): its own 200007 cycles less the
// 100000 goes_back took back.
// RUN: %clang -O1 -DFLUID_SIM_CLOCK %fluid_cc_instrument %s -o %t %fluid_link_sim_clock
// RUN: env FLUID_PROFILE_FILE=%t.profile %t
// RUN: %profile_check %t.profile | FileCheck %s
#include <stdint.h>

#include "../Inputs/sim_clock.h"

__attribute__((noinline)) void steady(void) { SIM_WORK(5000); }

/* Unsigned arithmetic: adding 2^64 - n takes the clock n ticks back. */
__attribute__((noinline)) void goes_back(void) { SIM_WORK(-(uint64_t)100000); }

__attribute__((noinline)) void jumps_ahead(void) { SIM_WORK(1ull << 60); }

__attribute__((noinline)) void rewinds(void) { SIM_WORK(-(1ull << 60)); }

int main(void) {
  SIM_WORK(200000); /* so that goes_back's step back stays inside main's window */
  steady();
  goes_back();
  jumps_ahead();
  rewinds();
  SIM_WORK(7);
  return 0;
}
// CHECK: function goes_back calls=1 self=0 total=0 min=0 max=0
// CHECK: function jumps_ahead calls=1 self=0 total=0 min=0 max=0
// CHECK: function main calls=1 self=100007 total=105007
// CHECK: function rewinds calls=1 self=0 total=0 min=0 max=0
// CHECK: function steady calls=1 self=5000 total=5000
// CHECK: event clock_anomalies=3
// CHECK: event saturations=0

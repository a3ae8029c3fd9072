// Self cycles: a function that only calls others keeps only its own work
// (the calibrated probe cost is subtracted), the busy leaf it calls has its
// own. On the simulated clock (test/README.md), so to the cycle: SIM_WORK
// gives busy_leaf 200000 cycles a call, tiny 1 and only_calls 5 per round,
// and the hooks' 50 cycles a read are all subtracted.
// RUN: %clang -O1 -DFLUID_SIM_CLOCK %fluid_cc_instrument %s -o %t %fluid_link_sim_clock
// RUN: env FLUID_PROFILE_FILE=%t.profile %t
// RUN: %python %S/../Inputs/profile_check.py %t.profile --near probe_cost.inner=50@0% | %FileCheck %s
#include <stdint.h>

#include "../Inputs/sim_clock.h"

volatile uint64_t sink;

__attribute__((noinline)) void tiny(void) {
  SIM_WORK(1);
  sink++;
}

__attribute__((noinline)) void busy_leaf(void) {
  SIM_WORK(200000);
  for (int i = 0; i < 200000; i++)
    sink += (uint64_t)i * i;
}

__attribute__((noinline)) void only_calls(void) {
  for (int i = 0; i < 20; i++) {
    SIM_WORK(5);
    busy_leaf();
    tiny();
    tiny();
  }
}

int main(void) {
  only_calls();
  return 0;
}
// CHECK: function busy_leaf calls=20 self=4000000 total=4000000 min=200000 max=200000
// CHECK: function only_calls calls=1 self=100 total=4000140 min=4000140 max=4000140
// CHECK: function tiny calls=40 self=40 total=40 min=1 max=1

// A 64-bit call counter that would wrap stops at UINT64_MAX and the profile
// counts the saturation: the record starts two below the maximum, three more
// calls arrive. totals.calls, their sum with call_it's, saturates too and
// is counted as the second saturation.
// RUN: %clang -O1 %fluid_cc_instrument %s -o %t %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.profile %t
// RUN: %python %S/../Inputs/profile_check.py %t.profile | %FileCheck %s
#include <fluid_rt.h>

__attribute__((section(FLUID_RECORD_SECTION), used)) struct fluid_record nearly_full = {
    .counters = {.calls = UINT64_MAX - 2, .min_cycles = UINT64_MAX},
    .hash = 1,
    .names = "nearly_full\0runtime-counter-saturation.c",
};

__attribute__((noinline)) void call_it(void) {
  __fluid_enter(&nearly_full, __builtin_frame_address(0));
  __fluid_exit(&nearly_full, __builtin_frame_address(0));
}

int main(void) {
  for (int i = 0; i < 3; i++)
    call_it();
  return 0;
}
// CHECK: function call_it calls=3
// CHECK: function nearly_full calls=18446744073709551615
// CHECK: event saturations=2

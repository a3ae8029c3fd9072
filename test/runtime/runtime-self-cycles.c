// Self cycles: a function that only calls others keeps almost none (the
// calibrated probe cost is subtracted), the busy leaf it calls has nearly all.
// RUN: %clang -O1 %fluid_cc_instrument %s -o %t %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.profile %t
// RUN: %python %S/../Inputs/profile_check.py %t.profile --ratio 'only_calls.self_cycles/busy_leaf.self_cycles<0.02' --ratio 'busy_leaf.self_cycles/busy_leaf.total_cycles<1.01' | %FileCheck %s
#include <stdint.h>

volatile uint64_t sink;

__attribute__((noinline)) void tiny(void) { sink++; }

__attribute__((noinline)) void busy_leaf(void) {
  for (int i = 0; i < 200000; i++)
    sink += (uint64_t)i * i;
}

__attribute__((noinline)) void only_calls(void) {
  for (int i = 0; i < 20; i++) {
    busy_leaf();
    tiny();
    tiny();
  }
}

int main(void) {
  only_calls();
  return 0;
}
// CHECK: function busy_leaf calls=20
// CHECK: function only_calls calls=1
// CHECK: function tiny calls=40
// CHECK: ratio only_calls.self_cycles/busy_leaf.self_cycles below 0.02

// Recursion 100,000 deep overflows the hosted shadow stack (16,384 frames,
// one the barrier, one main): calls stay exact, the 100,000 - 16,382 = 83,618
// calls made beyond it are counted as overflows, and the stack is balanced.
// RUN: %clang -O0 %fluid_cc_instrument %s -o %t %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.profile %t | %FileCheck --check-prefix=OUT %s
// RUN: %python %S/../Inputs/profile_check.py %t.profile | %FileCheck %s
#include <fluid_rt.h>
#include <stdio.h>

int dive(int n) { return n == 0 ? 0 : 1 + dive(n - 1); }

int main(void) {
  int deepest = dive(99999);
  printf("deepest=%d depth=%u\n", deepest, __fluid_depth());
  return 0;
}
// OUT: deepest=99999 depth=1
// CHECK: function dive calls=100000
// CHECK: edge dive -> dive calls=16381
// CHECK: event orphan_exits=0
// CHECK: event stack_overflows=83618
// CHECK: event unwound_frames=0

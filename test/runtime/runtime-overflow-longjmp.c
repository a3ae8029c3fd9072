// A longjmp out of a recursion deeper than the shadow stack (20,000 frames
// against 16,384) followed by a new call: the runtime drops the untracked
// frames, closes the stale stored ones as unwound and stays exact and
// balanced, three times over (never looping, never crashing).
// RUN: %clang -O0 %fluid_cc_instrument %s -o %t %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.profile %t | %FileCheck --check-prefix=OUT %s
// RUN: %python %S/../Inputs/profile_check.py %t.profile | %FileCheck %s
#include <fluid_rt.h>
#include <setjmp.h>
#include <stdio.h>

static jmp_buf escape;
static volatile int sink;

void dive(int n) {
  if (n == 0)
    longjmp(escape, 1);
  dive(n - 1);
  sink++; /* no tail call: every level keeps its frame */
}

void after(void) { sink++; }

int main(void) {
  for (int round = 0; round < 3; round++) {
    if (!setjmp(escape))
      dive(19999);
    after();
  }
  printf("depth=%u\n", __fluid_depth());
  return 0;
}
// main's frame is the only one left.
// OUT: depth=1
// CHECK: function after calls=3
// CHECK: function dive calls=60000
// Each round, 16,381 stored dive -> dive edges; every dive frame unwound.
// CHECK: edge dive -> dive calls=49143
// CHECK: edge main -> after calls=3
// CHECK: edge main -> dive calls=3
// CHECK: event orphan_exits=0
// CHECK: event stack_overflows=10854
// CHECK: event unwound_frames=60000

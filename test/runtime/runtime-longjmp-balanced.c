// 1,000 longjmp escapes through three instrumented frames: the runtime closes
// the stale frames (3 x 1,000 unwound), counts stay exact for the frames
// escaped and for the function called after each escape, and the stack is
// balanced once the function holding the setjmp returns.
// RUN: %clang -O1 %fluid_cc_instrument %s -o %t %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.profile %t | %FileCheck --check-prefix=OUT %s
// RUN: %python %S/../Inputs/profile_check.py %t.profile | %FileCheck %s
#include <fluid_rt.h>
#include <setjmp.h>
#include <stdio.h>

static jmp_buf escape;
volatile int sink;

__attribute__((noinline)) void third(int i) { sink += i; longjmp(escape, 1); }
__attribute__((noinline)) void second(int i) { third(i); sink++; }
__attribute__((noinline)) void first(int i) { second(i); sink++; }
__attribute__((noinline)) void after(int i) { sink -= i; }

__attribute__((noinline)) void run(void) {
  for (volatile int i = 0; i < 1000; i++) {
    if (!setjmp(escape))
      first(i);
    after(i);
  }
}

int main(void) {
  run();
  printf("depth=%u\n", __fluid_depth());
  return 0;
}
// OUT: depth=1
// CHECK: function after calls=1000
// CHECK: function first calls=1000
// CHECK: function run calls=1
// CHECK: function second calls=1000
// CHECK: function third calls=1000
// CHECK: edge run -> first calls=1000
// CHECK: event orphan_exits=0
// CHECK: event unwound_frames=3000

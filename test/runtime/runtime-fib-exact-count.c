// Recursive fib(20) calls fib exactly 21,891 times: at -O0, and at -O2 with
// pre-inline placement, where the inliner copies fib's hooks into itself and
// the runtime must nest those copies (null frame) without losing a call.
// RUN: %clang -O0 %fluid_cc_instrument %s -o %t.O0 %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.O0.profile %t.O0 | %FileCheck --check-prefix=OUT %s
// RUN: %python %S/../Inputs/profile_check.py %t.O0.profile | %FileCheck %s
// RUN: %clang -O2 %fluid_cc_instrument -mllvm -fluid-placement=pre-inline %s -o %t.O2 %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.O2.profile %t.O2 | %FileCheck --check-prefix=OUT %s
// RUN: %python %S/../Inputs/profile_check.py %t.O2.profile | %FileCheck %s
#include <fluid_rt.h>
#include <stdio.h>

int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void) {
  printf("fib=%d depth=%u\n", fib(20), __fluid_depth());
  return 0;
}
// OUT: fib=6765 depth=1
// CHECK: function fib calls=21891
// CHECK: function main calls=1
// CHECK: edge fib -> fib calls=21890
// CHECK: edge main -> fib calls=1
// CHECK: event orphan_exits=0
// CHECK: event stack_overflows=0
// CHECK: event unwound_frames=0

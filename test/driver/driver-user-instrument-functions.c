// A build that already uses clang's -finstrument-functions hooks keeps them,
// and Fluid still instruments every function: both kinds of hooks fire, for
// each of clang's three spellings of the option, before or after inlining,
// and in either order on the command line.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %fluid_cc --fluid-instrument -O2 -finstrument-functions %s -o %t/pre
// RUN: env FLUID_PROFILE_FILE=%t/pre.profile %t/pre | FileCheck --check-prefix=OUT %s
// RUN: %profile_check %t/pre.profile | FileCheck %s
// RUN: %fluid_cc -finstrument-functions -O2 --fluid-instrument %s -o %t/pre2
// RUN: env FLUID_PROFILE_FILE=%t/pre2.profile %t/pre2 | FileCheck --check-prefix=OUT %s
// RUN: %profile_check %t/pre2.profile | FileCheck %s
// RUN: %fluid_cc --fluid-instrument -O2 -finstrument-functions-after-inlining %s -o %t/post
// RUN: env FLUID_PROFILE_FILE=%t/post.profile %t/post | FileCheck --check-prefix=OUT %s
// RUN: %profile_check %t/post.profile | FileCheck %s
// RUN: %fluid_cc --fluid-instrument=pre-inline -O2 -finstrument-functions-after-inlining %s -o %t/both-pre
// RUN: env FLUID_PROFILE_FILE=%t/both-pre.profile %t/both-pre | FileCheck --check-prefix=OUT %s
// RUN: %profile_check %t/both-pre.profile | FileCheck %s
// RUN: %fluid_cc --fluid-instrument -O2 -DBARE -finstrument-function-entry-bare %s -o %t/bare
// RUN: env FLUID_PROFILE_FILE=%t/bare.profile %t/bare | FileCheck --check-prefix=BARE %s
// RUN: %profile_check %t/bare.profile | FileCheck %s
//
// The user's hooks count ten entries and exits of work() (main and the
// hooks themselves are no_instrument_function).
// OUT: sum=100 enter=10 exit=10
// BARE: sum=100 enter=10 exit=0
// Fluid's profile has work() with its exact count.
// CHECK: function work calls=10
#include <stdio.h>

#define NO_HOOKS __attribute__((no_instrument_function))

static int entries, exits;

NO_HOOKS void __cyg_profile_func_enter(void *fn, void *site) { entries++; }
NO_HOOKS void __cyg_profile_func_exit(void *fn, void *site) { exits++; }
NO_HOOKS void __cyg_profile_func_enter_bare(void) { entries++; }

__attribute__((noinline)) int work(int x) { return x * 2 + 1; }

NO_HOOKS int main(void) {
  int sum = 0;
  for (int i = 0; i < 10; i++)
    sum += work(i);
  printf("sum=%d enter=%d exit=%d\n", sum, entries, exits);
  return 0;
}

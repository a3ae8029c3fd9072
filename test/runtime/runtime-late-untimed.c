// Pre-inline, a function whose loop the optimizer folds to a closed form
// (sum_to) is timed by its front-end size but too small to time once
// optimized: the pass gives it its call counter instead at the optimizer's
// end, in its own body and in the copy inlined into main, and the profile
// marks it untimed. A function whose loop stays (squares) keeps its
// hooks. Counts match LLVM's own instrumentation; the invariants hold.
// RUN: %clang -O0 -fprofile-instr-generate %s -o %t.pgo
// RUN: env LLVM_PROFILE_FILE=%t.profraw %t.pgo > %t.pgo.out
// RUN: %llvm_profdata show --all-functions --counts %t.profraw > %t.oracle
// RUN: %clang -O2 %fluid_cc_instrument -mllvm -fluid-untimed-size=48 -mllvm -fluid-placement=pre-inline %s -o %t.fluid %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.profile %t.fluid > %t.fluid.out
// RUN: cmp %t.pgo.out %t.fluid.out
// RUN: %python %S/../Inputs/compare_oracle.py %t.oracle %t.profile | %FileCheck --check-prefix=ORACLE %s
// RUN: %profile_check %t.profile | %FileCheck %s
// Timing every function keeps sum_to's hooks.
// RUN: %clang -O2 %fluid_cc_instrument -mllvm -fluid-placement=pre-inline %s -o %t.all %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.all.profile %t.all > %t.all.out
// RUN: %profile_check %t.all.profile | %FileCheck --check-prefix=ALL %s
// ORACLE: MATCH 3 functions
// CHECK-DAG: function sum_to calls=2000 self=0 total=0 min=0 max=0 untimed
// CHECK-DAG: function runtime-late-untimed.c:squares calls=2000 self={{[1-9][0-9]*}}
// CHECK-DAG: edge main -> runtime-late-untimed.c:squares calls=2000
// CHECK-NOT: edge {{.*}}sum_to
// ALL: function sum_to calls=2000 self={{[0-9]+}} total={{[0-9]+}} min={{[0-9]+}} max={{[0-9]+}}{{$}}
#include <stdint.h>
#include <stdio.h>

uint32_t sum_to(uint32_t n) {
  uint32_t total = 0;
  for (uint32_t i = 1; i <= n; i++)
    total += i;
  return total;
}

static uint32_t squares(volatile uint32_t *n) {
  uint32_t total = 0;
  for (uint32_t i = 0; i < *n; i++)
    total += i * i;
  return total;
}

int main(void) {
  uint64_t hash = 0;
  for (uint32_t n = 0; n < 2000; n++) {
    volatile uint32_t m = n % 13;
    hash = hash * 31 + sum_to(n) + squares(&m);
  }
  printf("%llu\n", (unsigned long long)hash);
  return 0;
}

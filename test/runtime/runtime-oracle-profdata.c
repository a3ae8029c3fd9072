// External oracle: every function's call count equals the entry count LLVM's
// own instrumentation (-fprofile-instr-generate, llvm-profdata show) reports,
// static functions included (both qualify them as "file.c:name"), at -O0 and at
// -O2 with pre-inline placement.
// RUN: %clang -O0 -fprofile-instr-generate %s -o %t.pgo
// RUN: env LLVM_PROFILE_FILE=%t.profraw %t.pgo > %t.pgo.out
// RUN: %llvm_profdata show --all-functions --counts %t.profraw > %t.oracle
// RUN: %clang -O0 %fluid_cc_instrument %s -o %t.O0 %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.O0.profile %t.O0 > %t.O0.out
// RUN: cmp %t.pgo.out %t.O0.out
// RUN: %python %S/../Inputs/compare_oracle.py %t.oracle %t.O0.profile | %FileCheck %s
// RUN: %clang -O2 %fluid_cc_instrument -mllvm -fluid-placement=pre-inline %s -o %t.O2 %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.O2.profile %t.O2 > %t.O2.out
// RUN: cmp %t.pgo.out %t.O2.out
// RUN: %python %S/../Inputs/compare_oracle.py %t.oracle %t.O2.profile | %FileCheck %s
// With untimed functions (the default: %fluid_cc_instrument times every
// function, so the size is given back here), the tiny functions count their
// calls with a counter that is inlined with their bodies, and the counts
// still match the oracle's.
// RUN: %clang -O2 %fluid_cc_instrument -mllvm -fluid-untimed-size=48 -mllvm -fluid-placement=pre-inline %s -o %t.O2c %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.O2c.profile %t.O2c > %t.O2c.out
// RUN: cmp %t.pgo.out %t.O2c.out
// RUN: %python %S/../Inputs/compare_oracle.py %t.oracle %t.O2c.profile | %FileCheck %s
// RUN: %profile_check %t.O2c.profile | %FileCheck --check-prefix=UNTIMED %s
// RUN: %llvm_nm %t.O2c | %FileCheck --check-prefix=INLINED %s
// Plain counter adds (-fluid-count-update=single) count as exactly.
// RUN: %clang -O2 %fluid_cc_instrument -mllvm -fluid-untimed-size=48 -mllvm -fluid-count-update=single -mllvm -fluid-placement=pre-inline %s -o %t.O2s %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.O2s.profile %t.O2s > %t.O2s.out
// RUN: cmp %t.pgo.out %t.O2s.out
// RUN: %python %S/../Inputs/compare_oracle.py %t.oracle %t.O2s.profile | %FileCheck %s
// RUN: %profile_check %t.O2s.profile | %FileCheck --check-prefix=UNTIMED %s
// CHECK: MATCH 8 functions
// UNTIMED-DAG: function never_called calls=0 self=0 total=0 min=0 max=0 untimed
// UNTIMED-DAG: function runtime-oracle-profdata.c:next_random calls=64 self=0 total=0 min=0 max=0 untimed
// UNTIMED-DAG: function runtime-oracle-profdata.c:swap calls={{[1-9][0-9]*}} self=0 total=0 min=0 max=0 untimed
// UNTIMED-DAG: function sort calls=1 self={{[1-9][0-9]*}}
// The counted functions were inlined: no body of theirs is left.
// INLINED-NOT: {{ (next_random|swap)$}}
#include <stdio.h>

static unsigned state = 12345;
static unsigned next_random(void) { return state = state * 1103515245u + 12345u; }

static int is_prime(int n) {
  if (n < 2)
    return 0;
  for (int d = 2; d * d <= n; d++)
    if (n % d == 0)
      return 0;
  return 1;
}

int count_primes(int below) {
  int count = 0;
  for (int n = 0; n < below; n++)
    count += is_prime(n);
  return count;
}

static void swap(int *a, int *b) { int t = *a; *a = *b; *b = t; }

void sort(int *v, int n) {
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && v[j - 1] > v[j]; j--)
      swap(&v[j - 1], &v[j]);
}

int ackermann(int m, int n) {
  if (m == 0)
    return n + 1;
  if (n == 0)
    return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

int never_called(int x) { return x * 7; }

int main(void) {
  int v[64];
  for (int i = 0; i < 64; i++)
    v[i] = (int)(next_random() % 1000);
  sort(v, 64);
  printf("%d %d %d %d\n", count_primes(500), v[0], v[63], ackermann(2, 3));
  return 0;
}

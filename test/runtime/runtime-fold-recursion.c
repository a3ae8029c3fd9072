// A function that calls itself (fib) is
// timed once per outermost call, its recursion folded: the recursive calls
// count themselves on the stack and are handed to the runtime at the
// outermost exit, as calls and on the edge fib -> fib. Counts stay exact
// against LLVM's own instrumentation, with two threads recursing at once;
// the accounting invariants hold; fib's time is its outermost calls': one
// timed activation per outermost call, so min and max are those calls'.
// Debug info survives the copy (-g, the verifier runs).
// RUN: %clang -O0 -fprofile-instr-generate %s -o %t.pgo -lpthread
// RUN: env LLVM_PROFILE_FILE=%t.profraw %t.pgo > %t.pgo.out
// RUN: %llvm_profdata show --all-functions --counts %t.profraw > %t.oracle
// RUN: %clang -O2 -g %fluid_cc_instrument -mllvm -fluid-untimed-size=48 -mllvm -fluid-placement=pre-inline %s -o %t.fluid %fluid_link_hosted -lpthread
// RUN: env FLUID_PROFILE_FILE=%t.profile %t.fluid > %t.fluid.out
// RUN: cmp %t.pgo.out %t.fluid.out
// RUN: %python %S/../Inputs/compare_oracle.py %t.oracle %t.profile | %FileCheck --check-prefix=ORACLE %s
// RUN: %profile_check %t.profile | %FileCheck %s
// The copy exists and the hooks are not in it.
// RUN: %llvm_nm %t.fluid | %FileCheck --check-prefix=NM %s
// Timing every function: the same counts, and fib's every call is timed.
// RUN: %clang -O2 %fluid_cc_instrument -mllvm -fluid-placement=pre-inline %s -o %t.all %fluid_link_hosted -lpthread
// RUN: env FLUID_PROFILE_FILE=%t.all.profile %t.all > %t.all.out
// RUN: %python %S/../Inputs/compare_oracle.py %t.oracle %t.all.profile | %FileCheck --check-prefix=ORACLE %s
// RUN: %profile_check %t.all.profile | %FileCheck --check-prefix=ALL %s
// ORACLE: MATCH 4 functions
// fib(15) makes 1,973 calls, 987 of them leaves: 21 outermost calls make
// 41,433 and 20,727.
// CHECK-DAG: function fib calls=41433 self=[[SELF:[1-9][0-9]*]] total=[[SELF]] min={{[1-9][0-9]*}}
// CHECK-DAG: edge fib -> fib calls=41412
// CHECK-DAG: edge main -> fib calls=1
// CHECK-DAG: edge runtime-fold-recursion.c:worker -> fib calls=20
// CHECK-DAG: function runtime-fold-recursion.c:leaf calls=20727 self=0 total=0 min=0 max=0 untimed
// CHECK-DAG: function runtime-fold-recursion.c:worker calls=2
// CHECK-DAG: event orphan_exits=0
// NM: fib.fluid.rec
// ALL-DAG: function fib calls=41433
// ALL-DAG: edge fib -> fib calls=41412
// ALL-DAG: function runtime-fold-recursion.c:leaf calls=20727
#include <pthread.h>
#include <stdio.h>

static unsigned leaf(unsigned n) { return n * 3 + 1; }

unsigned fib(unsigned n) {
  if (n < 2)
    return leaf(n);
  return fib(n - 1) + fib(n - 2);
}

static void *worker(void *arg) {
  unsigned long sum = 0;
  for (int i = 0; i < 10; i++)
    sum += fib(15);
  return (void *)sum;
}

int main(void) {
  unsigned long total = fib(15);
  pthread_t threads[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&threads[i], NULL, worker, NULL);
  for (int i = 0; i < 2; i++) {
    void *sum;
    pthread_join(threads[i], &sum);
    total += (unsigned long)sum;
  }
  printf("total %lu\n", total);
  return 0;
}

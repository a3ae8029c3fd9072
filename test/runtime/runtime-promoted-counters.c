// Pre-inline, a tiny function's atomic call counter is inlined into its
// callers' loops; fluid-promote-counters keeps it in a register through each
// loop that calls nothing and adds it to the record at the loop's exits.
// The counts stay exact, against LLVM's own instrumentation as the oracle,
// for nested loops, calls under a condition, early exits, a loop left by
// return, a loop that also calls a function that only counts its calls
// (promoted), a loop that calls a timed function (not promoted: its hooks
// run the runtime), a loop that runs zero times, and two threads counting
// the same function at once.
// RUN: %clang -O0 -fprofile-instr-generate %s -o %t.pgo -lpthread
// RUN: env LLVM_PROFILE_FILE=%t.profraw %t.pgo > %t.pgo.out
// RUN: %llvm_profdata show --all-functions --counts %t.profraw > %t.oracle
// RUN: %clang -O2 %fluid_cc_instrument -mllvm -fluid-untimed-size=48 -mllvm -fluid-placement=pre-inline %s -o %t.fluid %fluid_link_hosted -lpthread
// RUN: env FLUID_PROFILE_FILE=%t.profile %t.fluid > %t.fluid.out
// RUN: cmp %t.pgo.out %t.fluid.out
// RUN: %python %S/../Inputs/compare_oracle.py %t.oracle %t.profile | %FileCheck %s
// RUN: %profile_check %t.profile | %FileCheck --check-prefix=PROFILE %s
// Without promotion the counts are the same.
// RUN: %clang -O2 %fluid_cc_instrument -mllvm -fluid-untimed-size=48 -mllvm -fluid-placement=pre-inline -mllvm -fluid-promote-counters=false %s -o %t.plain %fluid_link_hosted -lpthread
// RUN: env FLUID_PROFILE_FILE=%t.plain.profile %t.plain > %t.plain.out
// RUN: cmp %t.pgo.out %t.plain.out
// RUN: %python %S/../Inputs/compare_oracle.py %t.oracle %t.plain.profile | %FileCheck %s
// The promoted loops have no atomic add left inside; the loop with a call
// keeps its own.
// RUN: %clang -O2 %fluid_cc_instrument -mllvm -fluid-untimed-size=48 -mllvm -fluid-placement=pre-inline %s -S -emit-llvm -o - | %FileCheck --check-prefix=IR %s
// CHECK: MATCH 12 functions
// PROFILE-DAG: function runtime-promoted-counters.c:scale calls=4{{[0-9]+}} self=0 total=0 min=0 max=0 untimed
// PROFILE-DAG: function counted_helper calls=70 self=0 total=0 min=0 max=0 untimed
// PROFILE-DAG: function timed_helper calls=50 self={{[0-9]+}} total={{[0-9]+}} min={{[0-9]+}} max={{[0-9]+}}{{$}}
// PROFILE-DAG: edge with_timed_call -> timed_helper calls=50
// PROFILE-DAG: function runtime-promoted-counters.c:is_odd calls={{[1-9][0-9]*}} self=0 total=0 min=0 max=0 untimed
// IR-LABEL: define {{.*}}i64 @nested(
// IR-NOT: atomicrmw add ptr @__fluid_rec.{{.*}}scale, i64 1
// IR: atomicrmw add ptr @__fluid_rec.{{.*}}scale, i64 %
// IR-LABEL: define {{.*}}i64 @with_timed_call(
// IR: atomicrmw add ptr @__fluid_rec.{{.*}}scale, i64 1
// IR-LABEL: define {{.*}}i64 @with_counted_call(
// IR-NOT: atomicrmw add ptr @__fluid_rec.{{.*}}scale, i64 1
// IR: atomicrmw add ptr @__fluid_rec.{{.*}}scale, i64 %
// IR-LABEL: define
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

static uint64_t scale(uint64_t x) { return x * 3 + 1; }
static int is_odd(uint64_t x) { return x & 1; }

__attribute__((noinline)) uint64_t nested(int n, int m) {
  uint64_t sum = 0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      sum += scale((uint64_t)i * j);
  return sum;
}

__attribute__((noinline)) uint64_t conditional(int n) {
  uint64_t sum = 0;
  for (int i = 0; i < n; i++)
    if (is_odd((uint64_t)i * 7))
      sum += scale(i);
  return sum;
}

__attribute__((noinline)) uint64_t early_exit(int n, uint64_t limit) {
  uint64_t sum = 0;
  for (int i = 0; i < n; i++) {
    sum += scale(i);
    if (sum > limit)
      break;
  }
  return sum;
}

__attribute__((noinline)) int leave_by_return(const uint64_t *v, int n) {
  for (int i = 0; i < n; i++)
    if (is_odd(scale(v[i])))
      return i;
  return -1;
}

__attribute__((noinline)) uint64_t timed_helper(uint64_t x) {
  volatile uint64_t y = 0;
  for (uint64_t i = 0; i < x % 5; i++)
    y += i;
  return y;
}

__attribute__((noinline)) uint64_t counted_helper(uint64_t x) {
  volatile uint64_t y = x;
  return y;
}

__attribute__((noinline)) uint64_t with_timed_call(int n) {
  uint64_t sum = 0;
  for (int i = 0; i < n; i++)
    sum += scale(timed_helper(i));
  return sum;
}

__attribute__((noinline)) uint64_t with_counted_call(int n) {
  uint64_t sum = 0;
  for (int i = 0; i < n; i++)
    sum += scale(counted_helper(i));
  return sum;
}

static void *worker(void *arg) {
  uintptr_t sum = 0;
  for (int round = 0; round < 200; round++)
    sum += nested(10, 10 + round % 3);
  return (void *)sum;
}

int main(void) {
  uint64_t v[5] = {2, 4, 6, 7, 8};
  uint64_t total = nested(17, 13) + conditional(1000) +
                   early_exit(1000, 5000) + early_exit(3, 1u << 30) +
                   nested(0, 5) + (uint64_t)leave_by_return(v, 5) +
                   with_timed_call(50) + with_counted_call(70);
  pthread_t threads[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&threads[i], NULL, worker, NULL);
  for (int i = 0; i < 2; i++) {
    void *sum;
    pthread_join(threads[i], &sum);
    total += (uintptr_t)sum;
  }
  printf("total %llu\n", (unsigned long long)total);
  return 0;
}

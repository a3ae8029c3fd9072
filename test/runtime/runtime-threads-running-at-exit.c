// A program whose two worker threads are still running when main calls
// exit(0) writes a profile whose figures add up, in every run: the workers
// stop counting before it is taken, and their open frames close with their
// own last timestamp, never before they opened (docs/hosted-runtime.md).
// Runtimes before that closed them with the exiting thread's clock and
// wrote take_turn's self as 18446744073709551615 in 10 runs out of 10.
// Built post-inline and pre-inline, run 20 times each; each profile passes
// fluid-prof validate (through %profile_check) and holds the workers' calls
// and edges, three threads, no saturation, and main, both workers and at
// most one take_turn each as the frames closed at exit. No cycle figure is
// asserted: they come from the real clock.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %fluid_cc -O2 --fluid-instrument -pthread %s -o %t/post
// RUN: %fluid_cc -O2 --fluid-instrument=pre-inline -pthread %s -o %t/pre
// RUN: %python %S/../Inputs/run_times.py 20 %t/post.{}.profile --stdout exiting -- %t/post
// RUN: %profile_check --expect %s %t/post.*.profile | FileCheck %s
// RUN: %python %S/../Inputs/run_times.py 20 %t/pre.{}.profile --stdout exiting -- %t/pre
// RUN: %profile_check --expect %s %t/pre.*.profile | FileCheck %s
// expect: function take_turn
// expect: function worker calls=2
// expect: edge worker -> take_turn
// expect: event threads=3
// expect: event saturations=0
// expect: event closed_at_exit={{[3-5]}}
// expect: event freeze_timeouts=0
// CHECK-COUNT-20: expected event closed_at_exit=
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static atomic_long turns[2];

__attribute__((noinline)) void take_turn(atomic_long *count) {
  sched_yield();
  atomic_fetch_add(count, 1);
}

__attribute__((noinline)) void *worker(void *count) {
  for (;;)
    take_turn(count);
  return NULL;
}

int main(void) {
  pthread_t threads[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&threads[i], NULL, worker, &turns[i]);
  // Both workers are well into their loops: each is counted as a thread.
  while (atomic_load(&turns[0]) < 200 || atomic_load(&turns[1]) < 200)
    sched_yield();
  puts("exiting");
  fflush(stdout);
  exit(0);
}

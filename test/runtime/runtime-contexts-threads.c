// Two threads through the same call paths, with the hosted contexts
// runtime (fluid-cc --fluid-contexts): each counts into its own tree and
// the profile merges them by path. Thread A ends before the profile is
// written (its tree merged at its exit); thread B is still alive, inside
// waiter(), when __fluid_write_profile() writes the first profile (its
// tree read live, its open frame closed in the copy): both profiles hold
// the two threads' calls on one node per path, exact, and the sums over
// contexts equal the functions' figures.
// RUN: %fluid_cc --fluid-instrument --fluid-contexts --fluid-time-all -O1 -pthread %s -o %t
// RUN: rm -f %t.live.profile
// RUN: env FLUID_PROFILE_FILE=%t.profile LIVE=%t.live.profile %t
// RUN: %python %S/Inputs/contexts_check.py %t.live.profile | FileCheck --check-prefixes=CHECK,LIVE %s
// RUN: %fluid_prof validate %t.live.profile
// RUN: %python %S/Inputs/contexts_check.py %t.profile | FileCheck --check-prefixes=CHECK,END %s
// RUN: %fluid_prof validate %t.profile
// CHECK: context waiter calls=1
// CHECK-NEXT: context worker calls=2
// CHECK-NEXT: context worker;a calls=200
// CHECK-NEXT: context worker;a;leaf calls=200
// CHECK-NEXT: context worker;b calls=200
// CHECK-NEXT: context worker;b;leaf calls=200
// CHECK-NEXT: context worker;c calls=200
// CHECK-NEXT: context worker;c;b calls=200
// CHECK-NEXT: context worker;c;b;leaf calls=200
// CHECK-NEXT: context worker;rec calls=20
// CHECK-NEXT: function a calls=200
// CHECK-NEXT: function b calls=400
// CHECK-NEXT: function c calls=200
// CHECK-NEXT: function leaf calls=600
// CHECK-NEXT: function rec calls=20
// CHECK-NEXT: function waiter calls=1
// CHECK-NEXT: function worker calls=2
// CHECK-NEXT: contexts 10
// CHECK-NEXT: event dropped_contexts=0
// CHECK-NEXT: event unwound_frames=0
// LIVE-NEXT: event closed_at_exit=1
// END-NEXT: event closed_at_exit=0
// CHECK-NEXT: sums exact
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <fluid_rt.h>

#define NO_HOOKS __attribute__((no_instrument_function))
#define KEEP() __asm__ __volatile__("" ::: "memory") /* no tail call */

volatile int sink;
static pthread_barrier_t ready, done;

__attribute__((noinline)) void leaf(int x) { sink += x; KEEP(); }
__attribute__((noinline)) void a(int x) { leaf(x); KEEP(); }
__attribute__((noinline)) void b(int x) { leaf(x); KEEP(); }
__attribute__((noinline)) void c(int x) { b(x); KEEP(); }
__attribute__((noinline)) void rec(int n) {
  if (n > 1)
    rec(n - 1);
  sink++;
}

__attribute__((noinline)) void worker(void) {
  for (int i = 0; i < 100; i++) {
    a(i);
    b(i);
    c(i);
  }
  rec(10);
  KEEP();
}

/* Open while the live profile is written. */
__attribute__((noinline)) void waiter(void) {
  pthread_barrier_wait(&ready);
  pthread_barrier_wait(&done);
  KEEP();
}

static NO_HOOKS void *thread_a(void *arg) {
  (void)arg;
  worker();
  return NULL;
}

static NO_HOOKS void *thread_b(void *arg) {
  (void)arg;
  worker();
  waiter();
  return NULL;
}

NO_HOOKS int main(void) {
  pthread_t ta, tb;
  pthread_barrier_init(&ready, NULL, 2);
  pthread_barrier_init(&done, NULL, 2);
  pthread_create(&ta, NULL, thread_a, NULL);
  pthread_join(ta, NULL);
  pthread_create(&tb, NULL, thread_b, NULL);
  pthread_barrier_wait(&ready); /* B is in waiter() */
  if (__fluid_write_profile() != 0 ||
      rename(getenv("FLUID_PROFILE_FILE"), getenv("LIVE")) != 0)
    return 1;
  pthread_barrier_wait(&done);
  pthread_join(tb, NULL);
  return 0;
}

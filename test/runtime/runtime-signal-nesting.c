// Interrupts nesting into instrumented code: a SIGALRM handler firing every
// 200 microseconds calls an instrumented function while the main loop is in
// the middle of instrumented calls. Bracketed by __fluid_irq_enter/exit, the
// handler's frames never disturb the interrupted ones: every count is exact,
// each nesting is counted, and the stack is balanced at the end.
// RUN: %clang -O1 %fluid_cc_instrument %s -o %t %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.profile %t > %t.out
// RUN: %FileCheck --check-prefix=OUT %s < %t.out
// RUN: %python %S/../Inputs/profile_check.py %t.profile --expect %t.out | %FileCheck %s
#include <fluid_rt.h>
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>

static volatile sig_atomic_t ticks;
volatile unsigned long sink;

__attribute__((noinline)) void on_tick(void) { sink += 3; }

__attribute__((no_instrument_function)) static void handler(int signal) {
  (void)signal;
  __fluid_irq_enter();
  on_tick();
  ticks++;
  __fluid_irq_exit();
}

__attribute__((noinline)) unsigned long inner(unsigned long i) {
  for (int k = 0; k < 50; k++)
    sink += i ^ (unsigned long)k;
  return sink;
}
__attribute__((noinline)) unsigned long outer(unsigned long i) { return inner(i) + inner(i + 1); }

int main(void) {
  struct sigaction action = {0};
  action.sa_handler = handler;
  sigaction(SIGALRM, &action, NULL);
  struct itimerval every = {{0, 200}, {0, 200}};
  setitimer(ITIMER_REAL, &every, NULL);
  // Run until enough interrupts have landed inside instrumented code.
  unsigned long calls = 0;
  while (ticks < 200 || calls < 200000) {
    outer(calls);
    calls++;
  }
  struct itimerval stop = {{0, 0}, {0, 0}};
  setitimer(ITIMER_REAL, &stop, NULL);
  printf("depth=%u\n", __fluid_depth());
  // Counts only this run knows; profile_check --expect finds each in the profile.
  printf("expect: function on_tick calls=%d\n", (int)ticks);
  printf("expect: event interrupt_nests=%d\n", (int)ticks);
  printf("expect: function outer calls=%lu\n", calls);
  printf("expect: function inner calls=%lu\n", 2 * calls);
  return 0;
}
// OUT: depth=1
// CHECK: event orphan_exits=0
// CHECK: event unwound_frames=0
// CHECK: expected function on_tick calls=
// CHECK: expected event interrupt_nests=
// CHECK: expected function outer calls=
// CHECK: expected function inner calls=

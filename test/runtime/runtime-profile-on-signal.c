// FLUID_PROFILE_ON_SIGNAL (opt-in) writes the profile when a listed signal
// arrives, then lets the signal do what it would have done: SIGTERM ("1"
// means TERM,INT) and abort()'s SIGABRT still end the process by that
// signal, a segmentation fault still faults, and SIGUSR1 writes and lets the
// program go on (its profile at exit has everything). The frames open when
// the signal came are closed with their time so far. Without the setting a
// signal leaves no profile; an unknown name is one warning line.
// RUN: %clang -O1 %fluid_cc_instrument %s -o %t %fluid_link_hosted
// RUN: env FLUID_PROFILE_ON_SIGNAL=1 FLUID_PROFILE_FILE=%t.term.profile not --crash %t term
// RUN: %profile_check %t.term.profile | %FileCheck --check-prefixes=CHECK,OPEN %s
// RUN: env FLUID_PROFILE_ON_SIGNAL=ABRT FLUID_PROFILE_FILE=%t.abrt.profile not --crash %t abrt
// RUN: %profile_check %t.abrt.profile | %FileCheck --check-prefixes=CHECK,OPEN %s
// RUN: env FLUID_PROFILE_ON_SIGNAL=segv,term FLUID_PROFILE_FILE=%t.segv.profile not --crash %t segv
// RUN: %profile_check %t.segv.profile | %FileCheck --check-prefixes=CHECK,OPEN %s
// RUN: env FLUID_PROFILE_ON_SIGNAL=USR1 FLUID_PROFILE_FILE=%t.usr1.profile %t usr1 %t.usr1.written
// RUN: %profile_check %t.usr1.written | %FileCheck --check-prefixes=CHECK,OPEN %s
// RUN: %profile_check %t.usr1.profile | %FileCheck --check-prefix=AFTER %s
// RUN: rm -f %t.none.profile
// RUN: env FLUID_PROFILE_FILE=%t.none.profile not --crash %t term
// RUN: not ls %t.none.profile
// RUN: env FLUID_PROFILE_ON_SIGNAL=TERM,BOGUS FLUID_PROFILE_FILE=%t.bogus.profile not --crash %t term 2> %t.bogus.err
// RUN: %FileCheck --check-prefix=BOGUS %s < %t.bogus.err
// RUN: %profile_check %t.bogus.profile | %FileCheck --check-prefixes=CHECK,OPEN %s
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

volatile int sink;
int *volatile nowhere;

__attribute__((noinline)) void step(int x) { sink += x; }

__attribute__((noinline)) void signal_now(const char *how, const char *keep) {
  for (int i = 0; i < 3; i++)
    step(i);
  if (strcmp(how, "term") == 0)
    raise(SIGTERM);
  else if (strcmp(how, "abrt") == 0)
    abort();
  else if (strcmp(how, "segv") == 0)
    sink = *nowhere;
  else if (strcmp(how, "usr1") == 0 && keep) {
    raise(SIGUSR1);
    rename(getenv("FLUID_PROFILE_FILE"), keep);
  }
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  signal_now(argv[1], argc > 2 ? argv[2] : NULL);
  step(3);
  step(4);
  return 0;
}
// CHECK: function main calls=1
// CHECK: function signal_now calls=1 self={{[0-9]+}} total={{[1-9][0-9]*}}
// CHECK: function step calls=3
// CHECK: edge main -> signal_now calls=1
// CHECK: edge signal_now -> step calls=3
// OPEN: event closed_at_exit=2
// AFTER: function step calls=5
// AFTER: event closed_at_exit=0
// BOGUS: fluid-rt: warning: FLUID_PROFILE_ON_SIGNAL: unknown signal 'BOGUS' ignored (TERM INT HUP QUIT ABRT SEGV BUS FPE ILL USR1 USR2)

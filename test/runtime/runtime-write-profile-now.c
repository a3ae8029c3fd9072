// A program can write its profile while it runs, start counting afresh and
// stream the profile itself: __fluid_write_profile() writes every count so
// far to FLUID_PROFILE_FILE with the frames still open (main, phase_one)
// closed as of the call, and changes nothing in the program's counts;
// __fluid_reset_profile() starts them afresh (the open main counts one
// call); the hosted __fluid_export streams the profile as of its call; the
// profile at exit holds what followed the reset.
// RUN: %clang -O1 %fluid_cc_instrument %s -o %t %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.profile %t %t.written > %t.exported
// RUN: %profile_check %t.written --edge-cycles | %FileCheck --check-prefix=WRITTEN %s
// RUN: %profile_check %t.exported | %FileCheck --check-prefix=EXPORTED %s
// RUN: %profile_check %t.profile | %FileCheck --check-prefix=EXIT %s
#include <fluid_rt.h>
#include <stdio.h>
#include <stdlib.h>

volatile int sink;

__attribute__((noinline)) void step(int x) { sink += x; }

__attribute__((noinline)) int phase_one(const char *keep) {
  for (int i = 0; i < 3; i++)
    step(i);
  if (__fluid_write_profile() != 0)
    return 1;
  return rename(getenv("FLUID_PROFILE_FILE"), keep);
}

__attribute__((noinline)) void phase_two(void) {
  for (int i = 0; i < 2; i++)
    step(i);
}

static __attribute__((no_instrument_function)) void
to_stdout(void *context, const char *bytes, size_t length) {
  fwrite(bytes, 1, length, context);
}

int main(int argc, char **argv) {
  if (argc != 2 || phase_one(argv[1]) != 0)
    return 1;
  __fluid_reset_profile();
  phase_two();
  __fluid_export(to_stdout, stdout);
  return 0;
}
// WRITTEN: function main calls=1 self={{[0-9]+}} total={{[1-9][0-9]*}}
// WRITTEN: function phase_one calls=1 self={{[0-9]+}} total={{[1-9][0-9]*}}
// WRITTEN: function phase_two calls=0
// WRITTEN: function step calls=3
// WRITTEN: edge main -> phase_one calls=1 cycles={{[1-9][0-9]*}}
// WRITTEN: edge phase_one -> step calls=3
// WRITTEN: event closed_at_exit=2

// EXPORTED: function main calls=1 self={{[0-9]+}} total={{[1-9][0-9]*}}
// EXPORTED: function phase_one calls=0
// EXPORTED: function phase_two calls=1
// EXPORTED: function step calls=2
// EXPORTED-NOT: edge phase_one
// EXPORTED: edge phase_two -> step calls=2
// EXPORTED: event closed_at_exit=1

// EXIT: function main calls=1 self={{[0-9]+}} total={{[1-9][0-9]*}}
// EXIT: function phase_one calls=0
// EXIT: function phase_two calls=1
// EXIT: function step calls=2
// EXIT-NOT: edge phase_one
// EXIT: edge main -> phase_two calls=1
// EXIT: edge phase_two -> step calls=2
// EXIT: event closed_at_exit=0

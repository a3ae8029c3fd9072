// The loop from one profile to a cheaper instrumented build: a run
// instrumented before inlining, fluid-prof untimed on its profile, and a
// rebuild with --fluid-untimed. The functions the first profile timed
// below the probe floor (hash_word, a loop over a short string, and
// lookup, which calls only it and strcmp) are untimed in the second
// build, with the same counts; the one whose time is real stays timed
// (spin); their time is their callers'. A list that is missing stops
// fluid-cc with one line naming it; a damaged one, with one error naming
// its file and line, and no object; so does the option's old name.
//
// Both runs use the simulated clock (test/README.md): SIM_WORK gives each
// function its cycles, so the list and every figure are exact on any
// machine, under any load (on the real clock, lookup's cycles per call rose
// above the probe floor on a busy machine).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %fluid_cc --fluid-instrument=pre-inline -O2 -DFLUID_SIM_CLOCK -c %s -o %t/first.o
// RUN: %clang %t/first.o -o %t/first %fluid_link_sim_clock
// RUN: env FLUID_PROFILE_FILE=%t/first.profile %t/first > %t/first.out
// RUN: %fluid_prof untimed -o %t/list %t/first.profile
// RUN: FileCheck --check-prefix=LIST %s < %t/list
// RUN: %fluid_cc --fluid-instrument=pre-inline --fluid-untimed=%t/list -O2 -DFLUID_SIM_CLOCK -c %s -o %t/second.o
// RUN: %clang %t/second.o -o %t/second %fluid_link_sim_clock
// RUN: env FLUID_PROFILE_FILE=%t/second.profile %t/second > %t/second.out
// RUN: cmp %t/first.out %t/second.out
// RUN: %profile_check %t/first.profile --near probe_cost.inner=50@0% | FileCheck --check-prefix=FIRST %s
// RUN: %profile_check %t/second.profile | FileCheck --check-prefix=SECOND %s
// RUN: not %fluid_cc --fluid-instrument --fluid-untimed=%t/missing -c %s -o %t/x.o 2>&1 | FileCheck --check-prefix=MISSING %s
// RUN: printf 'garbage\n' > %t/bad
// RUN: not %fluid_cc --fluid-instrument=pre-inline --fluid-untimed=%t/bad -O2 -c %s -o %t/bad.o 2>&1 | FileCheck --check-prefix=BAD %s
// RUN: not ls %t/bad.o
// RUN: not %fluid_cc --fluid-instrument --fluid-count-only=%t/list -c %s -o %t/old.o 2>&1 | FileCheck --check-prefix=OLD %s
// OLD: fluid-cc: error: '--fluid-count-only' is now '--fluid-untimed'
// BAD: error: fluid-instrument: {{.*}}bad:1: not an untimed list (its first line must be '# fluid-untimed 1'; 'fluid-prof untimed' writes one)
// BAD-NEXT: 1 error generated.
// LIST: # fluid-untimed 1
// LIST-DAG: driver-untimed-list.c:hash_word{{[[:space:]]}}{{[0-9a-f]{16}$}}
// LIST-DAG: driver-untimed-list.c:lookup{{[[:space:]]}}{{[0-9a-f]{16}$}}
// LIST-NOT: spin
// FIRST-DAG: function driver-untimed-list.c:hash_word calls=200000 self=2000000 total=2000000 min=10 max=10{{$}}
// FIRST-DAG: function driver-untimed-list.c:lookup calls=200000 self=2000000 total=4000000 min=20 max=20{{$}}
// FIRST-DAG: function driver-untimed-list.c:spin calls=100 self=2000000 total=2000000 min=20000 max=20000{{$}}
// FIRST-DAG: function main calls=1 self=1000 total=6001000
// SECOND-DAG: function driver-untimed-list.c:hash_word calls=200000 self=0 total=0 min=0 max=0 untimed
// SECOND-DAG: function driver-untimed-list.c:lookup calls=200000 self=0 total=0 min=0 max=0 untimed
// SECOND-DAG: function driver-untimed-list.c:spin calls=100 self=2000000 total=2000000 min=20000 max=20000{{$}}
// SECOND-DAG: function main calls=1 self=4001000 total=6001000
// SECOND-NOT: edge {{.*}}lookup
// MISSING: fluid-cc: error: --fluid-untimed: untimed list not found: '{{.*}}missing'
#include <stdio.h>
#include <string.h>

#include "../Inputs/sim_clock.h"

static const char *const words[] = {"ka", "lomi", "nesu", "tari", "po"};

static unsigned hash_word(const char *word) {
  unsigned h = 2166136261u;
  SIM_WORK(10);
  for (; *word; word++)
    h = (h ^ (unsigned char)*word) * 16777619u;
  return h;
}

static int lookup(const char *word) {
  unsigned h = hash_word(word) % 5;
  SIM_WORK(10);
  return strcmp(words[h], word) == 0;
}

__attribute__((noinline)) static unsigned spin(unsigned n) {
  volatile unsigned x = 0;
  SIM_WORK(n);
  for (unsigned i = 0; i < n; i++)
    x += i;
  return x;
}

int main(void) {
  unsigned found = 0, spun = 0;
  SIM_WORK(1000);
  for (int i = 0; i < 200000; i++)
    found += lookup(words[i % 5]);
  for (int i = 0; i < 100; i++)
    spun += spin(20000);
  printf("%u %u\n", found, spun);
  return 0;
}

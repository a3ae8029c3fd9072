// A folded recursion against a simulated clock (as in
// runtime-untimed-simulated-clock.c: every clock read returns the simulated
// time and advances it by STEP, the hooks' cost; work advances it without a
// read). A parent does PARENT cycles of its own work, then calls walk(DEPTH)
// ROUNDS times; walk does TINY cycles of work and calls itself down to 1.
//
// Folded (the default), walk's hooks run once per outermost call, yet its
// calls are exact (ROUNDS * DEPTH), its edge to itself carries the
// ROUNDS * (DEPTH - 1) recursive calls, and its time is exact to the cycle:
// self = total = ROUNDS * DEPTH * TINY, min = max = DEPTH * TINY per
// outermost call; the parent's self is its own work alone. Timed call by
// call (-fluid-untimed-size=0) the figures are the same, min and max aside
// (per call, the innermost call's TINY).
// RUN: %clang -O2 -DFLUID_TEST_CLOCK=sim_clock -I%fluid_src/runtime -c %fluid_src/runtime/core.c -o %t.core.o
// RUN: %clang -O2 -DFLUID_TEST_CLOCK=sim_clock -I%fluid_src/runtime -c %fluid_src/runtime/core_slow.c -o %t.core_slow.o
// RUN: %clang -O2 -DFLUID_TEST_CLOCK=sim_clock -I%fluid_src/runtime -c %fluid_src/runtime/export.c -o %t.export.o
// RUN: %clang -O2 %fluid_cc_instrument -mllvm -fluid-untimed-size=48 -mllvm -fluid-placement=pre-inline %s %t.core.o %t.core_slow.o %t.export.o -o %t.folded
// RUN: %clang -O2 %fluid_cc_instrument -mllvm -fluid-placement=pre-inline %s %t.core.o %t.core_slow.o %t.export.o -o %t.timed
// RUN: %llvm_nm %t.folded | FileCheck --check-prefix=COPY %s
// COPY: walk.fluid.rec
//
// Arguments: STEP TINY PARENT DEPTH ROUNDS.
// RUN: %t.folded 50 30 400 20 100 > %t.folded.profile
// RUN: %profile_check %t.folded.profile --edge-cycles --near probe_cost.inner=50@0% | FileCheck --check-prefix=FOLDED %s
// FOLDED: function parent calls=1 self=400 total=60400
// FOLDED-NEXT: function walk calls=2000 self=60000 total=60000 min=600 max=600
// FOLDED: edge parent -> walk calls=100 cycles=60000
// FOLDED-NEXT: edge walk -> walk calls=1900 cycles=0
//
// RUN: %t.timed 50 30 400 20 100 > %t.timed.profile
// RUN: %profile_check %t.timed.profile --edge-cycles --near probe_cost.inner=50@0% | FileCheck --check-prefix=TIMED %s
// TIMED: function parent calls=1 self=400 total=60400
// TIMED-NEXT: function walk calls=2000 self=60000 total=60000 min=30 max=600
// TIMED: edge parent -> walk calls=100 cycles=60000
// TIMED-NEXT: edge walk -> walk calls=1900 cycles=0
#include <fluid_rt.h>
#include <stdio.h>
#include <stdlib.h>

#define NO_HOOKS __attribute__((no_instrument_function))

static uint64_t simulated_now = 1000000;
static unsigned step, tiny_work, parent_work, depth, rounds;

NO_HOOKS uint64_t sim_clock(void) {
  uint64_t now = simulated_now;
  simulated_now += step;
  return now;
}

__attribute__((noinline)) void walk(unsigned n) {
  simulated_now += tiny_work;
  if (n > 1)
    walk(n - 1);
  __asm__ __volatile__("" ::: "memory"); /* not a tail call: a real stack */
}

__attribute__((noinline)) void parent(void) {
  simulated_now += parent_work;
  for (unsigned i = 0; i < rounds; i++)
    walk(depth);
}

static NO_HOOKS void to_stdout(void *context, const char *bytes, size_t length) {
  fwrite(bytes, 1, length, context);
}

NO_HOOKS int main(int argc, char **argv) {
  if (argc != 6)
    return 2;
  step = (unsigned)atoi(argv[1]);
  tiny_work = (unsigned)atoi(argv[2]);
  parent_work = (unsigned)atoi(argv[3]);
  depth = (unsigned)atoi(argv[4]);
  rounds = (unsigned)atoi(argv[5]);
  parent();
  __fluid_export(to_stdout, stdout);
  return 0;
}

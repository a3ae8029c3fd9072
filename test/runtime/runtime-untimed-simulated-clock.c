// Untimed functions against a simulated clock (as in
// runtime-calibration-simulated-clock.c: every clock read returns the
// simulated time and advances it by STEP, the hooks' cost; work advances it
// without a read). A parent does PARENT cycles of its own work and calls two
// functions too small to time, CALLS times each: one kept out of line
// (noinline), one inlined into the parent. Each advances the clock by TINY.
//
// Instrumented before inlining (pre-inline), by default both only count their calls: exact counts, marked untimed, no
// cycles and no edge, and their time is the parent's self, to the cycle.
// With every function timed (-fluid-untimed-size=0) the out-of-line one is
// timed and the parent's self drops by its share, again to the cycle.
// RUN: %clang -O2 -DFLUID_TEST_CLOCK=sim_clock -I%fluid_src/runtime -c %fluid_src/runtime/core.c -o %t.core.o
// RUN: %clang -O2 -DFLUID_TEST_CLOCK=sim_clock -I%fluid_src/runtime -c %fluid_src/runtime/core_slow.c -o %t.core_slow.o
// RUN: %clang -O2 -DFLUID_TEST_CLOCK=sim_clock -I%fluid_src/runtime -c %fluid_src/runtime/export.c -o %t.export.o
// RUN: %clang -O2 %fluid_cc_instrument -mllvm -fluid-untimed-size=16 -mllvm -fluid-placement=pre-inline %s %t.core.o %t.core_slow.o %t.export.o -o %t.counted
// RUN: %clang -O2 %fluid_cc_instrument -mllvm -fluid-placement=pre-inline %s %t.core.o %t.core_slow.o %t.export.o -o %t.timed
//
// Arguments: STEP TINY PARENT CALLS. Parent self: CALLS * (PARENT + 2 TINY).
// RUN: %t.counted 50 30 400 1000 > %t.counted.profile
// RUN: %profile_check %t.counted.profile --near probe_cost.inner=50@0% --near parent.self_cycles=460000@0% --near parent.total_cycles=460000@0% | FileCheck --check-prefix=COUNTED %s
// COUNTED: function parent calls=1 self=460000 total=460000
// COUNTED-NEXT: function runtime-untimed-simulated-clock.c:tiny_inlined calls=1000 self=0 total=0 min=0 max=0 untimed
// COUNTED-NEXT: function tiny_out_of_line calls=1000 self=0 total=0 min=0 max=0 untimed
// COUNTED-NOT: {{^edge}}
//
// Timed: the out-of-line one has its 30 cycles per call; the inlined one
// is timed too, nested in the parent's frame.
// RUN: %t.timed 50 30 400 1000 > %t.timed.profile
// RUN: %profile_check %t.timed.profile --near probe_cost.inner=50@0% | FileCheck --check-prefix=TIMED %s
// TIMED: function parent calls=1 self=400000 total=460000
// TIMED-NEXT: function runtime-untimed-simulated-clock.c:tiny_inlined calls=1000 self=30000 total=30000
// TIMED-NEXT: function tiny_out_of_line calls=1000 self=30000 total=30000
// TIMED: edge parent -> runtime-untimed-simulated-clock.c:tiny_inlined calls=1000
// TIMED: edge parent -> tiny_out_of_line calls=1000
#include <fluid_rt.h>
#include <stdio.h>
#include <stdlib.h>

#define NO_HOOKS __attribute__((no_instrument_function))

static uint64_t simulated_now = 1000000;
static unsigned step, tiny_work, parent_work, calls;

NO_HOOKS uint64_t sim_clock(void) {
  uint64_t now = simulated_now;
  simulated_now += step;
  return now;
}

static NO_HOOKS void work(unsigned cycles) { simulated_now += cycles; }

__attribute__((noinline)) void tiny_out_of_line(void) {
  simulated_now += tiny_work;
}

static void tiny_inlined(void) { simulated_now += tiny_work; }

__attribute__((noinline)) void parent(void) {
  for (unsigned i = 0; i < calls; i++) {
    work(parent_work);
    tiny_out_of_line();
    tiny_inlined();
  }
}

static NO_HOOKS void to_stdout(void *context, const char *bytes, size_t length) {
  fwrite(bytes, 1, length, context);
}

NO_HOOKS int main(int argc, char **argv) {
  if (argc != 5)
    return 2;
  step = (unsigned)atoi(argv[1]);
  tiny_work = (unsigned)atoi(argv[2]);
  parent_work = (unsigned)atoi(argv[3]);
  calls = (unsigned)atoi(argv[4]);
  parent();
  __fluid_export(to_stdout, stdout);
  return 0;
}

// The probe-cost calibration and the accounting, checked against a
// simulated clock whose truth is known: the runtime core is built with
// FLUID_TEST_CLOCK, so every clock read (the hooks' and the calibration's)
// returns the simulated time, and then advances it by the cost of what
// follows the read: STEP cycles, or a single cycle for GAP percent of the
// reads, as back-to-back rdtsc reads sometimes are on a virtual machine.
// Work advances the clock without reading it. A parent does PARENT cycles of
// work and calls a leaf doing LEAF cycles, CALLS times.
//
// The calibrated inner probe cost is the usual window (not the 1-cycle
// minimum, which left every function its own hooks' cost); the leaf's and
// the parent's self and inclusive cycles are within 10% of the truth at
// 50 and 500 cycles per call and within 2% at 5,000, over three clock
// seeds, and on a clock without gaps.
// RUN: %clang -O2 -DFLUID_TEST_CLOCK=sim_clock -I%fluid_src/runtime -c %fluid_src/runtime/core.c -o %t.core.o
// RUN: %clang -O2 -DFLUID_TEST_CLOCK=sim_clock -I%fluid_src/runtime -c %fluid_src/runtime/core_slow.c -o %t.core_slow.o
// RUN: %clang -O2 -DFLUID_TEST_CLOCK=sim_clock -I%fluid_src/runtime -c %fluid_src/runtime/export.c -o %t.export.o
// RUN: %clang -O1 %fluid_cc_instrument %s %t.core.o %t.core_slow.o %t.export.o -o %t
//
// Arguments: SEED GAP STEP LEAF PARENT CALLS.
// RUN: %t 1 0 50 500 500 200 > %t.clean
// RUN: %profile_check %t.clean --near probe_cost.inner=50@0% --near leaf.total_cycles=100000@2% --near leaf.self_cycles=100000@2% --near parent.self_cycles=100000@2% --near parent.total_cycles=200000@2% | %FileCheck %s
// RUN: %t 1 5 50 500 500 200 > %t.500.1
// RUN: %profile_check %t.500.1 --near probe_cost.inner=48@5% --near leaf.total_cycles=100000@10% --near leaf.self_cycles=100000@10% --near parent.self_cycles=100000@10% --near parent.total_cycles=200000@10% | %FileCheck %s
// RUN: %t 2 5 50 500 500 200 > %t.500.2
// RUN: %profile_check %t.500.2 --near probe_cost.inner=48@5% --near leaf.total_cycles=100000@10% --near leaf.self_cycles=100000@10% --near parent.self_cycles=100000@10% --near parent.total_cycles=200000@10% | %FileCheck %s
// RUN: %t 3 5 50 500 500 200 > %t.500.3
// RUN: %profile_check %t.500.3 --near probe_cost.inner=48@5% --near leaf.total_cycles=100000@10% --near leaf.self_cycles=100000@10% --near parent.self_cycles=100000@10% --near parent.total_cycles=200000@10% | %FileCheck %s
// RUN: %t 1 5 50 5000 5000 200 > %t.5000.1
// RUN: %profile_check %t.5000.1 --near probe_cost.inner=48@5% --near leaf.total_cycles=1000000@2% --near leaf.self_cycles=1000000@2% --near parent.self_cycles=1000000@2% --near parent.total_cycles=2000000@2% | %FileCheck %s
// RUN: %t 2 5 50 5000 5000 200 > %t.5000.2
// RUN: %profile_check %t.5000.2 --near probe_cost.inner=48@5% --near leaf.total_cycles=1000000@2% --near leaf.self_cycles=1000000@2% --near parent.self_cycles=1000000@2% --near parent.total_cycles=2000000@2% | %FileCheck %s
// RUN: %t 3 5 50 5000 5000 200 > %t.5000.3
// RUN: %profile_check %t.5000.3 --near probe_cost.inner=48@5% --near leaf.total_cycles=1000000@2% --near leaf.self_cycles=1000000@2% --near parent.self_cycles=1000000@2% --near parent.total_cycles=2000000@2% | %FileCheck %s
// RUN: %t 4 5 50 50 50 2000 > %t.50
// RUN: %profile_check %t.50 --near probe_cost.inner=48@5% --near leaf.total_cycles=100000@10% --near leaf.self_cycles=100000@10% --near parent.self_cycles=100000@10% --near parent.total_cycles=200000@10% | %FileCheck %s
#include <fluid_rt.h>
#include <stdio.h>
#include <stdlib.h>

#define NO_HOOKS __attribute__((no_instrument_function))

static uint64_t simulated_now = 1000000;
static uint32_t random_state;
static unsigned gap_percent, step, leaf_work, parent_work, calls;

NO_HOOKS uint64_t sim_clock(void) {
  uint64_t now = simulated_now;
  random_state = random_state * 1664525u + 1013904223u;
  simulated_now += (random_state >> 16) % 100 < gap_percent ? 1 : step;
  return now;
}

static NO_HOOKS void work(unsigned cycles) { simulated_now += cycles; }

__attribute__((noinline)) void leaf(void) { work(leaf_work); }

__attribute__((noinline)) void parent(void) {
  for (unsigned i = 0; i < calls; i++) {
    work(parent_work);
    leaf();
  }
}

static NO_HOOKS void to_stdout(void *context, const char *bytes, size_t length) {
  fwrite(bytes, 1, length, context);
}

NO_HOOKS int main(int argc, char **argv) {
  if (argc != 7)
    return 2;
  random_state = (uint32_t)atoi(argv[1]);
  gap_percent = (unsigned)atoi(argv[2]);
  step = (unsigned)atoi(argv[3]);
  leaf_work = (unsigned)atoi(argv[4]);
  parent_work = (unsigned)atoi(argv[5]);
  calls = (unsigned)atoi(argv[6]);
  parent();
  __fluid_export(to_stdout, stdout);
  return 0;
}
// CHECK: function leaf calls=
// CHECK: function parent calls=1
// CHECK: edge parent -> leaf calls=
// CHECK: near probe_cost.inner
// CHECK: near leaf.total_cycles
// CHECK: near leaf.self_cycles
// CHECK: near parent.self_cycles
// CHECK: near parent.total_cycles

// Calling contexts, exact on the simulated clock: the hosted contexts
// runtime built from its sources with FLUID_TEST_CLOCK (each clock read
// advances the time by 50, the hooks' cost, which calibration measures
// exactly; SIM_WORK(n) is n cycles of a function's own work). The leaf is
// reached through three paths (run;a, run;b, run;c;b), direct recursion
// (rec) and mutual recursion (even/odd) fold into one node per function,
// a longjmp leaves two frames (jumper, its leaf) that the next hook closes,
// and a C++ exception thrown two frames down is caught above them. Every
// context's calls and cycles are exact: a node's self cycles are its
// function's own work on that path (a folded node's, every level's); the
// invariants hold node by node, and the sums over each function's nodes
// equal the function's figures ("sums exact").
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: %clang -shared -fPIC -O2 -std=gnu11 -fvisibility=hidden -fno-semantic-interposition -fno-stack-protector -DFLUID_RT_HOSTED -DFLUID_CONTEXTS -DFLUID_TEST_CLOCK=fluid_sim_clock -I%fluid_src/runtime %fluid_src/runtime/core.c %fluid_src/runtime/core_slow.c %fluid_src/runtime/export.c %fluid_src/runtime/contexts.c %fluid_src/runtime/hosted_intercept.c %fluid_src/runtime/hosted.c %fluid_src/runtime/hosted_threads.c %fluid_src/runtime/hosted_objects.c %fluid_src/runtime/hosted_snapshot.c %fluid_src/runtime/hosted_edges.c %S/../Inputs/sim_clock.c -o %t.dir/libfluid_rt_sim_contexts.so -lpthread -ldl
// RUN: %clangxx -O1 -DFLUID_SIM_CLOCK -I%S/../Inputs %fluid_cc_instrument %s -o %t -L%t.dir -lfluid_rt_sim_contexts -Wl,-rpath,%t.dir
// RUN: env FLUID_PROFILE_FILE=%t.profile %t
// RUN: %python %S/Inputs/contexts_check.py %t.profile | FileCheck %s
// RUN: %fluid_prof validate %t.profile
//
// The frames a longjmp or a throw left have no exit hook: they close at
// the next hook (jumper: the leaf jump_from calls, so jump_from's work
// between the two is jumper's) or at the catch, and their parent loses the
// 50 cycles of the exit hook that never ran (middle's self: 2 x (60 - 50)),
// as their functions' figures do.
// CHECK: context run calls=1 self=1000 total=10228
// CHECK-NEXT: context run;a calls=10 self=1000 total=1100
// CHECK-NEXT: context run;a;leaf calls=10 self=100 total=100
// CHECK-NEXT: context run;b calls=10 self=2000 total=2100
// CHECK-NEXT: context run;b;leaf calls=10 self=100 total=100
// CHECK-NEXT: context run;c calls=10 self=3000 total=5100
// CHECK-NEXT: context run;c;b calls=10 self=2000 total=2100
// CHECK-NEXT: context run;c;b;leaf calls=10 self=100 total=100
// CHECK-NEXT: context run;catcher calls=2 self=300 total=460
// CHECK-NEXT: context run;catcher;leaf calls=2 self=20 total=20
// CHECK-NEXT: context run;catcher;middle calls=2 self=20 total=140
// CHECK-NEXT: context run;catcher;middle;thrower calls=2 self=100 total=120
// CHECK-NEXT: context run;catcher;middle;thrower;leaf calls=2 self=20 total=20
// CHECK-NEXT: context run;even calls=12 self=132 total=288
// CHECK-NEXT: context run;even;odd calls=12 self=156 total=266
// CHECK-NEXT: context run;jump_from calls=1 self=30 total=110
// CHECK-NEXT: context run;jump_from;jumper calls=1 self=60 total=70
// CHECK-NEXT: context run;jump_from;jumper;leaf calls=1 self=10 total=10
// CHECK-NEXT: context run;jump_from;leaf calls=1 self=10 total=10
// CHECK-NEXT: context run;rec calls=10 self=70 total=70
// CHECK-NEXT: function a calls=10 self=1000 total=1100
// CHECK-NEXT: function b calls=20 self=4000 total=4200
// CHECK-NEXT: function c calls=10 self=3000 total=5100
// CHECK-NEXT: function catcher calls=2 self=300 total=460
// CHECK-NEXT: function even calls=12 self=132 total=288
// CHECK-NEXT: function jump_from calls=1 self=30 total=110
// CHECK-NEXT: function jumper calls=1 self=60 total=70
// CHECK-NEXT: function leaf calls=36 self=360 total=360
// CHECK-NEXT: function middle calls=2 self=20 total=140
// CHECK-NEXT: function odd calls=12 self=156 total=266
// CHECK-NEXT: function rec calls=10 self=70 total=70
// CHECK-NEXT: function run calls=1 self=1000 total=10228
// CHECK-NEXT: function thrower calls=2 self=100 total=120
// CHECK-NEXT: contexts 20
// CHECK-NEXT: event dropped_contexts=0
// CHECK-NEXT: event unwound_frames=5
// CHECK-NEXT: event closed_at_exit=0
// CHECK-NEXT: sums exact
#include <fluid_rt.h>
#include <csetjmp>
#include <cstdio>

extern "C" {
#include "sim_clock.h"
}

#define NOINLINE extern "C" __attribute__((noinline))
#define KEEP() __asm__ __volatile__("" ::: "memory") /* no tail call */

NOINLINE void leaf() { SIM_WORK(10); KEEP(); }
NOINLINE void a() { SIM_WORK(100); leaf(); KEEP(); }
NOINLINE void b() { SIM_WORK(200); leaf(); KEEP(); }
NOINLINE void c() { SIM_WORK(300); b(); KEEP(); }

NOINLINE void rec(int n) {
  SIM_WORK(7);
  if (n > 1)
    rec(n - 1);
  KEEP();
}

NOINLINE void odd(int n);
NOINLINE void even(int n) {
  SIM_WORK(11);
  if (n > 1)
    odd(n - 1);
  KEEP();
}
NOINLINE void odd(int n) {
  SIM_WORK(13);
  if (n > 1)
    even(n - 1);
  KEEP();
}

static std::jmp_buf jump;
NOINLINE void jumper() {
  SIM_WORK(20);
  leaf();
  std::longjmp(jump, 1);
}
NOINLINE void jump_from() {
  SIM_WORK(30);
  if (!setjmp(jump))
    jumper();
  SIM_WORK(40);
  leaf(); /* its enter hook closes jumper's frame, left by the longjmp */
  KEEP();
}

NOINLINE void thrower() {
  SIM_WORK(50);
  leaf();
  throw 1;
}
NOINLINE void middle() {
  SIM_WORK(60);
  thrower();
  KEEP();
}
NOINLINE void catcher() {
  SIM_WORK(70);
  try {
    middle();
  } catch (int) {
    SIM_WORK(80);
    leaf();
  }
  KEEP();
}

NOINLINE void run() {
  SIM_WORK(1000);
  for (int i = 0; i < 10; i++) {
    a();
    b();
    c();
  }
  rec(10);  /* 10 calls, one node */
  even(12); /* 6 even, 6 odd */
  even(12);
  jump_from();
  catcher();
  catcher();
  KEEP();
}

__attribute__((no_instrument_function)) int main() {
  run();
  return __fluid_depth() == 0 ? 0 : 1;
}

// Recursive functions count each outermost activation once in their
// inclusive cycles and caller edges, as gprof and perf's "children" do:
// direct recursion (countdown, 100 levels deep, called once from
// direct_root) and mutual recursion (ping <-> pong, 50 calls each, from
// mutual_root). Each function's inclusive stays within its root caller's, the
// recursive edges carry no cycles (their time is already in the outer
// activation), the edge from the root carries the callee's whole inclusive,
// and calls stay exact. At -O0, and at -O2 with pre-inline placement (the
// inliner copies the hooks of recursive calls into their callers).
// RUN: %clang -O0 %fluid_cc_instrument %s -o %t.O0 %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.O0.profile %t.O0 | %FileCheck --check-prefix=OUT %s
// RUN: %profile_check %t.O0.profile --edge-cycles --ratio 'countdown.total_cycles/direct_root.total_cycles<1.000001' --ratio 'ping.total_cycles/mutual_root.total_cycles<1.000001' --ratio 'pong.total_cycles/mutual_root.total_cycles<1.000001' | %FileCheck %s
// RUN: %clang -O2 %fluid_cc_instrument -mllvm -fluid-placement=pre-inline %s -o %t.O2 %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.O2.profile %t.O2 | %FileCheck --check-prefix=OUT %s
// RUN: %profile_check %t.O2.profile --edge-cycles --ratio 'countdown.total_cycles/direct_root.total_cycles<1.000001' --ratio 'ping.total_cycles/mutual_root.total_cycles<1.000001' --ratio 'pong.total_cycles/mutual_root.total_cycles<1.000001' | %FileCheck %s
#include <fluid_rt.h>
#include <stdio.h>

volatile unsigned long sink;

static void spin(int rounds) {
  for (int i = 0; i < rounds; i++)
    sink += (unsigned long)i * i;
}

int countdown(int n) {
  spin(200);
  return n ? countdown(n - 1) + 1 : 0;
}

int pong(int n);

int ping(int n) {
  spin(200);
  return n ? pong(n - 1) + 1 : 0;
}

int pong(int n) {
  spin(200);
  return n ? ping(n) + 1 : 0;
}

__attribute__((noinline)) int direct_root(void) { return countdown(99); }

__attribute__((noinline)) int mutual_root(void) { return ping(50); }

int main(void) {
  int direct = direct_root();
  int mutual = mutual_root();
  printf("direct=%d mutual=%d depth=%u\n", direct, mutual, __fluid_depth());
  return 0;
}
// OUT: direct=99 mutual=99 depth=1

// CHECK: function countdown calls=100 self={{[0-9]+}} total=[[COUNTDOWN:[0-9]+]]
// CHECK: function ping calls=50 self={{[0-9]+}} total=[[PING:[0-9]+]]
// CHECK: function pong calls=50 self={{[0-9]+}} total=[[PONG:[0-9]+]]
// CHECK: edge countdown -> countdown calls=99 cycles=0
// CHECK: edge direct_root -> countdown calls=1 cycles=[[COUNTDOWN]]
// CHECK: edge mutual_root -> ping calls=1 cycles=[[PING]]
// CHECK: edge ping -> pong calls=50 cycles=[[PONG]]
// CHECK: edge pong -> ping calls=49 cycles=0
// CHECK: event unwound_frames=0
// CHECK: ratio countdown.total_cycles/direct_root.total_cycles below 1.000001
// CHECK: ratio ping.total_cycles/mutual_root.total_cycles below 1.000001
// CHECK: ratio pong.total_cycles/mutual_root.total_cycles below 1.000001

// C++ without noexcept: a recursion with no exception handling of its own
// that calls nothing but itself and functions too small to time cannot
// throw, and is folded as in C (runtime-fold-recursion.c), in a program
// that throws and catches elsewhere. One with a destructor to run on
// unwinding (a landing pad) is timed call by call. Counts match LLVM's own
// instrumentation either way; the invariants hold; no exit is orphaned.
// RUN: %clangxx -O0 -fprofile-instr-generate %s -o %t.pgo
// RUN: env LLVM_PROFILE_FILE=%t.profraw %t.pgo > %t.pgo.out
// RUN: %llvm_profdata show --all-functions --counts %t.profraw > %t.oracle
// RUN: %clangxx -O2 %fluid_cc_instrument -mllvm -fluid-untimed-size=48 -mllvm -fluid-placement=pre-inline %s -o %t.fluid %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.profile %t.fluid > %t.fluid.out
// RUN: cmp %t.pgo.out %t.fluid.out
// RUN: %python %S/../Inputs/compare_oracle.py %t.oracle %t.profile | %FileCheck --check-prefix=ORACLE %s
// RUN: %profile_check %t.profile | %FileCheck %s
// RUN: %llvm_nm %t.fluid | %FileCheck --check-prefix=NM %s
// ORACLE: MATCH {{[0-9]+}} functions
// fib(16): 3,193 calls, 3,192 of them recursive; 5 outermost calls.
// CHECK-DAG: function _Z3fibj calls=15965 self={{[1-9][0-9]*}}
// CHECK-DAG: edge _Z3fibj -> _Z3fibj calls=15960
// CHECK-DAG: function _Z5depthP4Node calls=13
// CHECK-DAG: edge _Z5depthP4Node -> _Z5depthP4Node calls=12
// CHECK-DAG: event orphan_exits=0
// NM: _Z3fibj.fluid.rec
// NM-NOT: _Z5depthP4Node.fluid.rec
#include <cstdio>
#include <stdexcept>

struct Node {
  Node *left, *right;
};

struct Guard {
  int *counter;
  ~Guard() { ++*counter; }
};

static unsigned twice(unsigned x) { return x * 2; }

unsigned fib(unsigned n) { return n < 2 ? twice(n) : fib(n - 1) + fib(n - 2); }

int guards;

int depth(Node *node) {
  Guard g{&guards};
  if (!node)
    return 0;
  int l = depth(node->left), r = depth(node->right);
  return 1 + (l > r ? l : r);
}

__attribute__((noinline)) void fail(int x) {
  if (x > 2)
    throw std::runtime_error("too deep");
}

int main() {
  unsigned sum = 0;
  for (int i = 0; i < 5; i++) {
    sum += fib(16);
    try {
      fail(i);
    } catch (const std::exception &) {
      sum += 1;
    }
  }
  Node leaves[4] = {}, mid[2] = {{&leaves[0], &leaves[1]}, {&leaves[2], nullptr}};
  Node root = {&mid[0], &mid[1]};
  int d = depth(&root);
  std::printf("%u %d %d\n", sum, d, guards);
  return 0;
}

// The freestanding contexts runtime (libfluid_rt_<arch>_contexts.a) in a
// program with no C library: the leaf reached through three paths, direct
// and mutual recursion folded, on x86_64 and i386, gives exact per-context
// calls that add up to the functions' own. Then the same program against
// the core built with FLUID_CONTEXT_NODES=4: the tree keeps its first four
// contexts, every later call is counted in dropped_contexts, and nothing
// is lost: the dropped calls' cycles are their parent nodes' self, so the
// nodes' self cycles add up to the functions' exactly.
// REQUIRES: i386-user
// RUN: %clang --target=x86_64-unknown-linux-gnu -O1 -ffreestanding -nostdlib -static -fno-pic -no-pie -fno-stack-protector -fuse-ld=lld %fluid_cc_instrument %s -o %t.x86_64 -L%fluid_lib -lfluid_rt_x86_64_contexts
// RUN: %t.x86_64 > %t.x86_64.log
// RUN: %fluid_prof validate %t.x86_64.log
// RUN: %python %S/Inputs/contexts_check.py %t.x86_64.log | FileCheck --check-prefix=TREE %s
// RUN: %clang --target=i386-unknown-linux-gnu -O1 -ffreestanding -nostdlib -static -fno-pic -no-pie -fno-stack-protector -fuse-ld=lld %fluid_cc_instrument %s -o %t.i386 -L%fluid_lib -lfluid_rt_i386_contexts
// RUN: %run_i386 %t.i386 > %t.i386.log
// RUN: %fluid_prof validate %t.i386.log
// RUN: %python %S/Inputs/contexts_check.py %t.i386.log | FileCheck --check-prefix=TREE %s
// The i386 runtime calls no libgcc helper (a -nostdlib kernel has none).
// RUN: %llvm_nm %t.i386 | FileCheck --check-prefix=NOLIBGCC %s
// NOLIBGCC-NOT: __{{u?(div|mod|ashl|lshr|ashr)di3}}
//
// TREE: context run calls=1
// TREE-NEXT: context run;a calls=10
// TREE-NEXT: context run;a;leaf calls=10
// TREE-NEXT: context run;b calls=10
// TREE-NEXT: context run;b;leaf calls=10
// TREE-NEXT: context run;c calls=10
// TREE-NEXT: context run;c;b calls=10
// TREE-NEXT: context run;c;b;leaf calls=10
// TREE-NEXT: context run;even calls=15
// TREE-NEXT: context run;even;odd calls=15
// TREE-NEXT: context run;rec calls=30
// TREE-NEXT: function a calls=10
// TREE-NEXT: function b calls=20
// TREE-NEXT: function c calls=10
// TREE-NEXT: function even calls=15
// TREE-NEXT: function leaf calls=30
// TREE-NEXT: function odd calls=15
// TREE-NEXT: function rec calls=30
// TREE-NEXT: function run calls=1
// TREE-NEXT: contexts 11
// TREE-NEXT: event dropped_contexts=0
// TREE-NEXT: event unwound_frames=0
// TREE-NEXT: event closed_at_exit=0
// TREE-NEXT: capacity 4096
// TREE-NEXT: sums exact
//
// The core with room for four contexts. fluid-prof validate holds a tree
// with dropped calls to its rules for one: per function, calls and inclusive
// cycles at most the function's; self cycles summed over all nodes (a parent
// node takes its dropped callees' cycles as its own self).
// RUN: rm -rf %t.small && mkdir %t.small
// RUN: %clang --target=x86_64-unknown-linux-gnu -O2 -ffreestanding -fno-builtin -nostdlib -mgeneral-regs-only -mno-red-zone -fno-pic -fno-stack-protector -DFLUID_CONTEXTS -DFLUID_CONTEXT_NODES=4 -I%fluid_src/runtime -c %fluid_src/runtime/core.c -o %t.small/core.o
// RUN: %clang --target=x86_64-unknown-linux-gnu -O2 -ffreestanding -fno-builtin -nostdlib -mgeneral-regs-only -mno-red-zone -fno-pic -fno-stack-protector -DFLUID_CONTEXTS -DFLUID_CONTEXT_NODES=4 -I%fluid_src/runtime -c %fluid_src/runtime/core_slow.c -o %t.small/core_slow.o
// RUN: %clang --target=x86_64-unknown-linux-gnu -O2 -ffreestanding -fno-builtin -nostdlib -mgeneral-regs-only -mno-red-zone -fno-pic -fno-stack-protector -DFLUID_CONTEXTS -DFLUID_CONTEXT_NODES=4 -I%fluid_src/runtime -c %fluid_src/runtime/export.c -o %t.small/export.o
// RUN: %clang --target=x86_64-unknown-linux-gnu -O2 -ffreestanding -fno-builtin -nostdlib -mgeneral-regs-only -mno-red-zone -fno-pic -fno-stack-protector -DFLUID_CONTEXTS -DFLUID_CONTEXT_NODES=4 -I%fluid_src/runtime -c %fluid_src/runtime/contexts.c -o %t.small/contexts.o
// RUN: %clang --target=x86_64-unknown-linux-gnu -O1 -ffreestanding -nostdlib -static -fno-pic -no-pie -fno-stack-protector -fuse-ld=lld %fluid_cc_instrument %s %t.small/core.o %t.small/core_slow.o %t.small/export.o %t.small/contexts.o -o %t.small/prog
// RUN: %t.small/prog > %t.small.log
// RUN: %fluid_prof validate %t.small.log
// RUN: %python %S/Inputs/contexts_check.py %t.small.log | FileCheck --check-prefix=SMALL %s
// SMALL: context run calls=1
// SMALL-NEXT: context run;a calls=10
// SMALL-NEXT: context run;a;leaf calls=10
// SMALL-NEXT: context run;b calls=10
// SMALL-NEXT: function a calls=10
// SMALL: contexts 4
// SMALL-NEXT: event dropped_contexts=100
// SMALL-NEXT: event unwound_frames=0
// SMALL-NEXT: event closed_at_exit=0
// SMALL-NEXT: capacity 4
// SMALL-NEXT: sums bounded
// SMALL-NEXT: self nodes=[[SELF:[0-9]+]] functions=[[SELF]]
#include <fluid_rt.h>

#include "../Inputs/nostdlib_syscalls.h"

volatile int calls_seen; /* keeps the optimizer from merging calls */

__attribute__((noinline)) int leaf(int x) {
  calls_seen++;
  return x * 2 + 1;
}

__attribute__((noinline)) int a(int x) { calls_seen++; return leaf(x) + 1; }
__attribute__((noinline)) int b(int x) { calls_seen++; return leaf(x) + 2; }
__attribute__((noinline)) int c(int x) { calls_seen++; return b(x) + 3; }

/* Work after each call keeps the recursion a recursion (no loop, no tail
 * call). */
__attribute__((noinline)) int rec(int n) {
  int r = n ? rec(n - 1) + 1 : 0;
  calls_seen++;
  return r;
}

int odd(int n);
__attribute__((noinline)) int even(int n) {
  int r = n ? odd(n - 1) : 1;
  calls_seen++;
  return r;
}
__attribute__((noinline)) int odd(int n) {
  int r = n ? even(n - 1) : 0;
  calls_seen++;
  return r;
}

__attribute__((noinline)) int run(void) {
  int total = 0;
  for (int i = 0; i < 10; i++)
    total += a(i) + b(i) + c(i);
  total += rec(29);       /* 30 calls, one context */
  total += even(29);      /* 30 calls: even 15, odd 15, two contexts */
  return total;
}

NO_HOOKS void _start(void) {
  int total = run();
  __fluid_export(to_stdout, 0);
  sys_exit(total == 409 && __fluid_depth() == 0 ? 0 : 1);
}

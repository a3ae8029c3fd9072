// The freestanding runtime needs no libc: a program with no C library at all
// (-nostdlib, its own _start and system calls) links libfluid_rt_<arch>.a,
// resolves every __fluid_* symbol, counts exact calls and exports a framed
// profile through its own byte sink; on x86_64 and on i386.
// REQUIRES: i386-user
// RUN: %clang --target=x86_64-unknown-linux-gnu -O1 -ffreestanding -nostdlib -static -fno-pic -no-pie -fno-stack-protector -fuse-ld=lld %fluid_cc_instrument %s -o %t.x86_64 -L%fluid_lib -lfluid_rt_x86_64
// RUN: %llvm_nm %t.x86_64 | %FileCheck --check-prefix=SYMS %s
// RUN: %t.x86_64 > %t.x86_64.log
// RUN: %python %S/../Inputs/profile_check.py %t.x86_64.log | %FileCheck --check-prefixes=CHECK,X86_64 %s
// RUN: %clang --target=i386-unknown-linux-gnu -O1 -ffreestanding -nostdlib -static -fno-pic -no-pie -fno-stack-protector -fuse-ld=lld %fluid_cc_instrument %s -o %t.i386 -L%fluid_lib -lfluid_rt_i386
// RUN: %llvm_nm %t.i386 | %FileCheck --check-prefix=SYMS %s
// RUN: %run_i386 %t.i386 > %t.i386.log
// RUN: %python %S/../Inputs/profile_check.py %t.i386.log | %FileCheck --check-prefixes=CHECK,I386 %s
#include <fluid_rt.h>

#include "../Inputs/nostdlib_syscalls.h"

volatile int calls_seen; /* keeps the optimizer from merging calls */

__attribute__((noinline)) int leaf(int x) {
  calls_seen++;
  return x * 2 + 1;
}

__attribute__((noinline)) int middle(int n) {
  int sum = 0;
  calls_seen++;
  for (int i = 0; i < n; i++)
    sum += leaf(i);
  return sum;
}

__attribute__((noinline)) int run(void) {
  int total = 0;
  for (int i = 0; i < 10; i++)
    total += middle(100);
  return total;
}

NO_HOOKS void _start(void) {
  int total = run();
  __fluid_export(to_stdout, 0);
  sys_exit(total == 100000 && __fluid_depth() == 0 ? 0 : 1);
}
// SYMS-DAG: T __fluid_enter
// SYMS-DAG: T __fluid_exit
// SYMS-DAG: T __fluid_export
// CHECK: function leaf calls=1000
// CHECK: function middle calls=10
// CHECK: function run calls=1
// CHECK: edge middle -> leaf calls=1000
// CHECK: edge run -> middle calls=10
// CHECK: event orphan_exits=0
// X86_64: clock=tsc target=x86_64-unknown-none
// I386: clock=tsc target=i386-unknown-none

// fluid-cc --fluid-instrument with -nostdlib (and -ffreestanding) picks the
// freestanding runtime archive of the target's architecture by itself:
// libfluid_rt_x86_64.a by default and libfluid_rt_i386.a for -m32. No
// __fluid_* symbol is left undefined, no hosted runtime is linked, and the
// program (its own _start and system calls, no libc) counts exact calls and
// exports its profile.
// REQUIRES: i386-user
// RUN: rm -rf %t && mkdir -p %t
// RUN: %fluid_cc --fluid-instrument --fluid-time-all -### -O1 -ffreestanding -nostdlib -static -fno-pic -fuse-ld=lld %s -o %t/x86_64 2>&1 | FileCheck --check-prefix=ARCHIVE64 %s
// RUN: %fluid_cc --fluid-instrument --fluid-time-all -O1 -ffreestanding -nostdlib -static -fno-pic -fno-stack-protector -fuse-ld=lld %s -o %t/x86_64
// RUN: %llvm_nm %t/x86_64 | FileCheck --check-prefix=SYMS %s
// RUN: %llvm_readelf -d %t/x86_64 | FileCheck --allow-empty --check-prefix=STATIC %s
// RUN: %t/x86_64 > %t/x86_64.log
// RUN: %python %S/../Inputs/profile_check.py %t/x86_64.log | FileCheck --check-prefixes=CHECK,X86_64 %s
// RUN: %fluid_cc --fluid-instrument --fluid-time-all -### -m32 -O1 -ffreestanding -nostdlib -static -fno-pic -fuse-ld=lld %s -o %t/i386 2>&1 | FileCheck --check-prefix=ARCHIVE32 %s
// RUN: %fluid_cc --fluid-instrument --fluid-time-all -m32 -O1 -ffreestanding -nostdlib -static -fno-pic -fno-stack-protector -fuse-ld=lld %s -o %t/i386
// RUN: %llvm_nm %t/i386 | FileCheck --check-prefix=SYMS %s
// RUN: %run_i386 %t/i386 > %t/i386.log
// RUN: %python %S/../Inputs/profile_check.py %t/i386.log | FileCheck --check-prefixes=CHECK,I386 %s
#include <fluid_rt.h>

#include "../Inputs/nostdlib_syscalls.h"

volatile int sink;

__attribute__((noinline)) void tick(int i) { sink += i; }

__attribute__((noinline)) void ticks(int n) {
  for (int i = 0; i < n; i++)
    tick(i);
}

NO_HOOKS void _start(void) {
  for (int i = 0; i < 3; i++)
    ticks(25);
  __fluid_export(to_stdout, 0);
  sys_exit(__fluid_depth() == 0 ? 0 : 1);
}
// ARCHIVE64: "{{[^"]*}}ld.lld"
// ARCHIVE64-SAME: libfluid_rt_x86_64.a"
// ARCHIVE32: "{{[^"]*}}ld.lld"
// ARCHIVE32-SAME: libfluid_rt_i386.a"
// SYMS-NOT: {{ U __fluid_}}
// SYMS: T __fluid_enter
// SYMS-NOT: {{ U __fluid_}}
// STATIC-NOT: NEEDED
// CHECK: function tick calls=75
// CHECK: function ticks calls=3
// CHECK: edge ticks -> tick calls=75
// CHECK: event orphan_exits=0
// X86_64: clock=tsc target=x86_64-unknown-none
// I386: clock=tsc target=i386-unknown-none

// The freestanding runtime exports the level a record names, on x86_64
// (built -Os here) and i386 (-Oz): each instrumented function's "level" is
// its build's, as its last key. Records made without a level (by hand, as
// fluid_rt.h allows, or by an older pass) are exported exactly as before,
// without the key, and a record whose names carry the level mark
// ("<name>\0\001<level>\0<file>", FLUID_LEVEL_MARK) exports it, its file
// read after the level.
// REQUIRES: i386-user
// RUN: %clang --target=x86_64-unknown-linux-gnu -Os -ffreestanding -nostdlib -static -fno-pic -no-pie -fno-stack-protector -fuse-ld=lld %fluid_cc_instrument %s -o %t.x86_64 -L%fluid_lib -lfluid_rt_x86_64
// RUN: %t.x86_64 > %t.x86_64.log
// RUN: %FileCheck %s --check-prefixes=CHECK,X86_64 < %t.x86_64.log
// RUN: %python %S/../Inputs/profile_check.py %t.x86_64.log | %FileCheck --check-prefix=VALID %s
// RUN: %fluid_prof show --sort=calls %t.x86_64.log | %FileCheck --check-prefixes=SHOW,SHOW-X86_64 %s
// RUN: %clang --target=i386-unknown-linux-gnu -Oz -ffreestanding -nostdlib -static -fno-pic -no-pie -fno-stack-protector -fuse-ld=lld %fluid_cc_instrument %s -o %t.i386 -L%fluid_lib -lfluid_rt_i386
// RUN: %run_i386 %t.i386 > %t.i386.log
// RUN: %FileCheck %s --check-prefixes=CHECK,I386 < %t.i386.log
// RUN: %python %S/../Inputs/profile_check.py %t.i386.log | %FileCheck --check-prefix=VALID %s
// RUN: %fluid_prof show --sort=calls %t.i386.log | %FileCheck --check-prefixes=SHOW,SHOW-I386 %s
#include <fluid_rt.h>

#include "../Inputs/nostdlib_syscalls.h"

/* Never called: records made by hand, with and without a level. */
__attribute__((section(FLUID_RECORD_SECTION), used)) struct fluid_record marked = {
    .counters = {.calls = 2, .min_cycles = UINT64_MAX},
    .hash = 0x1111,
    .names = "marked\0\001O3\0hand/made.c",
};
__attribute__((section(FLUID_RECORD_SECTION), used)) struct fluid_record plain = {
    .counters = {.calls = 3, .min_cycles = UINT64_MAX},
    .hash = 0x2222,
    .names = "plain\0hand/made.c",
};

volatile int sink;

__attribute__((noinline)) int work(int n) {
  for (int i = 0; i < n; i++)
    sink += i;
  return sink;
}

NO_HOOKS void _start(void) {
  work(10);
  __fluid_export(to_stdout, 0);
  sys_exit(0);
}
// CHECK-DAG: {"name":"marked","file":"hand/made.c","hash":"0000000000001111","calls":2,"self_cycles":0,"total_cycles":0,"min_cycles":0,"max_cycles":0,"level":"O3"}
// CHECK-DAG: {"name":"plain","file":"hand/made.c","hash":"0000000000002222","calls":3,"self_cycles":0,"total_cycles":0,"min_cycles":0,"max_cycles":0}
// X86_64-DAG: {"name":"work","file":"{{.*}}runtime-record-level-freestanding.c","hash":"{{[0-9a-f]+}}","calls":1,{{.*}},"max_cycles":{{[0-9]+}},"level":"Os"}
// I386-DAG: {"name":"work","file":"{{.*}}runtime-record-level-freestanding.c","hash":"{{[0-9a-f]+}}","calls":1,{{.*}},"max_cycles":{{[0-9]+}},"level":"Oz"}
// VALID: function marked calls=2
// VALID: function plain calls=3
// VALID: function work calls=1
// SHOW:             {{^}}function {{.*}} level{{$}}
// SHOW-NEXT:        {{^}}plain {{ *}}3 {{.*}} -{{$}}
// SHOW-NEXT:        {{^}}marked {{ *}}2 {{.*}} O3{{$}}
// SHOW-X86_64-NEXT: {{^}}work {{ *}}1 {{.*}} Os{{$}}
// SHOW-I386-NEXT:   {{^}}work {{ *}}1 {{.*}} Oz{{$}}

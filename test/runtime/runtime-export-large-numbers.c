// The freestanding export writes 64-bit numbers exactly on x86_64 and on
// i386, where it divides without libgcc (two 32-bit divl steps): a record
// whose counters hold values above 2^32, up to UINT64_MAX, comes out digit
// for digit, in a -nostdlib program with no helper library. A second record's
// call takes totals.calls past 2^64-1: it saturates, and the export counts
// that saturation (so fluid-prof validate, run by profile_check, accepts
// big's calls at 2^64-1).
// REQUIRES: i386-user
// RUN: %clang --target=x86_64-unknown-linux-gnu -O1 -ffreestanding -nostdlib -static -fno-pic -fno-stack-protector -fuse-ld=lld -I%fluid_include %s -o %t.x86_64 -L%fluid_lib -lfluid_rt_x86_64
// RUN: %t.x86_64 > %t.x86_64.log
// RUN: %FileCheck %s < %t.x86_64.log
// RUN: %python %S/../Inputs/profile_check.py %t.x86_64.log | %FileCheck --check-prefix=VALID %s
// RUN: %clang --target=i386-unknown-linux-gnu -O1 -ffreestanding -nostdlib -static -fno-pic -fno-stack-protector -fuse-ld=lld -I%fluid_include %s -o %t.i386 -L%fluid_lib -lfluid_rt_i386
// RUN: %run_i386 %t.i386 > %t.i386.log
// RUN: %FileCheck %s < %t.i386.log
// RUN: %python %S/../Inputs/profile_check.py %t.i386.log | %FileCheck --check-prefix=VALID %s
#include <fluid_rt.h>

#include "../Inputs/nostdlib_syscalls.h"

/* Never called: the record only carries the numbers to export. */
__attribute__((section(FLUID_RECORD_SECTION), used)) struct fluid_record big = {
    .counters = {.calls = UINT64_MAX,
                 .self_cycles = 4294967296ull,        /* 2^32 */
                 .total_cycles = 12345678901234567890ull,
                 .min_cycles = 4294967295ull,         /* 2^32 - 1 */
                 .max_cycles = 10000000000000000000ull}, /* 10^19 */
    .hash = 0xfedcba9876543210ull,
    .names = "big\0runtime-export-large-numbers.c",
};
__attribute__((section(FLUID_RECORD_SECTION), used)) struct fluid_record one = {
    .counters = {.calls = 1, .min_cycles = UINT64_MAX},
    .hash = 1,
    .names = "one\0runtime-export-large-numbers.c",
};

NO_HOOKS void _start(void) {
  __fluid_export(to_stdout, 0);
  sys_exit(0);
}
// CHECK: {"name":"big","file":"runtime-export-large-numbers.c","hash":"fedcba9876543210","calls":18446744073709551615,"self_cycles":4294967296,"total_cycles":12345678901234567890,"min_cycles":4294967295,"max_cycles":10000000000000000000}
// CHECK: "saturations":1,
// CHECK: "totals":{"functions":2,"calls":18446744073709551615,"self_cycles":4294967296}
// VALID: function big calls=18446744073709551615

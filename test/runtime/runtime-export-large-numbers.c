// The freestanding export writes 64-bit numbers exactly on x86_64 and on
// i386, where it divides without libgcc (two 32-bit divl steps): a record
// whose counters hold values above 2^32, up to UINT64_MAX, comes out digit
// for digit, in a -nostdlib program with no helper library.
// RUN: %clang --target=x86_64-unknown-linux-gnu -O1 -ffreestanding -nostdlib -static -fno-pic -fno-stack-protector -fuse-ld=lld -I%fluid_include %s -o %t.x86_64 -L%fluid_lib -lfluid_rt_x86_64
// RUN: %t.x86_64 > %t.x86_64.log
// RUN: %FileCheck %s < %t.x86_64.log
// RUN: %python %S/../Inputs/profile_check.py %t.x86_64.log | %FileCheck --check-prefix=VALID %s
// RUN: %clang --target=i386-unknown-linux-gnu -O1 -ffreestanding -nostdlib -static -fno-pic -fno-stack-protector -fuse-ld=lld -I%fluid_include %s -o %t.i386 -L%fluid_lib -lfluid_rt_i386
// RUN: %t.i386 > %t.i386.log
// RUN: %FileCheck %s < %t.i386.log
// RUN: %python %S/../Inputs/profile_check.py %t.i386.log | %FileCheck --check-prefix=VALID %s
#include <fluid_rt.h>

#define NO_HOOKS __attribute__((no_instrument_function))

/* Never called: the record only carries the numbers to export. */
__attribute__((section(FLUID_RECORD_SECTION), used)) struct fluid_record big = {
    .counters = {.calls = UINT64_MAX,
                 .self_cycles = 4294967296ull,        /* 2^32 */
                 .total_cycles = 10000000000000000000ull, /* 10^19 */
                 .min_cycles = 4294967295ull,         /* 2^32 - 1 */
                 .max_cycles = 12345678901234567890ull},
    .hash = 0xfedcba9876543210ull,
    .names = "big\0runtime-export-large-numbers.c",
};

static NO_HOOKS long sys_write(const void *bytes, unsigned long length) {
  long result;
#ifdef __x86_64__
  __asm__ volatile("syscall" : "=a"(result) : "a"(1), "D"(1), "S"(bytes), "d"(length)
                   : "rcx", "r11", "memory");
#else
  __asm__ volatile("int $0x80" : "=a"(result) : "a"(4), "b"(1), "c"(bytes), "d"(length)
                   : "memory");
#endif
  return result;
}

static NO_HOOKS __attribute__((noreturn)) void sys_exit(int status) {
#ifdef __x86_64__
  __asm__ volatile("syscall" : : "a"(60), "D"(status));
#else
  __asm__ volatile("int $0x80" : : "a"(1), "b"(status));
#endif
  __builtin_unreachable();
}

static NO_HOOKS void to_stdout(void *context, const char *bytes, size_t length) {
  (void)context;
  sys_write(bytes, length);
}

NO_HOOKS void _start(void) {
  __fluid_export(to_stdout, 0);
  sys_exit(0);
}
// CHECK: {"name":"big","file":"runtime-export-large-numbers.c","hash":"fedcba9876543210","calls":18446744073709551615,"self_cycles":4294967296,"total_cycles":10000000000000000000,"min_cycles":4294967295,"max_cycles":12345678901234567890}
// CHECK: "totals":{"functions":1,"calls":18446744073709551615,"self_cycles":4294967296}
// VALID: function big calls=18446744073709551615

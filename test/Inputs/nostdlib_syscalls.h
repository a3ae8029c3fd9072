/* nostdlib_syscalls.h - what a -nostdlib Linux test program needs to print
 * and exit without libc: write(1, ...) and exit(status) as raw system calls
 * on x86_64 and i386, and a byte sink for __fluid_export. Never instrumented,
 * so they add no functions to the profiles the tests check. */
#ifndef FLUID_TEST_NOSTDLIB_SYSCALLS_H
#define FLUID_TEST_NOSTDLIB_SYSCALLS_H

#include <stddef.h>

#define NO_HOOKS __attribute__((no_instrument_function))

static inline NO_HOOKS long sys_write(const void *bytes, unsigned long length) {
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

static inline NO_HOOKS __attribute__((noreturn)) void sys_exit(int status) {
#ifdef __x86_64__
  __asm__ volatile("syscall" : : "a"(60), "D"(status));
#else
  __asm__ volatile("int $0x80" : : "a"(1), "b"(status));
#endif
  __builtin_unreachable();
}

/* A fluid_sink_fn writing the profile to standard output. */
static inline NO_HOOKS void to_stdout(void *context, const char *bytes,
                                      size_t length) {
  (void)context;
  sys_write(bytes, length);
}

#endif /* FLUID_TEST_NOSTDLIB_SYSCALLS_H */

/* port.h - attribute macros and fixed-width types for the freestanding runtime.
 *
 * The runtime core is built with -ffreestanding and never includes a libc
 * header: the types it needs come from the compiler (<stdint.h> and
 * <stddef.h> are freestanding headers provided by clang itself).
 */
#ifndef FLUID_PORT_H
#define FLUID_PORT_H

#include <stddef.h>
#include <stdint.h>

/* Runtime code must never be instrumented, whatever compiler flags it is
 * built with: the pass skips __fluid_* names and no_instrument_function. */
#define FLUID_NO_INSTRUMENT __attribute__((no_instrument_function))
#define FLUID_HIDDEN __attribute__((visibility("hidden")))
#define FLUID_EXPORT __attribute__((visibility("default")))
#define FLUID_SECTION(name) __attribute__((section(name)))
#define FLUID_LIKELY(x) __builtin_expect(!!(x), 1)
#define FLUID_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define FLUID_NOINLINE __attribute__((noinline))

/* Keeps the compiler from moving stores across an interrupt boundary. */
#define FLUID_BARRIER() __asm__ __volatile__("" ::: "memory")

#ifdef FLUID_RT_HOSTED
/* One shadow stack per thread; initial-exec TLS keeps access to one
 * %fs-relative load (the hosted runtime is a DT_NEEDED library). */
#define FLUID_THREAD_LOCAL __thread __attribute__((tls_model("initial-exec")))
#else
/* One execution context (a single CPU; interrupts nest on its stack). */
#define FLUID_THREAD_LOCAL
#endif

#endif /* FLUID_PORT_H */

/* module.h - how a workload registers itself with the kernel's runner.
 *
 * Each module defines one `struct fluid_module` with FLUID_MODULE(); the
 * definition lands in the linker section `fluid_modules`, and the kernel (or
 * the host test harness) walks the array between __start_fluid_modules and
 * __stop_fluid_modules. No generated registry, no fixed limit: linking a
 * module's object file is what registers it.
 *
 * `run` performs one complete iteration from scratch (it regenerates its own
 * input), so every iteration must return `expected`. Module code is
 * freestanding C: no libc, no floating-point library, and no 64-bit division
 * (the i386 kernel has no libgcc).
 */
#ifndef FLUID_MODULE_H
#define FLUID_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MODULE_HIDDEN 0x1u /* runs only when the command line names it */

struct fluid_module {
  const char *name;
  uint64_t (*run)(void);
  uint64_t expected;            /* checksum of one iteration */
  uint32_t default_iterations;  /* when the command line gives no count */
  uint32_t flags;               /* MODULE_* */
  /* Filled in by the kernel's runner. */
  uint32_t iterations;          /* selected count; 0 = not selected */
  uint32_t mismatches;          /* iterations whose checksum was wrong */
  uint64_t cycles;              /* TSC ticks for all iterations */
  uint64_t checksum;            /* the last iteration's result */
} __attribute__((aligned(8)));

#define FLUID_MODULE_SECTION "fluid_modules"

#define FLUID_MODULE(ident, name_, run_, expected_, iterations_, flags_)      \
  __attribute__((used, section(FLUID_MODULE_SECTION)))                       \
  struct fluid_module fluid_module_##ident = {                                \
      .name = name_,                                                          \
      .run = run_,                                                            \
      .expected = expected_,                                                  \
      .default_iterations = iterations_,                                      \
      .flags = flags_,                                                        \
  }

extern struct fluid_module __start_fluid_modules[];
extern struct fluid_module __stop_fluid_modules[];

/* A small deterministic generator shared by the modules' input builders. */
static inline uint32_t module_xorshift32(uint32_t *state) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

/* FNV-1a over 32-bit words: the modules' common way to fold results. */
static inline uint64_t module_fold(uint64_t hash, uint32_t value) {
  for (int byte = 0; byte < 4; byte++) {
    hash ^= (value >> (8 * byte)) & 0xffu;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

#define MODULE_FOLD_SEED 0xcbf29ce484222325ull

#endif /* FLUID_MODULE_H */

/* features.h - CPUID feature bits, shared by cpu.c and features.c. */
#ifndef FLUID_FEATURES_H
#define FLUID_FEATURES_H

#include "types.h"

enum { LEAF1_ECX, LEAF1_EDX, LEAF7_EBX, LEAF7_ECX, EXT1_ECX, REGISTER_SETS };

struct feature {
  const char *name;
  uint8_t set;
  uint8_t bit;
};

/* The features this kernel was compiled for, ending with a null name. */
extern const struct feature compiled_features[];

/* True when the compiler may emit VEX-encoded (AVX) instructions. */
extern const bool compiled_for_avx_state;

/* cpu.c: the `cpuid` command prints the raw CPUID leaves the boot guard
 * reads (1, 7, 0x80000001, 0xd) and XCR0, for the host-side check of the
 * CPU model table (test/kernel/kernel-cpu-cpuid-*.test). */
void cpu_dump_cpuid(void);

#endif /* FLUID_FEATURES_H */

/* known_work.c - a leaf and a parent whose work is a known instruction count.
 *
 * The profile's accounting is tested against this module: under QEMU's
 * -icount shift=0 one TSC tick is one guest instruction, so a function whose
 * body is a fixed instruction sequence has a known true cost, and the
 * profile must report it once the probes' calibrated cost is subtracted
 * (test/kernel/kernel-profile-known-work.test works out every figure).
 *
 * Each spin is inline assembly, so no compiler, level or target changes it:
 *   mov $LOOPS, %ecx      1
 *   1: dec %ecx           LOOPS
 *   jnz 1b                LOOPS
 *   incl counter          1       -> 2 + 2 * LOOPS instructions
 * The counter (a memory operand the asm itself increments) is the module's
 * result: the checksum proves every spin ran, and the asm leaves the
 * compiler nothing to keep in a register across the hooks.
 *
 * known_work_parent calls known_work_leaf KNOWN_WORK_CALLS times per
 * iteration, spinning PARENT_LOOPS itself before each call: 500 instructions
 * of its own and 500 in the leaf per call. Hidden: it runs only when the
 * command line names it, so the default workload (and every table of it)
 * stays as it was.
 */
#include "module.h"

#define KNOWN_WORK_CALLS 100
#define LEAF_LOOPS 249   /* 2 + 2 * 249 = 500 instructions per leaf call */
#define PARENT_LOOPS 249 /* 500 instructions of the parent's own per call */

static uint32_t leaf_spins, parent_spins;

#define KNOWN_WORK_SPIN(loops, counter)                                       \
  __asm__ __volatile__("mov %1, %%ecx\n\t"                                    \
                       "1:\n\t"                                               \
                       "dec %%ecx\n\t"                                        \
                       "jnz 1b\n\t"                                           \
                       "incl %0"                                              \
                       : "+m"(counter)                                        \
                       : "i"(loops)                                           \
                       : "ecx", "cc")

__attribute__((noinline)) void known_work_leaf(void) {
  KNOWN_WORK_SPIN(LEAF_LOOPS, leaf_spins);
}

__attribute__((noinline)) void known_work_parent(uint32_t calls) {
  for (uint32_t i = 0; i < calls; i++) {
    KNOWN_WORK_SPIN(PARENT_LOOPS, parent_spins);
    known_work_leaf();
  }
}

static uint64_t known_work_run(void) {
  leaf_spins = 0;
  parent_spins = 0;
  known_work_parent(KNOWN_WORK_CALLS);
  uint64_t hash = module_fold(MODULE_FOLD_SEED, leaf_spins);
  return module_fold(hash, parent_spins);
}

FLUID_MODULE(known_work, "known_work", known_work_run, 0x8ccaec45ec65b585ull, 1,
             MODULE_HIDDEN);

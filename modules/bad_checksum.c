/* bad_checksum.c - a module whose declared checksum is deliberately wrong.
 *
 * Hidden: it runs only when the command line names it. It proves the kernel
 * detects and names a module whose result differs from its known answer
 * (the failure a miscompiling rebuild would cause) and exits non-zero.
 */
#include "module.h"

static uint64_t bad_checksum_run(void) {
  uint64_t hash = MODULE_FOLD_SEED;
  for (uint32_t i = 0; i < 16; i++)
    hash = module_fold(hash, i);
  return hash;
}

/* The correct value is the fold of 0..15; this is that value plus one. */
FLUID_MODULE(bad_checksum, "bad_checksum", bad_checksum_run, 0x2135120b48416d26ull, 1,
             MODULE_HIDDEN);

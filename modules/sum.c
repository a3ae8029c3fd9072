/* sum.c - arithmetic series, the smallest possible workload.
 *
 * sum_to(100) = 5050 is the prototype's known answer; the module folds the
 * partial sums 1..200 so that a miscompiled loop changes the checksum.
 */
#include "module.h"

uint32_t sum_to(uint32_t n) {
  uint32_t total = 0;
  for (uint32_t i = 1; i <= n; i++)
    total += i;
  return total;
}

static uint64_t sum_run(void) {
  uint64_t hash = MODULE_FOLD_SEED;
  for (uint32_t n = 1; n <= 200; n++)
    hash = module_fold(hash, sum_to(n));
  return hash;
}

FLUID_MODULE(sum, "sum", sum_run, 0xf1f3eaa1d1ff5993ull, 10, 0);

/* compute.c - a nested integer loop: sum of (i*j) mod 1000 over 100x100.
 *
 * Straight-line integer work with a modulo by a constant, which compilers
 * turn into multiply-high sequences at -O1 and above.
 */
#include "module.h"

uint32_t compute_grid(uint32_t rows, uint32_t columns) {
  uint32_t total = 0;
  for (uint32_t i = 0; i < rows; i++)
    for (uint32_t j = 0; j < columns; j++)
      total += (i * j) % 1000u;
  return total;
}

static uint64_t compute_run(void) {
  uint64_t hash = module_fold(MODULE_FOLD_SEED, compute_grid(100, 100));
  return module_fold(hash, compute_grid(37, 211));
}

FLUID_MODULE(compute, "compute", compute_run, 0xeae7da9838aaa19cull, 5, 0);

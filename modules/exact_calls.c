/* exact_calls.c - calls exact_calls_helper exactly 1,000 times per iteration.
 *
 * The profile tests count on this: a kernel run with `modules=exact_calls:N`
 * must export exactly N * 1000 calls of exact_calls_helper. The helper is
 * noinline and external so it survives every optimization level as a call.
 */
#include "module.h"

#define EXACT_CALLS 1000

__attribute__((noinline)) uint32_t exact_calls_helper(uint32_t value) {
  /* An empty asm with a memory clobber keeps each call observable. */
  __asm__ __volatile__("" : : : "memory");
  return value * 2654435761u + 1;
}

static uint64_t exact_calls_run(void) {
  uint64_t hash = MODULE_FOLD_SEED;
  for (uint32_t i = 0; i < EXACT_CALLS; i++)
    hash = module_fold(hash, exact_calls_helper(i));
  return hash;
}

FLUID_MODULE(exact_calls, "exact_calls", exact_calls_run, 0xe13fd4470ce6c301ull, 1, 0);

/* fibonacci.c - Fibonacci numbers, iteratively and by naive recursion.
 *
 * The recursive version is the classic dominant function of a profile: one
 * call of fibonacci_recursive(18) makes 8,361 calls to itself. The iterative
 * version (fib(20) = 6765, the prototype's known answer) is cheap.
 */
#include "module.h"

uint32_t fibonacci_iterative(uint32_t n) {
  uint32_t previous = 0, current = 1;
  if (n == 0)
    return 0;
  for (uint32_t i = 1; i < n; i++) {
    uint32_t next = previous + current;
    previous = current;
    current = next;
  }
  return current;
}

uint32_t fibonacci_recursive(uint32_t n) {
  if (n < 2)
    return n;
  return fibonacci_recursive(n - 1) + fibonacci_recursive(n - 2);
}

static uint64_t fibonacci_run(void) {
  uint64_t hash = MODULE_FOLD_SEED;
  for (uint32_t n = 0; n <= 40; n++)
    hash = module_fold(hash, fibonacci_iterative(n));
  return module_fold(hash, fibonacci_recursive(18));
}

FLUID_MODULE(fibonacci, "fibonacci", fibonacci_run, 0x0fd555ac13f47ab8ull, 5, 0);

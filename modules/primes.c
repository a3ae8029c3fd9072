/* primes.c - prime counting by trial division and by a sieve.
 *
 * 168 primes below 1000 (trial division, the prototype's answer) and 1229
 * below 10000 (sieve of Eratosthenes over a byte array on the stack).
 */
#include "module.h"

bool is_prime(uint32_t n) {
  if (n < 2)
    return false;
  for (uint32_t d = 2; d * d <= n; d++)
    if (n % d == 0)
      return false;
  return true;
}

uint32_t count_primes_trial(uint32_t limit) {
  uint32_t count = 0;
  for (uint32_t n = 0; n < limit; n++)
    count += is_prime(n);
  return count;
}

#define SIEVE_LIMIT 10000
uint32_t count_primes_sieve(void) {
  static uint8_t composite[SIEVE_LIMIT];
  uint32_t count = 0;
  for (uint32_t i = 0; i < SIEVE_LIMIT; i++)
    composite[i] = 0;
  for (uint32_t i = 2; i < SIEVE_LIMIT; i++) {
    if (composite[i])
      continue;
    count++;
    for (uint32_t j = i * i; j < SIEVE_LIMIT; j += i)
      composite[j] = 1;
  }
  return count;
}

static uint64_t primes_run(void) {
  uint64_t hash = module_fold(MODULE_FOLD_SEED, count_primes_trial(1000));
  return module_fold(hash, count_primes_sieve());
}

FLUID_MODULE(primes, "primes", primes_run, 0x4592fd31a3e851bcull, 3, 0);

#include "primes.h"

/* 998 calls of is_prime (2..999), 168 of digit_sum (one per prime). */
int main(void) {
  int primes = 0, digits = 0;
  for (int n = 2; n < 1000; n++)
    if (is_prime(n)) {
      primes++;
      digits += digit_sum(n);
    }
  report(primes, digits);
  return 0;
}

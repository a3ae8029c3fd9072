#include <stdio.h>

#include "primes.h"

void report(int primes, int digits) {
  printf("primes=%d digits=%d\n", primes, digits);
}

#include "primes.h"

int digit_sum(int n) {
  int sum = 0;
  for (; n > 0; n /= 10)
    sum += n % 10;
  return sum;
}

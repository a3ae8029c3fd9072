#include "shared-lib.h"
int lib_square(int x) { return x * x; }
int lib_sum_twice(int n) {
  int sum = 0;
  for (int i = 0; i < n; i++)
    sum += twice(i);
  return sum;
}

/* mixed-program.c - a program for prof-optimize-mixed-program.test: each
 * function's work on the simulated clock (SIM_WORK), a loop each level
 * compiles differently, a static helper the optimizer may inline. */
#include <stdio.h>

#include "../../Inputs/sim_clock.h"

static int scale(int x) {
  SIM_WORK(10);
  return x * 3 + (x >> 2);
}

__attribute__((noinline)) int leaf(int x) {
  SIM_WORK(20);
  return scale(x) ^ x;
}

__attribute__((noinline)) int sum(const int *a, int n) {
  int s = 0;
  SIM_WORK(200);
  for (int i = 0; i < n; i++)
    s += a[i] * a[i] + (a[i] >> 3);
  return s;
}

__attribute__((noinline)) int work(int n) {
  int s = 0;
  SIM_WORK(100);
  for (int i = 0; i < n; i++)
    s += leaf(i) + scale(i);
  return s;
}

int main(void) {
  static int a[64];
  for (int i = 0; i < 64; i++)
    a[i] = i * 7 - 100;
  SIM_WORK(5);
  printf("checksum %d\n", work(30) + sum(a, 64));
  return 0;
}

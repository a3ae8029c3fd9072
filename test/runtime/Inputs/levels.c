/* levels.c - a program whose functions the optimizer treats differently
 * at each level: a static helper inlined from -O1 up, a recursive
 * function, a leaf called in a loop. runtime-record-level-*.test build it
 * at each level and read the level every function's record names. */
#include <stdio.h>

static int helper(int x) { return x * 3 + (x >> 1); }

__attribute__((noinline)) int leaf(int x) { return helper(x) ^ x; }

__attribute__((noinline)) int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

__attribute__((noinline)) int work(int n) {
  int sum = 0;
  for (int i = 0; i < n; i++)
    sum += leaf(i) + helper(i);
  return sum;
}

int main(void) {
  int sum = work(100) + fib(10);
  printf("sum=%d\n", sum);
  return sum == 0;
}

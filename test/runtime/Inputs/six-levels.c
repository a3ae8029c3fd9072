/* six-levels.c - six external functions (kept out of line) with loops each
 * -O level compiles differently, a static helper three of them share, and
 * main. runtime-record-level-mixed.test gives each its own level. */
#include <stdio.h>

int table[64];

static int helper(int x) { return x * 3 + (x >> 2); }

__attribute__((noinline)) int f0(int n) {
  int s = 0;
  for (int i = 0; i < n; i++)
    s += table[i & 63] * i;
  return s;
}

__attribute__((noinline)) int f1(int n) {
  int s = 0;
  for (int i = 0; i < n; i++)
    s ^= helper(i) + table[i & 63];
  return s;
}

__attribute__((noinline)) int f2(int n) {
  int s = 1;
  for (int i = 0; i < n; i++)
    s = s * 31 + table[(i * 7) & 63];
  return s;
}

__attribute__((noinline)) int f3(const int *a, int n) {
  int s = 0;
  for (int i = 0; i < n; i++)
    s += a[i] * a[i];
  return s;
}

__attribute__((noinline)) int fs(int n) {
  int s = 0;
  for (int i = 0; i < n; i++) {
    s += helper(i);
    if (s > 1000)
      s -= 999;
  }
  return s;
}

__attribute__((noinline)) int fz(int *a, int n) {
  for (int i = 0; i < n; i++)
    a[i] = helper(a[i]) ^ i;
  return a[0];
}

int main(void) {
  static int a[32];
  for (int i = 0; i < 64; i++)
    table[i] = i * 7 - 100;
  for (int i = 0; i < 32; i++)
    a[i] = i * 5 - 40;
  unsigned sum = f0(100) + f1(100) + f2(100) + f3(a, 32) + fs(100) + fz(a, 32);
  printf("checksum %u\n", sum);
  return 0;
}

/* Fidelity input: a small translation unit with a header, a loop and a call. */
#include <stdio.h>
#include "b.h"

static int square(int x) { return x * x; }

int main(void) {
  int total = 0;
  for (int i = 0; i < 10; i++)
    total += square(i) + twice(i);
  printf("total=%d\n", total);
  return 0;
}

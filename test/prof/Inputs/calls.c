/* A program with a known call structure: main -> twice (10x) -> leaf (2x). */
#include <stdio.h>

static int leaf(int x) { return x + 1; }
int twice(int x) { return leaf(x) + leaf(x + 1); }

int main(void) {
  int sum = 0;
  printf("before the profile\n");
  for (int i = 0; i < 10; i++)
    sum += twice(i);
  printf("sum=%d\n", sum);
  return sum == 120 ? 0 : 1;
}

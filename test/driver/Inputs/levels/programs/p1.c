/* p1.c - one of two programs of one build, each with its own `work` and
 * `main`: p1's work runs 1000 times. Built twice, the second time with
 * -DWIDE, which changes work's code (and so its structural hash). */
#include <stdio.h>
unsigned work(unsigned n) {
  unsigned s = 0;
  for (unsigned i = 0; i < n; i++)
    s = s * 33 + i;
#ifdef WIDE
  s ^= s >> 3;
#endif
  return s;
}
int main(void) {
  unsigned s = 0;
  for (unsigned i = 0; i < 1000; i++)
    s += work(200);
  printf("p1 %u\n", s);
  return 0;
}

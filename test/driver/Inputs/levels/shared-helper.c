/* shared-helper.c - a static helper called from a hot function and from a
 * cold one. Uniform -O3 inlines it into hot(); -Oz keeps the call. */
#include <stdio.h>

static unsigned mix(unsigned x, unsigned n) {
  for (unsigned i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    x += i * 2654435761u;
  }
  return x;
}

unsigned hot(unsigned seed) {
  unsigned s = 0;
  for (unsigned i = 0; i < 1000; i++)
    s += mix(seed + i, 8);
  return s;
}

unsigned cold(unsigned seed) { return mix(seed, 3) ^ mix(seed + 1, 5); }

int main(int argc, char **argv) {
  (void)argv;
  unsigned r = hot(7) + (argc > 5 ? 0 : cold(9));
  printf("result %u\n", r);
  return 0;
}

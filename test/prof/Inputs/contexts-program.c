/* A program with known calling contexts for fluid-prof's end-to-end test:
 * leaf is reached through a and through b, b also through c, and rec
 * recurses (its recursive calls fold into its one node). The argument sets
 * how many rounds run, so two runs of one build differ in their counts. */
#include <stdlib.h>

volatile unsigned sink;

__attribute__((noinline)) void leaf(unsigned n) {
  for (unsigned i = 0; i < 50; i++)
    sink += n * i;
}
__attribute__((noinline)) void a(unsigned n) { leaf(n); }
__attribute__((noinline)) void b(unsigned n) { leaf(n + 1); }
__attribute__((noinline)) void c(unsigned n) { b(n); }
__attribute__((noinline)) unsigned rec(unsigned n) {
  if (!n)
    return 0;
  unsigned r = rec(n - 1); /* the store after it keeps the call a call */
  sink += r;
  return r + 1;
}

int main(int argc, char **argv) {
  unsigned rounds = argc > 1 ? (unsigned)atoi(argv[1]) : 1;
  for (unsigned i = 0; i < rounds; i++) {
    a(i);
    b(i);
    c(i);
  }
  rec(4);
  return 0;
}

/* p2.c - the other program: its work never runs. */
#include <stdio.h>
unsigned work(unsigned n) { return n * 7 + 1; }
int main(int argc, char **argv) {
  (void)argv;
  printf("p2 %u\n", argc > 5 ? work(3) : 0u);
  return 0;
}

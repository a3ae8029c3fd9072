/* main.c - fill a table, mix every value, sort, print one checksum.
 * `checksum N` mixes N rounds per value (default 500); a bad argument takes
 * the usage path, which a normal run never does (so a plan has a function
 * that never ran). */
#include <stdio.h>
#include <stdlib.h>

#include "checksum.h"

#define COUNT 20000

static unsigned values[COUNT];

static int usage(const char *argument) {
  fprintf(stderr, "checksum: '%s' is not a number of rounds\n", argument);
  return 2;
}

int main(int argc, char **argv) {
  unsigned rounds = 500;
  if (argc > 1) {
    char *end;
    rounds = (unsigned)strtoul(argv[1], &end, 10);
    if (*end != '\0')
      return usage(argv[1]);
  }
  for (int i = 0; i < COUNT; i++)
    values[i] = mix((unsigned)i, rounds);
  sort_values(values, COUNT);
  printf("checksum: %08x\n", fold(values, COUNT));
  return 0;
}

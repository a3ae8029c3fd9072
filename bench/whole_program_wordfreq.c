/* whole_program_wordfreq.c - runs the bundled example wordfreq REPEAT times in one process.
 *
 * Usage: whole_program_wordfreq REPEAT
 * One run of examples/wordfreq.c takes a few milliseconds, too short to time
 * a process by; starting it REPEAT times would time the loader and the
 * runtimes' start-up and exit instead of the program. So this file includes
 * the example itself (its main renamed), resets its two pieces of state
 * (the hash table and the random seed) before every run, and calls it
 * REPEAT times: each run prints exactly what the example prints alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define main wordfreq_main
#include "../examples/wordfreq.c"
#undef main

int main(int argc, char **argv) {
  char *end = 0;
  unsigned long repeat = argc == 2 ? strtoul(argv[1], &end, 10) : 0;
  if (argc != 2 || *end || repeat == 0) {
    fprintf(stderr, "usage: %s REPEAT (a positive number)\n", argv[0]);
    return 2;
  }
  for (unsigned long i = 0; i < repeat; i++) {
    memset(table, 0, sizeof table);
    seed = 2026;
    if (wordfreq_main() != 0)
      return 1;
  }
  return 0;
}

/* whole_program_modules.c - runs one of the kernel's workload modules as a hosted program.
 *
 * Usage: whole_program_modules MODULE REPEAT   (or --list)
 * Linked with the very module sources the kernel runs (modules/*.c), as
 * test/kernel/modules-host-checksums.test links them, this driver finds
 * MODULE in the `fluid_modules` section and calls its run() REPEAT times.
 * Every iteration must return the module's declared checksum: a wrong one is
 * a one-line error and exit status 1. The one output line names the module,
 * the repeat count and the results folded together, so bench/whole_program.sh
 * can check that every variant computed what plain -O2 computed.
 * `--list` prints the modules a benchmark can run (hidden ones excluded).
 * The driver is compiled with each variant's flags like the modules: it is
 * part of the whole program.
 */
#include "../modules/module.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int list_modules(void) {
  for (struct fluid_module *m = __start_fluid_modules; m < __stop_fluid_modules; m++)
    if (!(m->flags & MODULE_HIDDEN))
      printf("%s\n", m->name);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--list") == 0)
    return list_modules();
  if (argc != 3) {
    fprintf(stderr, "usage: %s MODULE REPEAT | --list\n", argv[0]);
    return 2;
  }
  char *end;
  unsigned long repeat = strtoul(argv[2], &end, 10);
  if (*end || repeat == 0) {
    fprintf(stderr, "whole_program_modules: error: REPEAT must be a positive number, not '%s'\n",
            argv[2]);
    return 2;
  }
  for (struct fluid_module *m = __start_fluid_modules; m < __stop_fluid_modules; m++) {
    if (strcmp(m->name, argv[1]) != 0)
      continue;
    uint64_t folded = MODULE_FOLD_SEED;
    for (unsigned long i = 0; i < repeat; i++) {
      uint64_t checksum = m->run();
      if (checksum != m->expected) {
        fprintf(stderr, "whole_program_modules: error: %s iteration %lu returned 0x%016llx, "
                "expected 0x%016llx\n", m->name, i + 1, (unsigned long long)checksum,
                (unsigned long long)m->expected);
        return 1;
      }
      folded = module_fold(module_fold(folded, (uint32_t)checksum), (uint32_t)(checksum >> 32));
    }
    printf("%s %lu 0x%016llx\n", m->name, repeat, (unsigned long long)folded);
    return 0;
  }
  fprintf(stderr, "whole_program_modules: error: no module '%s' (--list names them)\n", argv[1]);
  return 2;
}

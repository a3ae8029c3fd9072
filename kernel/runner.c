/* runner.c - runs the selected workload modules and prints the table.
 *
 * For each module the command line selected (in link order), runner_run
 * calls its run() `iterations` times between two TSC reads, compares every
 * iteration's checksum with the module's known answer, and prints one table
 * row: iterations, total cycles, cycles per iteration, checksum, OK/FAIL.
 * Under -icount the cycles are guest instructions, so the table is exact and
 * repeatable. Returns EXIT_OK only when every module was right.
 */
#include "../modules/module.h"
#include "defs.h"
#include "request.h"
#include "x86.h"

static void run_module(struct fluid_module *m) {
  m->mismatches = 0;
  uint64_t start = rdtsc();
  for (uint32_t i = 0; i < m->iterations; i++) {
    uint64_t checksum = m->run();
    if (checksum != m->expected)
      m->mismatches++;
    m->checksum = checksum;
  }
  m->cycles = rdtsc() - start;
}

NOINSTR void runner_list(void) {
  kprintf("modules: %-12s %10s  %-18s  %s\n", "name", "iterations",
          "expected", "flags");
  for (struct fluid_module *m = __start_fluid_modules;
       m < __stop_fluid_modules; m++)
    kprintf("modules: %-12s %10u  0x%016llx  %s\n", m->name,
            m->default_iterations, (unsigned long long)m->expected,
            (m->flags & MODULE_HIDDEN) ? "hidden" : "-");
}

int runner_run(const struct run_request *request) {
  int selected = 0, failed = 0;
  (void)request;
  for (struct fluid_module *m = __start_fluid_modules;
       m < __stop_fluid_modules; m++)
    selected += m->iterations != 0;
  kprintf("run: %d module(s)\n", selected);
  kprintf("run: %-12s %10s %14s %12s  %-18s  %s\n", "module", "iterations",
          "cycles", "cycles/iter", "checksum", "result");
  for (struct fluid_module *m = __start_fluid_modules;
       m < __stop_fluid_modules; m++) {
    if (!m->iterations)
      continue;
    run_module(m);
    bool ok = m->mismatches == 0;
    kprintf("run: %-12s %10u %14llu %12llu  0x%016llx  %s\n", m->name,
            m->iterations, (unsigned long long)m->cycles,
            (unsigned long long)(m->cycles / m->iterations),
            (unsigned long long)m->checksum, ok ? "OK" : "FAIL");
    if (!ok) {
      kprintf("run: module %s: checksum 0x%016llx, expected 0x%016llx "
              "(%u of %u iterations wrong)\n",
              m->name, (unsigned long long)m->checksum,
              (unsigned long long)m->expected, m->mismatches, m->iterations);
      failed++;
    }
  }
  kprintf("run: %d module(s), %d OK, %d FAILED\n", selected, selected - failed,
          failed);
  return failed ? EXIT_CHECKSUM : EXIT_OK;
}

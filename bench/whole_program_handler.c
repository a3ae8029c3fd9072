/* whole_program_handler.c - the equivalent handler's set-up and check, for bench/whole_program.sh.
 *
 * Linked, not instrumented, into the variants whose hooks drive the profiler
 * of bench/overhead_equiv.c (which does Fluid's work per call): the
 * -finstrument-functions builds and, compiled with -DBENCH_XRAY, the XRay
 * build. For XRay, before main runs, it installs that profiler's handler
 * with __xray_set_handler and patches every sled with __xray_patch, as
 * bench/overhead_driver.c does (XRay's own modes, xray-basic and fdr, log
 * every event instead of aggregating, so they are not what Fluid is
 * compared with). At exit it checks that the hooks fired: main was entered
 * exactly once. Without that, a variant whose hooks never ran would time as
 * cheap as plain -O2; with it, that is a failure with a one-line error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv);

/* overhead_equiv.c */
uint64_t bench_equiv_calls(uintptr_t key);
uint64_t bench_xray_key(int32_t function_id);
void bench_xray_handler(int32_t function_id, int entry_type);

#ifdef BENCH_XRAY
/* compiler-rt's XRay interface (xray_interface.h is C++ only). */
int __xray_set_handler(void (*entry)(int32_t, int));
int __xray_patch(void);
uintptr_t __xray_function_address(int32_t function_id);
size_t __xray_max_function_id(void);

static uint64_t key_of_main(void) {
  for (size_t id = 1; id <= __xray_max_function_id(); id++)
    if (__xray_function_address((int32_t)id) == (uintptr_t)main)
      return bench_xray_key((int32_t)id);
  return 0;
}
#else
static uint64_t key_of_main(void) { return (uintptr_t)main; }
#endif

static void check_hooks_fired(void) {
  uint64_t key = key_of_main();
  uint64_t calls = key ? bench_equiv_calls(key) : 0;
  if (calls != 1) {
    fprintf(stderr, "whole_program_handler: error: the equivalent handler counted %llu "
            "entries of main, expected 1: the hooks did not fire\n", (unsigned long long)calls);
    fflush(stdout);
    _exit(1);
  }
}

__attribute__((constructor)) static void install(void) {
#ifdef BENCH_XRAY
  if (__xray_set_handler(bench_xray_handler) != 1 || /* 1: true, SUCCESS */
      __xray_patch() != 1) {
    fprintf(stderr, "whole_program_handler: error: cannot install the XRay handler\n");
    exit(1);
  }
#endif
  atexit(check_hooks_fired);
}

/* profile.c - the kernel's side of the Fluid profiling runtime.
 *
 * Built with -DFLUID_INSTRUMENTED=1 only for the instrumented variant, which
 * links libfluid_rt_<arch>.a. Then profile_begin names the clock (icount
 * when the command line says QEMU runs with -icount), IRQ dispatch brackets
 * handlers with __fluid_irq_enter/exit, and profile_finish reports the
 * runtime's depth and events and streams the framed profile to COM1 with
 * interrupts off, so nothing else interleaves with it. In an uninstrumented
 * kernel these are empty, and the kernel needs no runtime at all.
 */
#include "defs.h"
#include "request.h"
#include "x86.h"

#if FLUID_INSTRUMENTED
#include "fluid_rt.h"

static NOINSTR void serial_sink(void *context, const char *bytes,
                                size_t length) {
  (void)context;
  serial_write(bytes, length);
}

NOINSTR void profile_begin(const struct run_request *request) {
  __fluid_set_clock(request->icount ? "icount" : "tsc");
  kprintf("profile: instrumented kernel, clock %s\n",
          request->icount ? "icount" : "tsc");
}

NOINSTR void profile_irq_enter(void) { __fluid_irq_enter(); }
NOINSTR void profile_irq_exit(void) { __fluid_irq_exit(); }

/* Returns EXIT_IRQ_UNBALANCED if the runtime's stack is not back at depth 0. */
NOINSTR int profile_finish(const struct run_request *request) {
  const struct fluid_events *events = __fluid_events();
  uint32_t depth = __fluid_depth();
  kprintf("profile: depth=%u interrupt_nests=%llu orphan_exits=%llu "
          "unwound_frames=%llu stack_overflows=%llu dropped_edges=%llu\n",
          depth, (unsigned long long)events->interrupt_nests,
          (unsigned long long)events->orphan_exits,
          (unsigned long long)events->unwound_frames,
          (unsigned long long)events->stack_overflows,
          (unsigned long long)events->dropped_edges);
  if (request->export_profile) {
    cli();
    size_t bytes = __fluid_export(serial_sink, 0);
    kprintf("profile: exported %llu bytes\n", (unsigned long long)bytes);
  }
  return depth == 0 ? EXIT_OK : EXIT_IRQ_UNBALANCED;
}

#else /* not instrumented */

NOINSTR void profile_begin(const struct run_request *request) {
  (void)request;
}
NOINSTR void profile_irq_enter(void) {}
NOINSTR void profile_irq_exit(void) {}
NOINSTR int profile_finish(const struct run_request *request) {
  (void)request;
  return EXIT_OK;
}

#endif

/* hosted_control.c - when the hosted runtime writes: on request.
 *
 * The profile is written at process exit (hosted_profile.c). This file adds
 * the moments a user can ask for: __fluid_write_profile() and
 * __fluid_reset_profile() for programs that never return from main
 * (servers) or want one phase.
 */
#define _GNU_SOURCE
#include "internal.h"

#include <string.h>

/* -------------------------------------------------------------------------
 * The public calls. */

FLUID_NO_INSTRUMENT int __fluid_write_profile(void) {
  return __fluid_hosted_write(0);
}

static FLUID_NO_INSTRUMENT void zero_records(struct fluid_record *r,
                                             struct fluid_record *stop,
                                             void *arg) {
  (void)arg;
  for (; r < stop; r++) {
    memset(&r->counters, 0, sizeof(r->counters));
    r->counters.min_cycles = UINT64_MAX;
  }
}

/* Every count starts afresh: the records' own (threads that ended were
 * merged there), and the ones hosted.c keeps. */
FLUID_NO_INSTRUMENT void __fluid_reset_profile(void) {
  __fluid_hosted_each_range(zero_records, NULL);
  __fluid_hosted_reset();
}

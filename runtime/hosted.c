/* hosted.c - the hosted program's profile as of now, gathered and written.
 *
 * A profile is gathered from the units below (hosted.h draws the layers):
 * the objects' records (hosted_objects.c finds them, hosted_snapshot.c
 * copies them), every thread's counts added to the copies' tally
 * (hosted_threads.c), then exported through a sink or written to the
 * profile file (hosted_snapshot.c). The running program's state is never
 * changed: a profile can be taken at any moment, as often as asked. This
 * unit also defines the public calls that write, export and reset it.
 */
#define _GNU_SOURCE
#include "hosted.h"

#include <string.h>

/* A profile being gathered: its snapshot and the tally it owns. */
struct gathered {
  struct fluid_snapshot *snapshot; /* NULL: not taken (out of memory) */
  struct fluid_events events;
  struct fluid_edge_table edges;
  struct fluid_tally tally;
#ifdef FLUID_CONTEXTS
  struct fluid_ctree tree;
#endif
};

static FLUID_NO_INSTRUMENT void release(struct gathered *g) {
#ifdef FLUID_CONTEXTS
  __fluid_ctx_unmap(&g->tree);
#endif
  __fluid_edges_unmap(&g->edges);
  if (g->snapshot)
    __fluid_snapshot_free(g->snapshot);
  g->snapshot = NULL;
}

/* The profile as of now into `g`: 0, or -1 when it could not be taken (out
 * of memory, or in a signal handler that interrupted the registry's
 * holder), g->snapshot then NULL. */
static FLUID_NO_INSTRUMENT int gather(struct gathered *g, int in_signal) {
  uint64_t now = fluid_rdtsc();
  memset(g, 0, sizeof(*g));
  g->tally.edges = &g->edges;
  g->tally.events = &g->events;
  g->snapshot = __fluid_snapshot_new();
  if (!g->snapshot)
    return -1;
  __fluid_objects_scan(__fluid_snapshot_ranges(g->snapshot));
  if (__fluid_snapshot_copy(g->snapshot, &g->tally) != 0) {
    release(g);
    return -1;
  }
#ifdef FLUID_CONTEXTS
  g->tally.tree = __fluid_ctx_map(&g->tree) ? &g->tree : NULL;
#endif
  if (__fluid_threads_tally(&g->tally, now, in_signal) != 0) {
    release(g);
    return -1;
  }
  return 0;
}

/* Hosted: the profile of every instrumented object and thread, as of now. */
FLUID_NO_INSTRUMENT size_t __fluid_export(fluid_sink_fn sink, void *context) {
  struct gathered g;
  size_t bytes = 0;
  if (gather(&g, 0) == 0)
    bytes = __fluid_snapshot_export(g.snapshot, &g.tally, sink, context);
  release(&g);
  return bytes;
}

FLUID_NO_INSTRUMENT int __fluid_hosted_write(int in_signal) {
  struct fluid_profile_file file;
  if (__fluid_profile_open(&file) != 0)
    return -1;
  struct gathered g;
  gather(&g, in_signal);
  int result = __fluid_profile_close(&file, g.snapshot, &g.tally, in_signal);
  release(&g);
  return result;
}

FLUID_NO_INSTRUMENT int __fluid_write_profile(void) {
  return __fluid_hosted_write(0);
}

/* Every count starts afresh: the records' own (threads that ended were
 * merged there), and the ones hosted_threads.c keeps. */
FLUID_NO_INSTRUMENT void __fluid_reset_profile(void) {
  size_t bytes = FLUID_MAX_OBJECTS * sizeof(struct fluid_range);
  struct fluid_ranges ranges = {fluid_map_zeroed(bytes), FLUID_MAX_OBJECTS, 0, 0, 0};
  if (ranges.range) {
    __fluid_objects_scan(&ranges);
    for (size_t i = 0; i < ranges.count; i++)
      for (struct fluid_record *r = ranges.range[i].start;
           r < ranges.range[i].stop; r++)
        fluid_clear_counters(&r->counters);
    munmap(ranges.range, bytes);
  }
  __fluid_threads_reset();
}

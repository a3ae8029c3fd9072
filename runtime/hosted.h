/* hosted.h - the hosted runtime's units and the one way they call each other.
 *
 * libfluid_rt_hosted.so is the core (core.c, core_slow.c, export.c, and
 * contexts.c in the contexts variant) and these units, each with one
 * responsibility. A unit calls only units below it in this list, and the
 * core (below them all), and hands none of them a function of its own to
 * call back (only the core's generic walks take one: export.c's sink and
 * record iterator, contexts.c's record map):
 *
 *   hosted_intercept.c  when the program's life reaches the runtime: the
 *       |               C library calls it intercepts (exec*, _exit, dlclose,
 *       |               __cxa_finalize, __cxa_begin_catch), signals, fork, exit
 *   hosted.c            the profile as of now, gathered from the units below
 *       |               and written or exported; the public calls
 *   hosted_threads.c    per-thread contexts: the registry of live threads,
 *       |               merging at thread exit, tallying them into a
 *       |               snapshot, freezing them, open frames, fork, reset,
 *       |               and their tables renamed when an object is unloaded
 *   hosted_objects.c    which instrumented objects are there: loaded ones
 *       |               (their notes), unloaded ones (copies of their
 *       |               records), and so where a record's counts go
 *   hosted_snapshot.c   copies of the records, named, exported and written
 *       |               to the profile file; it reads a tally's data and
 *       |               calls none of the units above
 *   hosted_edges.c      the growable caller -> callee edge tables
 *
 * The core calls down into three pieces of glue the units provide:
 * __fluid_context_create and __fluid_ctx_grow (hosted_threads.c) and
 * __fluid_grow_thread_edges (hosted_edges.c).
 */
#ifndef FLUID_HOSTED_H
#define FLUID_HOSTED_H

#include "internal.h"

#include <stddef.h>
#include <sys/mman.h>

/* Zeroed memory, pages filled as they are touched; NULL when none. Never
 * malloc: the profile may be written from a signal handler. */
static inline FLUID_NO_INSTRUMENT void *fluid_map_zeroed(size_t bytes) {
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

/* Counters as no call has left them. */
static inline FLUID_NO_INSTRUMENT void fluid_clear_counters(struct fluid_counters *k) {
  *k = (struct fluid_counters){0};
  k->min_cycles = UINT64_MAX;
}

/* Adds one thread's (or one duplicate record's) counters to another. */
static inline FLUID_NO_INSTRUMENT void
fluid_merge_counters(struct fluid_counters *into, const struct fluid_counters *from,
                     struct fluid_events *events) {
  fluid_add(&into->calls, from->calls, events);
  /* Self before inclusive: the hooks store them the other way round
   * (fluid_charge_frame), so a thread counting meanwhile is never read
   * with a self above its inclusive. */
  fluid_add(&into->self_cycles, from->self_cycles, events);
  FLUID_BARRIER();
  fluid_add(&into->total_cycles, from->total_cycles, events);
  if (from->min_cycles < into->min_cycles)
    into->min_cycles = from->min_cycles;
  if (from->max_cycles > into->max_cycles)
    into->max_cycles = from->max_cycles;
}

/* Adds every event count of `from` to `into`. */
static inline FLUID_NO_INSTRUMENT void fluid_add_events(struct fluid_events *into,
                                                        const struct fluid_events *from) {
  const uint64_t *a = (const uint64_t *)from;
  uint64_t *b = (uint64_t *)into;
  for (size_t i = 0; i < sizeof(*from) / sizeof(uint64_t); i++)
    b[i] += a[i];
}

/* -------------------------------------------------------------------------
 * hosted_edges.c: edge tables start at these sizes and double when three
 * quarters full, up to FLUID_MAX_EDGE_SLOTS (12.5 million edges); only then
 * are edges dropped. */
#define FLUID_THREAD_EDGE_SLOTS 8192
#define FLUID_MERGED_EDGE_SLOTS 65536
#define FLUID_MAX_EDGE_SLOTS (1u << 24)

/* A table of `slots` (a power of two) zeroed edges; 0 when out of memory
 * (the table is then empty: no slots). */
int __fluid_edges_map(struct fluid_edge_table *t, uint32_t slots);
void __fluid_edges_unmap(struct fluid_edge_table *t);
/* Adds calls and cycles to the edge caller -> callee, made if new (the
 * table grows when full; an edge it cannot take is counted as dropped). */
void __fluid_edges_add(struct fluid_edge_table *t, struct fluid_record *caller,
                       struct fluid_record *callee, uint64_t calls,
                       uint64_t cycles, struct fluid_events *events);
/* Edges naming records of [start, stop) name their copies from now on. */
void __fluid_edges_retarget(struct fluid_edge_table *t, struct fluid_record *start,
                            struct fluid_record *stop, struct fluid_record *copies);

/* -------------------------------------------------------------------------
 * Record ranges: each object's records, [start, stop), and where they
 * start among all (`first`). Filled by hosted_objects.c into the caller's
 * storage (range[capacity]); an object the storage cannot take sets
 * `dropped`. */
#define FLUID_MAX_OBJECTS 1024

struct fluid_range {
  struct fluid_record *start, *stop;
  size_t first;
};

struct fluid_ranges {
  struct fluid_range *range;
  size_t capacity;
  size_t count;
  size_t records; /* over all ranges */
  int dropped;
};

/* Where counts are added up: counts of a record in `ranges` go to the
 * record itself (copies NULL) or to copies[canonical[first + its index]]
 * (a snapshot's copies); counts of records in none of them go nowhere. The
 * edges and events are the tally's own. Filled by its owner (hosted.c, or
 * hosted_threads.c for the merged counts of threads that ended; the
 * snapshot gives copies and canonical), read by hosted_threads.c through
 * hosted_objects.c's __fluid_tally_target. */
struct fluid_tally {
  const struct fluid_ranges *ranges;
  struct fluid_record *copies;
  const size_t *canonical;
  struct fluid_edge_table *edges;
  struct fluid_events *events;
#ifdef FLUID_CONTEXTS
  struct fluid_ctree *tree; /* the tally's contexts, keyed by its records */
  /* While one thread is tallied: its node i became xlat[i] (i < seen;
   * NULL: counted nowhere), for its open frames (hosted_threads.c). */
  struct fluid_cnode **xlat;
  uint32_t seen;
#endif
};

/* -------------------------------------------------------------------------
 * hosted_snapshot.c: a snapshot of the records, the profile file. */
struct fluid_snapshot;
/* An empty snapshot whose ranges hosted_objects.c fills; NULL when out of
 * memory. */
struct fluid_snapshot *__fluid_snapshot_new(void);
struct fluid_ranges *__fluid_snapshot_ranges(struct fluid_snapshot *s);
/* Copies the records of its ranges, one copy per function, and points
 * `t` at them. 0, or -1 when out of memory. */
int __fluid_snapshot_copy(struct fluid_snapshot *s, struct fluid_tally *t);
/* The profile of the copies and the tally through `sink`: its JSON
 * payload bytes. */
size_t __fluid_snapshot_export(struct fluid_snapshot *s, const struct fluid_tally *t,
                               fluid_sink_fn sink, void *context);
void __fluid_snapshot_free(struct fluid_snapshot *s);
/* The profile file: $FLUID_PROFILE_FILE as the program started, written
 * whole or not at all (a temporary file renamed over it). */
struct fluid_profile_file {
  char path[4096], temp[4200];
  int fd;
  int failed; /* errno of the first failure */
  size_t used;
  char *buffer;
};
/* 0, or -1 with a one-line error on stderr (nothing to close then). */
int __fluid_profile_open(struct fluid_profile_file *f);
/* Writes the snapshot (NULL: the profile could not be taken; with
 * `in_signal`, because the runtime was busy) and closes the file: 0, or -1
 * with a one-line error on stderr. */
int __fluid_profile_close(struct fluid_profile_file *f, struct fluid_snapshot *s,
                          const struct fluid_tally *t, int in_signal);

/* -------------------------------------------------------------------------
 * hosted_objects.c: the instrumented objects. */
/* Every loaded object's records, then the copies of unloaded ones'. */
void __fluid_objects_scan(struct fluid_ranges *ranges);
/* The records of the one object mapped at `address`. */
void __fluid_objects_at(const void *address, struct fluid_ranges *ranges);
/* Copies the records of [start, stop), names included, into memory the
 * runtime keeps; they take the originals' place from now on. NULL when out
 * of memory. */
struct fluid_record *__fluid_objects_retire(struct fluid_record *start,
                                            struct fluid_record *stop);
/* The record that takes r's counts in the tally (a struct fluid_tally *):
 * r's own or its copy's; NULL for none. */
struct fluid_record *__fluid_tally_target(struct fluid_record *r, void *tally);

/* -------------------------------------------------------------------------
 * hosted_threads.c: the threads. */
/* Adds every thread's counts as of `now` to the tally, open frames closed
 * then, changing none of them. From a signal handler the registry is only
 * tried: 0, or -1 when it was busy. */
int __fluid_threads_tally(struct fluid_tally *t, uint64_t now, int in_signal);
/* Every thread's counts start afresh (the records' own are the caller's). */
void __fluid_threads_reset(void);
/* The process is ending: other threads stop counting. */
void __fluid_threads_freeze_others(void);
/* The object mapped at `address` is about to be unmapped (dlclose). */
void __fluid_threads_unload_object(const void *address);
/* The runtime itself is being unloaded: threads that end later must not
 * call into it. */
void __fluid_threads_unloading(void);
void __fluid_threads_fork_prepare(void);
void __fluid_threads_fork_parent(void);
void __fluid_threads_fork_child(void);
/* (The context trees' memory, __fluid_ctx_map and __fluid_ctx_unmap, is
 * declared with the trees: contexts.h.) */

/* -------------------------------------------------------------------------
 * hosted.c: the profile. */
/* Writes the profile as of now to its file: 0, or -1 (said on stderr). */
int __fluid_hosted_write(int in_signal);

#endif /* FLUID_HOSTED_H */

/* hosted_edges.c - the hosted runtime's edge tables, which grow.
 *
 * Every caller -> callee edge table of the hosted runtime is one of these:
 * a thread's own (its hooks find entries with the core's __fluid_edge_find),
 * the merged table of threads that ended, and a snapshot's. A table starts
 * at FLUID_THREAD_EDGE_SLOTS or FLUID_MERGED_EDGE_SLOTS entries and doubles
 * when three quarters full (the core's find refuses past that) up to
 * FLUID_MAX_EDGE_SLOTS; only then is an edge dropped, and counted. When an
 * object is unloaded, the edges naming its records are renamed to their
 * copies (hosted_threads.c says when).
 */
#define _GNU_SOURCE
#include "hosted.h"

#include <pthread.h>
#include <signal.h>

static FLUID_NO_INSTRUMENT size_t edge_table_bytes(const struct fluid_edge_table *t) {
  return ((size_t)t->mask + 1) * sizeof(struct fluid_edge);
}

FLUID_NO_INSTRUMENT int __fluid_edges_map(struct fluid_edge_table *t,
                                          uint32_t slots) {
  t->slots = fluid_map_zeroed(slots * sizeof(struct fluid_edge));
  t->mask = t->slots ? slots - 1 : 0;
  t->used = 0;
  return t->slots != NULL;
}

FLUID_NO_INSTRUMENT void __fluid_edges_unmap(struct fluid_edge_table *t) {
  if (t->slots)
    munmap(t->slots, edge_table_bytes(t));
  *t = (struct fluid_edge_table){0};
}

/* Rehash a full table into one twice its size; the old one is unmapped.
 * 0 when it is as large as allowed or memory runs out. */
static FLUID_NO_INSTRUMENT int grow(struct fluid_edge_table *t) {
  uint32_t slots = (t->mask + 1) * 2;
  struct fluid_edge_table bigger;
  if (slots > FLUID_MAX_EDGE_SLOTS || !__fluid_edges_map(&bigger, slots))
    return 0;
  for (uint32_t i = 0; i <= t->mask; i++) {
    const struct fluid_edge *e = &t->slots[i];
    if (!e->caller)
      continue;
    struct fluid_edge *into = __fluid_edge_find(&bigger, e->caller, e->callee);
    into->calls = e->calls;
    into->cycles = e->cycles;
  }
  munmap(t->slots, edge_table_bytes(t));
  *t = bigger;
  return 1;
}

FLUID_NO_INSTRUMENT void __fluid_edges_add(struct fluid_edge_table *t,
                                           struct fluid_record *caller,
                                           struct fluid_record *callee,
                                           uint64_t calls, uint64_t cycles,
                                           struct fluid_events *events) {
  struct fluid_edge *e = t->slots ? __fluid_edge_find(t, caller, callee) : NULL;
  if (!e && t->slots && grow(t))
    e = __fluid_edge_find(t, caller, callee);
  if (!e) {
    events->dropped_edges++;
    return;
  }
  fluid_add(&e->calls, calls, events);
  fluid_add(&e->cycles, cycles, events);
}

/* The calling thread's table is full (core_slow.c). Signals are blocked
 * while it grows: a handler's hooks must not use the table (or an edge
 * cached from it) half moved. Every record's cached edge pointed into the
 * old table. */
FLUID_NO_INSTRUMENT int __fluid_grow_thread_edges(struct fluid_context *c) {
  sigset_t all, saved;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &saved);
  int grown = grow(&c->edges);
  if (grown)
    for (uint32_t i = 0; i <= FLUID_COUNTER_SLOTS; i++)
      c->slots[i].last_edge = NULL;
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
  return grown;
}

/* Found later by address, an edge naming an unloaded record could be taken
 * for another object's: the runtime's own copies, or a library loaded
 * later, may be mapped where the unloaded one was. An entry keeps its slot:
 * the hooks never look a copy up, and the tallies read every slot. */
FLUID_NO_INSTRUMENT void __fluid_edges_retarget(struct fluid_edge_table *t,
                                                struct fluid_record *start,
                                                struct fluid_record *stop,
                                                struct fluid_record *copies) {
  for (uint32_t i = 0; t->slots && i <= t->mask; i++) {
    fluid_rename_retired(&t->slots[i].caller, start, stop, copies);
    fluid_rename_retired(&t->slots[i].callee, start, stop, copies);
  }
}

/* hosted.c - the Linux adapter: per-thread contexts, merging, snapshots.
 *
 * Built into libfluid_rt_hosted.so together with the core (compiled with
 * FLUID_RT_HOSTED). One copy of the runtime serves the executable and every
 * instrumented shared object, so calls across objects nest on one shadow
 * stack per thread.
 *
 * Each thread counts into private memory (mapped on its first hook), so the
 * hot path needs no atomic instruction and counts stay exact under threads.
 * A thread's counts are merged into the records when it exits, its frames
 * still open closed with their time so far. A snapshot (hosted_profile.c
 * writes one at exit and when asked) adds to copies of the records the
 * counts and open frames of every thread still alive, changing none of
 * them.
 */
#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define HOSTED_STACK_FRAMES 16384
/* Edge tables start at these sizes and double when three quarters full,
 * up to MAX_EDGE_SLOTS (12.5 million edges); only then are edges dropped. */
#define HOSTED_EDGE_SLOTS 8192
#define MERGED_EDGE_SLOTS 65536
#define MAX_EDGE_SLOTS (1u << 24)

/* The counter table, with the spare slot that takes a thread's counts of
 * functions beyond its capacity (counted as dropped_slots, never merged). */
#define SLOT_TABLE_BYTES ((FLUID_COUNTER_SLOTS + 1) * sizeof(struct fluid_slot))

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct fluid_context *live_threads;
static struct fluid_events merged_events;
static struct fluid_edge_table merged_edges;
#ifdef FLUID_CONTEXTS
static struct fluid_ctree merged_tree; /* threads that ended, by path */
#endif
static pthread_key_t thread_key;
static pthread_once_t thread_key_once = PTHREAD_ONCE_INIT;
/* Set once a thread has been counted: a thread-key destructor that runs
 * instrumented code after this runtime's own maps a second context for the
 * same thread, which must not count as another thread. */
static FLUID_THREAD_LOCAL int thread_counted;
/* Set when the process ends (__fluid_hosted_freeze_others): a thread that
 * starts then gets no context, and counts nothing. */
static int process_ending;

static FLUID_NO_INSTRUMENT void *map_zeroed(size_t bytes) {
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

static FLUID_NO_INSTRUMENT size_t edge_table_bytes(const struct fluid_edge_table *t) {
  return ((size_t)t->mask + 1) * sizeof(struct fluid_edge);
}

/* Rehash a full table into one twice its size; the old one is unmapped.
 * 0 when it is as large as allowed or memory runs out. */
static FLUID_NO_INSTRUMENT int grow_edge_table(struct fluid_edge_table *t) {
  uint32_t slots = (t->mask + 1) * 2;
  if (slots > MAX_EDGE_SLOTS)
    return 0;
  struct fluid_edge_table bigger = {map_zeroed(slots * sizeof(struct fluid_edge)),
                                    slots - 1, 0};
  if (!bigger.slots)
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

/* The edge in a merged table, which grows when full; NULL (counted as
 * dropped) when it cannot. Caller holds registry_lock. */
static FLUID_NO_INSTRUMENT struct fluid_edge *
merged_edge(struct fluid_edge_table *t, struct fluid_record *caller,
            struct fluid_record *callee, struct fluid_events *events) {
  struct fluid_edge *e = t->slots ? __fluid_edge_find(t, caller, callee) : NULL;
  if (!e && t->slots && grow_edge_table(t))
    e = __fluid_edge_find(t, caller, callee);
  if (!e)
    events->dropped_edges++;
  return e;
}

/* The calling thread's table is full. Signals are blocked while it grows: a
 * handler's hooks must not use the table (or an edge cached from it) half
 * moved. Every record's cached edge pointed into the old table. */
FLUID_NO_INSTRUMENT int __fluid_grow_thread_edges(struct fluid_context *c) {
  sigset_t all, saved;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &saved);
  int grown = grow_edge_table(&c->edges);
  if (grown)
    for (uint32_t i = 0; i <= FLUID_COUNTER_SLOTS; i++)
      c->slots[i].last_edge = NULL;
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
  return grown;
}

#ifdef FLUID_CONTEXTS
/* A context tree's memory: its nodes in one reservation that pages fill
 * as they are touched (nodes never move: frames point at them), its entry
 * table doubling from CTX_ENTRIES to MAX_CTX_ENTRIES. Past those, calls
 * are dropped (counted). */
#define CTX_NODES (1u << 20) /* 40 MiB of address space, per thread */
#define CTX_ENTRIES 4096
#define MAX_CTX_ENTRIES (1u << 22)

FLUID_NO_INSTRUMENT int __fluid_ctx_map(struct fluid_ctree *t) {
  struct fluid_ctree fresh = {
      map_zeroed(CTX_ENTRIES * sizeof(struct fluid_centry)), CTX_ENTRIES - 1, 0,
      map_zeroed(CTX_NODES * sizeof(struct fluid_cnode)), 0, CTX_NODES, 1};
  if (fresh.entries && fresh.nodes) {
    *t = fresh;
    return 1;
  }
  if (fresh.entries)
    munmap(fresh.entries, CTX_ENTRIES * sizeof(struct fluid_centry));
  if (fresh.nodes)
    munmap(fresh.nodes, CTX_NODES * sizeof(struct fluid_cnode));
  return 0;
}

/* A mapped tree's memory goes (a tree that has none is only zeroed). */
FLUID_NO_INSTRUMENT void __fluid_ctx_unmap(struct fluid_ctree *t) {
  if (t->nodes) {
    munmap(t->entries, ((size_t)t->mask + 1) * sizeof(struct fluid_centry));
    munmap(t->nodes, (size_t)t->capacity * sizeof(struct fluid_cnode));
  }
  memset(t, 0, sizeof(*t));
}

/* Rehash the entries into a table twice the size. Signals are blocked: a
 * handler's hooks must not probe a table half moved. */
FLUID_NO_INSTRUMENT int __fluid_ctx_grow(struct fluid_ctree *t) {
  uint32_t slots = (t->mask + 1) * 2;
  if (slots > MAX_CTX_ENTRIES)
    return 0;
  struct fluid_centry *bigger = map_zeroed(slots * sizeof(struct fluid_centry));
  if (!bigger)
    return 0;
  sigset_t all, saved;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &saved);
  for (uint32_t i = 0; i <= t->mask; i++) {
    struct fluid_centry *e = &t->entries[i];
    uint32_t j = FLUID_CTX_HASH(e->parent, e->record);
    while (e->record && bigger[j & (slots - 1)].record)
      j++;
    if (e->record)
      bigger[j & (slots - 1)] = *e;
  }
  struct fluid_centry *old = t->entries;
  size_t old_bytes = ((size_t)t->mask + 1) * sizeof(struct fluid_centry);
  t->entries = bigger;
  t->mask = slots - 1;
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
  munmap(old, old_bytes);
  return 1;
}
#endif

/* Adds one thread's (or one duplicate record's) counters to another. */
void FLUID_NO_INSTRUMENT __fluid_merge_counters(struct fluid_counters *into,
                                                const struct fluid_counters *from,
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

/* -------------------------------------------------------------------------
 * Objects unloaded while the program runs (dlclose).
 *
 * Threads key their counters and edges by record address, and threads that
 * ended left their counts in the records themselves: both would point into
 * unmapped memory once an instrumented object is gone. So the object is
 * retired just before it goes (hosted_control.c sees its __cxa_finalize):
 * its records, names included, are copied into memory the runtime owns,
 * every thread's counters for them are moved under the copies, and the
 * copies take its place in every later profile. */
struct retired_object {
  struct fluid_record *old_start, *old_stop; /* where its records were */
  struct fluid_record *copies;
  size_t bytes;
  struct retired_object *next;
};
/* Newest first, never freed; appended under registry_lock and read
 * without it (a pointer stored after the block is complete). */
static struct retired_object *retired_objects;

/* The name, the level if marked, the file: every byte to the file's NUL. */
static FLUID_NO_INSTRUMENT size_t names_bytes(const struct fluid_record *r) {
  if (!r->names)
    return 0;
  const char *file = fluid_record_file(r);
  return (size_t)(file - r->names) + strlen(file) + 1;
}

/* The copy that took the place of a record of a retired object; NULL for
 * any other address. */
FLUID_NO_INSTRUMENT struct fluid_record *
__fluid_hosted_retired_copy(struct fluid_record *r) {
  for (struct retired_object *o = __atomic_load_n(&retired_objects, __ATOMIC_ACQUIRE);
       o; o = o->next)
    if (r >= o->old_start && r < o->old_stop)
      return &o->copies[r - o->old_start];
  return NULL;
}

FLUID_NO_INSTRUMENT void __fluid_hosted_each_retired(fluid_range_fn each,
                                                     void *arg) {
  for (struct retired_object *o = __atomic_load_n(&retired_objects, __ATOMIC_ACQUIRE);
       o; o = o->next)
    each(o->copies, o->copies + (o->old_stop - o->old_start), arg);
}

/* The object holding [start, stop) is about to be unmapped. Slot tables
 * never move, so renaming another thread's slots is safe while it runs (it
 * can no longer call the object's code); the keys of its edges and frames
 * are translated when they are read instead (its edge table may grow
 * meanwhile). A record reloaded at the same address later gets a slot of
 * its own. */
/* Edges naming records of [start, stop) name their copies from now on.
 * Found later by address, they could be taken for another object's: the
 * runtime's own copies, or a library loaded later, may be mapped where the
 * unloaded one was. An entry keeps its slot: the hooks never look a copy
 * up, and the tallies read every slot. */
static FLUID_NO_INSTRUMENT void retarget_edges(struct fluid_edge_table *t,
                                               struct fluid_record *start,
                                               struct fluid_record *stop,
                                               struct fluid_record *copies) {
  for (uint32_t i = 0; t->slots && i <= t->mask; i++) {
    struct fluid_edge *e = &t->slots[i];
    if (e->caller >= start && e->caller < stop)
      e->caller = &copies[e->caller - start];
    if (e->callee >= start && e->callee < stop)
      e->callee = &copies[e->callee - start];
  }
}

FLUID_NO_INSTRUMENT void __fluid_hosted_retire(struct fluid_record *start,
                                               struct fluid_record *stop) {
  size_t n = (size_t)(stop - start), bytes = n * sizeof(struct fluid_record);
  for (size_t i = 0; i < n; i++)
    bytes += names_bytes(&start[i]);
  bytes += sizeof(struct retired_object);
  struct fluid_record *copies = map_zeroed(bytes); /* page aligned */
  if (!copies)
    return; /* its counts are lost, and never touched again: see below */
  struct retired_object *o = (struct retired_object *)(copies + n);
  char *names = (char *)(o + 1);
  *o = (struct retired_object){start, stop, copies, bytes, NULL};
  pthread_mutex_lock(&registry_lock);
  for (size_t i = 0; i < n; i++) {
    copies[i] = start[i];
    size_t length = names_bytes(&start[i]);
    copies[i].names = length ? memcpy(names, start[i].names, length) : NULL;
    names += length;
  }
  for (struct fluid_context *c = live_threads; c; c = c->next_thread) {
    for (uint32_t i = 0; i < FLUID_COUNTER_SLOTS; i++) {
      struct fluid_slot *s = &c->slots[i];
      if (s->record >= start && s->record < stop)
        s->record = &copies[s->record - start];
    }
    retarget_edges(&c->edges, start, stop, copies);
#ifdef FLUID_CONTEXTS
    __fluid_ctx_retarget(&c->tree, start, stop, copies);
#endif
  }
  retarget_edges(&merged_edges, start, stop, copies);
#ifdef FLUID_CONTEXTS
  __fluid_ctx_retarget(&merged_tree, start, stop, copies);
#endif
  o->next = retired_objects;
  __atomic_store_n(&retired_objects, o, __ATOMIC_RELEASE);
  pthread_mutex_unlock(&registry_lock);
}

/* The records a thread's counts may go to: those of loaded objects and of
 * retired ones' copies. */
struct loaded_ranges {
  struct fluid_record *start[1024], *stop[1024];
  size_t count;
};
static struct loaded_ranges loaded; /* under registry_lock */

static FLUID_NO_INSTRUMENT void add_loaded(struct fluid_record *start,
                                           struct fluid_record *stop,
                                           void *arg) {
  struct loaded_ranges *l = arg;
  if (l->count < sizeof(l->start) / sizeof(*l->start)) {
    l->start[l->count] = start;
    l->stop[l->count++] = stop;
  }
}

/* Where an ending thread's counts for `r` go: r itself while its object is
 * loaded, its copy once retired. NULL when its object was unloaded without
 * the runtime seeing it (a dlclose the runtime could not intercept): its
 * counts are lost, but nothing writes to the unmapped record. */
static FLUID_NO_INSTRUMENT struct fluid_record *
merge_target(struct fluid_record *r, void *state) {
  struct loaded_ranges *l = state;
  for (size_t i = 0; i < l->count; i++)
    if (r >= l->start[i] && r < l->stop[i])
      return r;
  return __fluid_hosted_retired_copy(r);
}

static FLUID_NO_INSTRUMENT struct fluid_record *
drop_record(struct fluid_record *r, void *state) {
  (void)r;
  (void)state;
  return NULL;
}

/* Adds one edge's counts to the tally's table, under the tally's records. */
static FLUID_NO_INSTRUMENT void tally_edge(struct fluid_tally *t,
                                           struct fluid_record *caller,
                                           struct fluid_record *callee,
                                           uint64_t calls, uint64_t cycles) {
  caller = t->map(caller, t->state);
  callee = t->map(callee, t->state);
  struct fluid_edge *into =
      caller && callee ? merged_edge(t->edges, caller, callee, t->events) : NULL;
  if (into) {
    fluid_add(&into->calls, calls, t->events);
    fluid_add(&into->cycles, cycles, t->events);
  }
}

#ifdef FLUID_CONTEXTS
/* A thread's contexts, merged into the tally's tree by path; t->xlat says
 * which node each of the thread's became, for its open frames
 * (close_open_frames frees it). With `zero`, the thread's counts go. */
static FLUID_NO_INSTRUMENT void tally_contexts(struct fluid_context *c,
                                               struct fluid_tally *t, int zero) {
  uint32_t count = __atomic_load_n(&c->tree.count, __ATOMIC_ACQUIRE);
  t->xlat = NULL;
  t->seen = 0;
  if (t->tree && count) {
    t->xlat = map_zeroed(count * sizeof(*t->xlat));
    if (t->xlat) {
      t->seen = count;
      __fluid_ctx_merge(t->tree, &c->tree, count, t->map, t->state, t->xlat,
                        t->events);
    }
  }
  if (zero)
    __fluid_ctx_zero(&c->tree);
}

/* Open frames of a copied stack point at the thread's nodes: from now on
 * at the tally's (NULL where there is none: the frame is counted as a
 * dropped one, its time its parent node's). */
static FLUID_NO_INSTRUMENT void translate_nodes(struct fluid_context *c,
                                                struct fluid_frame *copy,
                                                uint32_t depth,
                                                struct fluid_tally *t) {
  for (uint32_t i = 1; i < depth; i++) {
    struct fluid_cnode *n = copy[i].node;
    if (!copy[i].record || n == FLUID_CTX_DROPPED)
      continue;
    size_t index = (size_t)(n - c->tree.nodes);
    n = index < t->seen ? t->xlat[index] : NULL;
    copy[i].node = n ? n : FLUID_CTX_DROPPED;
  }
}
#endif

/* Caller holds registry_lock. Adds a thread's counts to the tally; with
 * `zero` (the thread ends) clears them, so a later merge adds only news. */
static FLUID_NO_INSTRUMENT void tally_thread(struct fluid_context *c,
                                             struct fluid_tally *t, int zero) {
  /* Edges before counters: a thread still counting has added an edge's
   * cycles to its callee's counters before (fluid_charge_frame), so the
   * callee read later covers them. */
  for (uint32_t i = 0; i <= c->edges.mask; i++) {
    struct fluid_edge *e = &c->edges.slots[i];
    if (!e->calls)
      continue;
    tally_edge(t, e->caller, e->callee, e->calls, e->cycles);
    if (zero)
      e->calls = e->cycles = 0;
  }
  for (uint32_t i = 0; i < FLUID_COUNTER_SLOTS; i++) {
    struct fluid_slot *s = &c->slots[i];
    struct fluid_record *into = s->record && s->counters.calls
        ? t->map(s->record, t->state) : NULL;
    if (into)
      __fluid_merge_counters(&into->counters, &s->counters, t->events);
    if (zero && s->record) {
      memset(&s->counters, 0, sizeof(s->counters));
      s->counters.min_cycles = UINT64_MAX;
    }
  }
#ifdef FLUID_CONTEXTS
  tally_contexts(c, t, zero);
#endif
  const uint64_t *from = (const uint64_t *)&c->events;
  uint64_t *into = (uint64_t *)t->events;
  for (size_t i = 0; i < sizeof(c->events) / sizeof(uint64_t); i++)
    into[i] += from[i];
  if (zero)
    memset(&c->events, 0, sizeof(c->events));
}

#ifdef FLUID_CONTEXTS
#define FREE_XLAT(t)                                                           \
  do {                                                                         \
    if ((t)->xlat)                                                             \
      munmap((t)->xlat, (t)->seen * sizeof(*(t)->xlat));                       \
    (t)->xlat = NULL;                                                          \
    (t)->seen = 0;                                                             \
  } while (0)
#else
#define FREE_XLAT(t) ((void)0)
#endif

/* Whether a frame below `top` belongs to the same record: then the frame
 * at `top` is a nested (recursive) activation. */
static FLUID_NO_INSTRUMENT int open_below(const struct fluid_frame *frames,
                                          uint32_t top) {
  for (uint32_t i = 1; i < top; i++)
    if (frames[i].record == frames[top].record)
      return 1;
  return 0;
}

/* The frames of a copied stack that were whole when it was copied: a frame
 * whose push was under way (the depth is raised first) may still hold a
 * zeroed or older frame's fields. Stops at the first frame that was never
 * written (no record, and not a signal handler's barrier). Sets *last to
 * the latest start among them: the thread's own last timestamp. */
static FLUID_NO_INSTRUMENT uint32_t whole_frames(const struct fluid_frame *copy,
                                                 uint32_t depth, uint64_t *last) {
  *last = 0;
  for (uint32_t i = 1; i < depth; i++) {
    if (!copy[i].record && copy[i].cfa != FLUID_BARRIER_CFA)
      return i;
    if (copy[i].start > *last)
      *last = copy[i].start;
  }
  return depth;
}

/* Frames still open when a thread or the process ends (exit() called deep
 * in the call stack, pthread_exit, a thread still running at exit), or when
 * the profile is written while the program runs, are charged to the tally
 * as if they returned then, and counted as closed_at_exit. "Then" is `now`
 * (the writer's clock) or, when later, the thread's own last timestamp (the
 * latest start on its stack): a thread still running may have entered a
 * function after `now` was read, or run on a core whose clock is ahead, and
 * no frame may close before it opened. The thread's own stack is left as it
 * is (the thread may still be running): the work is done on a copy. Caller
 * holds registry_lock. */
static FLUID_NO_INSTRUMENT void close_open_frames(struct fluid_context *c,
                                                  uint64_t now,
                                                  struct fluid_tally *t) {
  /* Not c->capacity: a frozen thread's is 0 (__fluid_hosted_freeze_others). */
  uint32_t depth = c->depth < HOSTED_STACK_FRAMES ? c->depth : HOSTED_STACK_FRAMES;
  size_t bytes = depth * sizeof(struct fluid_frame);
  struct fluid_frame *copy = depth > 1 ? map_zeroed(bytes) : NULL;
  if (!copy) {
    FREE_XLAT(t);
    return;
  }
  memcpy(copy, c->frames, bytes);
  uint64_t last;
  depth = whole_frames(copy, depth, &last);
#ifdef FLUID_CONTEXTS
  translate_nodes(c, copy, depth, t);
  FREE_XLAT(t);
#endif
  uint64_t end = last > now ? last : now;
  for (uint32_t i = depth - 1; i >= 1; i--) {
    struct fluid_frame *f = &copy[i];
    uint64_t raw = fluid_elapsed(t->events, f->start, end);
    if (!f->record) { /* a signal handler's barrier, as __fluid_irq_exit */
      f[-1].child_cycles += raw > f->probe_debt ? raw - f->probe_debt : 0;
      f[-1].probe_debt += f->probe_debt;
      continue;
    }
    /* Counters of a record the thread's full table could not take are
     * counted nowhere, as they were while it ran. */
    struct fluid_record *into = f->slot != FLUID_SPARE_SLOT(c)
        ? t->map(f->record, t->state) : NULL;
    struct fluid_counters nowhere = {0};
    uint32_t active = 1 + open_below(copy, i);
    uint64_t outermost = fluid_charge_frame(
        t->events, f, raw, into ? &into->counters : &nowhere, &active);
    t->events->closed_at_exit++;
    if (into && f[-1].record)
      tally_edge(t, f[-1].record, f->record, 1, outermost);
  }
  munmap(copy, bytes);
}

/* Caller holds registry_lock. */
static FLUID_NO_INSTRUMENT void map_merged_edges(void) {
  if (!merged_edges.slots) {
    merged_edges.slots = map_zeroed(MERGED_EDGE_SLOTS * sizeof(struct fluid_edge));
    merged_edges.mask = merged_edges.slots ? MERGED_EDGE_SLOTS - 1 : 0;
  }
#ifdef FLUID_CONTEXTS
  if (!merged_tree.nodes)
    __fluid_ctx_map(&merged_tree);
#endif
}

/* A thread ends: its counts, open frames closed, go to the records. */
static FLUID_NO_INSTRUMENT void thread_exit(void *arg) {
  struct fluid_context *c = arg;
  uint64_t now = fluid_rdtsc();
  pthread_mutex_lock(&registry_lock);
  map_merged_edges();
  loaded.count = 0;
  __fluid_hosted_each_range(add_loaded, &loaded);
  struct fluid_tally merged = {.map = merge_target, .state = &loaded,
                               .edges = &merged_edges,
                               .events = &merged_events};
#ifdef FLUID_CONTEXTS
  merged.tree = merged_tree.nodes ? &merged_tree : NULL;
#endif
  tally_thread(c, &merged, 1);
  close_open_frames(c, now, &merged);
  for (struct fluid_context **p = &live_threads; *p; p = &(*p)->next_thread)
    if (*p == c) {
      *p = c->next_thread;
      break;
    }
  pthread_mutex_unlock(&registry_lock);
  c->capacity = 0; /* a hook after this maps a fresh context */
  c->exit_limit = 0;
  c->depth = 0;
  munmap(c->frames, HOSTED_STACK_FRAMES * sizeof(struct fluid_frame));
  munmap(c->slots, SLOT_TABLE_BYTES);
  munmap(c->edges.slots, edge_table_bytes(&c->edges));
#ifdef FLUID_CONTEXTS
  __fluid_ctx_unmap(&c->tree);
#endif
}

static int thread_key_made;

static FLUID_NO_INSTRUMENT void make_thread_key(void) {
  thread_key_made = pthread_key_create(&thread_key, thread_exit) == 0;
}

/* The runtime's destructor has written the profile. If the runtime is being
 * unloaded (dlclose of the last instrumented object of a program that does
 * not link it), threads that end later must not call into it. At exit this
 * changes nothing: the profile is written. */
FLUID_NO_INSTRUMENT void __fluid_hosted_unloading(void) {
  if (thread_key_made)
    pthread_key_delete(thread_key);
  thread_key_made = 0;
}

FLUID_NO_INSTRUMENT struct fluid_context *__fluid_context_create(void) {
  struct fluid_context *c = &__fluid_thread_context;
  if (__atomic_load_n(&process_ending, __ATOMIC_ACQUIRE)) {
    c->frozen = 1; /* started while the profile is written: not counted */
    return NULL;
  }
  struct fluid_frame *frames =
      map_zeroed(HOSTED_STACK_FRAMES * sizeof(struct fluid_frame));
  struct fluid_slot *slots = map_zeroed(SLOT_TABLE_BYTES);
  struct fluid_edge *edges =
      map_zeroed(HOSTED_EDGE_SLOTS * sizeof(struct fluid_edge));
  if (!frames || !slots || !edges)
    return NULL; /* counted by the caller; the program goes on */
#ifdef FLUID_CONTEXTS
  /* Without memory for its tree, the thread probes an empty table of one
   * entry, which takes none: every call is dropped (counted). */
  static struct fluid_centry no_entries[1];
  if (!c->tree.nodes && !__fluid_ctx_map(&c->tree))
    c->tree.entries = no_entries;
#endif
  c->slots = slots;
  __fluid_context_init(c, frames, HOSTED_STACK_FRAMES, edges, HOSTED_EDGE_SLOTS);
  c->tid = (int32_t)syscall(SYS_gettid);
  c->events.threads = !thread_counted;
  thread_counted = 1;
  pthread_once(&thread_key_once, make_thread_key);
  pthread_setspecific(thread_key, c);
  pthread_mutex_lock(&registry_lock);
  c->next_thread = live_threads;
  live_threads = c;
  pthread_mutex_unlock(&registry_lock);
  return c;
}

/* The profile as of now, without changing the running program's state:
 * the counts of threads that ended (kept in the records, which the caller
 * copies) and of every live thread, their open frames closed at `now`.
 * Threads still running are read as they are at this moment. From a
 * signal handler the registry lock is only tried (the handler may have
 * interrupted its holder): 0, or -1 when it was busy. */
FLUID_NO_INSTRUMENT int __fluid_hosted_snapshot(struct fluid_tally *t,
                                                uint64_t now, int in_signal) {
  if (in_signal ? pthread_mutex_trylock(&registry_lock) != 0
                : pthread_mutex_lock(&registry_lock) != 0)
    return -1;
  if (!t->edges->slots) {
    t->edges->slots = map_zeroed(MERGED_EDGE_SLOTS * sizeof(struct fluid_edge));
    t->edges->mask = t->edges->slots ? MERGED_EDGE_SLOTS - 1 : 0;
  }
  for (uint32_t i = 0; merged_edges.slots && i <= merged_edges.mask; i++) {
    const struct fluid_edge *e = &merged_edges.slots[i];
    if (e->calls)
      tally_edge(t, e->caller, e->callee, e->calls, e->cycles);
  }
  const uint64_t *from = (const uint64_t *)&merged_events;
  uint64_t *into = (uint64_t *)t->events;
  for (size_t i = 0; i < sizeof(merged_events) / sizeof(uint64_t); i++)
    into[i] += from[i];
#ifdef FLUID_CONTEXTS
  if (t->tree && merged_tree.count) {
    t->xlat = map_zeroed(merged_tree.count * sizeof(*t->xlat));
    t->seen = t->xlat ? merged_tree.count : 0;
    if (t->xlat)
      __fluid_ctx_merge(t->tree, &merged_tree, merged_tree.count, t->map,
                        t->state, t->xlat, t->events);
    FREE_XLAT(t);
  }
#endif
  for (struct fluid_context *c = live_threads; c; c = c->next_thread) {
    tally_thread(c, t, 0);
    close_open_frames(c, now, t);
  }
  pthread_mutex_unlock(&registry_lock);
  return 0;
}

/* Whether thread `tid` of this process sleeps in the kernel (state S in
 * /proc/self/task/TID/stat): it is then in no hook, since hooks never
 * block. Running, runnable (preempted) or in a page fault, it may be. */
static FLUID_NO_INSTRUMENT int thread_sleeps(int32_t tid) {
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)tid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0)
    return 0;
  buf[n] = '\0';
  const char *paren = strrchr(buf, ')'); /* the name may hold spaces */
  return paren && paren[1] == ' ' && paren[2] == 'S';
}

/* The longest the writer waits for running threads to leave their hooks:
 * exit is never held longer, whatever the threads do. */
#define FREEZE_WAIT_NS 200000000L

/* The process is ending (exit, _exit): the profile about to be written
 * reads every other thread's counts and stack while those threads may still
 * run, and counts changing under the reader would not add up (a self read
 * after its call ended, an edge whose caller's time is not). So each of
 * them stops counting: its limits are zeroed, which sends its next hooks to
 * the slow paths, where `frozen` makes them return untouched (it goes on
 * running, uncounted, until exit ends it). The writer then waits until
 * each of them is out of any hook it was in: it has taken a slow path since
 * (`parked`), or it sleeps in the kernel. A preempted thread is waited for,
 * however busy the machine, up to FREEZE_WAIT_NS; past that its figures
 * are read as they stand and the wait is counted (`freeze_timeouts`).
 * Threads that start later count nothing. */
FLUID_NO_INSTRUMENT void __fluid_hosted_freeze_others(void) {
  struct fluid_context *self = FLUID_CONTEXT();
  int others = 0;
  __atomic_store_n(&process_ending, 1, __ATOMIC_RELEASE);
  pthread_mutex_lock(&registry_lock);
  for (struct fluid_context *c = live_threads; c; c = c->next_thread) {
    if (c == self || c->frozen)
      continue;
    __atomic_store_n(&c->frozen, 1, __ATOMIC_RELAXED);
    __atomic_store_n(&c->exit_limit, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&c->capacity, 0, __ATOMIC_RELAXED);
    others = 1;
  }
  if (!others) {
    pthread_mutex_unlock(&registry_lock);
    return;
  }
  /* The registry stays locked: a thread ending now would unmap what is
   * read (its destructor takes the lock), and no hook takes it. */
  for (long waited = 0;; waited += 100000) {
    int unsettled = 0;
    for (struct fluid_context *c = live_threads; c; c = c->next_thread)
      if (c != self && !__atomic_load_n(&c->parked, __ATOMIC_ACQUIRE) &&
          !thread_sleeps(c->tid))
        unsettled = 1;
    if (!unsettled)
      break;
    if (waited >= FREEZE_WAIT_NS) {
      self->events.freeze_timeouts++;
      break;
    }
    struct timespec wait = {0, 100000}; /* 0.1 ms */
    nanosleep(&wait, NULL);
  }
  pthread_mutex_unlock(&registry_lock);
}

/* fork: the registry is held across it, so the child never inherits it
 * locked by a thread that does not exist there. */
FLUID_NO_INSTRUMENT void __fluid_hosted_fork_prepare(void) {
  pthread_mutex_lock(&registry_lock);
}

FLUID_NO_INSTRUMENT void __fluid_hosted_fork_parent(void) {
  pthread_mutex_unlock(&registry_lock);
}

/* The child has one thread, the one that forked: the others' contexts are
 * copies of the parent's, never to run or end here, and are forgotten. The
 * caller then resets the counts (the child starts from zero). */
FLUID_NO_INSTRUMENT void __fluid_hosted_fork_child(void) {
  struct fluid_context *self = FLUID_CONTEXT();
  live_threads = self->capacity ? self : NULL;
  self->next_thread = NULL;
  merged_events.threads = 0;
  self->events.threads = self->capacity != 0;
  pthread_mutex_unlock(&registry_lock);
}

/* Counting starts afresh (the records' own counters are the caller's to
 * clear): merged edges and events, and every live thread's counters,
 * edges and events; threads stay counted. The calling thread's open frames
 * restart now, each counted as a call; other threads' open frames keep
 * their start (their stacks are theirs), so call this while they are idle. */
FLUID_NO_INSTRUMENT void __fluid_hosted_reset(void) {
  pthread_mutex_lock(&registry_lock);
  struct fluid_events nothing = {0};
  for (uint32_t i = 0; merged_edges.slots && i <= merged_edges.mask; i++)
    merged_edges.slots[i].calls = merged_edges.slots[i].cycles = 0;
#ifdef FLUID_CONTEXTS
  __fluid_ctx_zero(&merged_tree);
#endif
  uint64_t threads = merged_events.threads;
  memset(&merged_events, 0, sizeof(merged_events));
  merged_events.threads = threads;
  for (struct fluid_context *c = live_threads; c; c = c->next_thread) {
    struct fluid_edge_table no_edges = {0};
    struct fluid_tally discard = {.map = drop_record, .edges = &no_edges,
                                  .events = &nothing};
    threads = c->events.threads;
    tally_thread(c, &discard, 1);
    c->events.threads = threads;
  }
  pthread_mutex_unlock(&registry_lock);
  struct fluid_context *self = FLUID_CONTEXT();
  uint32_t depth = self->depth < self->capacity ? self->depth : self->capacity;
  uint64_t now = fluid_rdtsc();
  for (uint32_t i = 1; i < depth; i++) {
    struct fluid_frame *f = &self->frames[i];
    f->child_cycles = f->probe_debt = 0;
    f->start = now;
    if (f->record)
      fluid_add(&f->slot->counters.calls, 1, &self->events);
#ifdef FLUID_CONTEXTS
    if (f->record)
      fluid_add(&f->node->calls, 1, &self->events);
#endif
  }
}

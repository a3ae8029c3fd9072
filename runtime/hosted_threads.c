/* hosted_threads.c - the threads: each counts into its own context.
 *
 * Each thread counts into private memory (mapped on its first hook:
 * __fluid_context_create), so the hot path needs no atomic instruction and
 * counts stay exact under threads. The registry of live threads is this
 * unit's, and so is everything done to all of them under its lock: a
 * thread's counts are merged when it exits (into the records, and the
 * merged edges, events and contexts kept here), its frames still open
 * closed with their time so far; a snapshot (hosted.c takes one at exit
 * and when asked) has every live thread's counts and open frames added to
 * its tally, changing none of them; at exit the other threads are frozen;
 * at fork the child forgets the others; a reset zeroes them; and when an
 * object is unloaded (hosted_intercept.c sees it) every thread's keys for
 * its records are renamed to the copies hosted_objects.c keeps.
 */
#define _GNU_SOURCE
#include "hosted.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define HOSTED_STACK_FRAMES 16384

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
/* Set when the process ends (__fluid_threads_freeze_others): a thread that
 * starts then gets no context, and counts nothing. */
static int process_ending;

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
      fluid_map_zeroed(CTX_ENTRIES * sizeof(struct fluid_centry)), CTX_ENTRIES - 1, 0,
      fluid_map_zeroed(CTX_NODES * sizeof(struct fluid_cnode)), 0, CTX_NODES, 1};
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
  struct fluid_centry *bigger = fluid_map_zeroed(slots * sizeof(struct fluid_centry));
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

/* The records an ending thread's counts go to: those of loaded objects
 * and of retired ones' copies. Under registry_lock. */
static struct fluid_range loaded_range[FLUID_MAX_OBJECTS];
static struct fluid_ranges loaded;

/* Adds one edge's counts to the tally's table, under the tally's records. */
static FLUID_NO_INSTRUMENT void tally_edge(struct fluid_tally *t,
                                           struct fluid_record *caller,
                                           struct fluid_record *callee,
                                           uint64_t calls, uint64_t cycles) {
  caller = __fluid_tally_target(caller, t);
  callee = __fluid_tally_target(callee, t);
  if (caller && callee)
    __fluid_edges_add(t->edges, caller, callee, calls, cycles, t->events);
}

/* Adds a table's edges to the tally; with `zero`, clears them. */
static FLUID_NO_INSTRUMENT void tally_edges(struct fluid_tally *t,
                                            struct fluid_edge_table *edges,
                                            int zero) {
  for (uint32_t i = 0; edges->slots && i <= edges->mask; i++) {
    struct fluid_edge *e = &edges->slots[i];
    if (!e->calls)
      continue;
    tally_edge(t, e->caller, e->callee, e->calls, e->cycles);
    if (zero)
      e->calls = e->cycles = 0;
  }
}

#ifdef FLUID_CONTEXTS
/* The first `count` nodes of a tree, merged into the tally's by path;
 * t->xlat says which node each of them became (FREE_XLAT frees it). */
static FLUID_NO_INSTRUMENT void tally_tree(struct fluid_tally *t,
                                           const struct fluid_ctree *tree,
                                           uint32_t count) {
  t->xlat = NULL;
  t->seen = 0;
  if (t->tree && count) {
    t->xlat = fluid_map_zeroed(count * sizeof(*t->xlat));
    if (t->xlat) {
      t->seen = count;
      __fluid_ctx_merge(t->tree, tree, count, __fluid_tally_target, t, t->xlat,
                        t->events);
    }
  }
}

/* A thread's contexts, into the tally's tree, for its open frames too
 * (close_open_frames frees t->xlat). With `zero`, the thread's counts go. */
static FLUID_NO_INSTRUMENT void tally_contexts(struct fluid_context *c,
                                               struct fluid_tally *t, int zero) {
  tally_tree(t, &c->tree, __atomic_load_n(&c->tree.count, __ATOMIC_ACQUIRE));
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
  tally_edges(t, &c->edges, zero);
  for (uint32_t i = 0; i < FLUID_COUNTER_SLOTS; i++) {
    struct fluid_slot *s = &c->slots[i];
    struct fluid_record *into = s->record && s->counters.calls
        ? __fluid_tally_target(s->record, t) : NULL;
    if (into)
      fluid_merge_counters(&into->counters, &s->counters, t->events);
    if (zero && s->record)
      fluid_clear_counters(&s->counters);
  }
#ifdef FLUID_CONTEXTS
  tally_contexts(c, t, zero);
#endif
  fluid_add_events(t->events, &c->events);
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
  /* Not c->capacity: a frozen thread's is 0 (__fluid_threads_freeze_others). */
  uint32_t depth = c->depth < HOSTED_STACK_FRAMES ? c->depth : HOSTED_STACK_FRAMES;
  size_t bytes = depth * sizeof(struct fluid_frame);
  struct fluid_frame *copy = depth > 1 ? fluid_map_zeroed(bytes) : NULL;
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
      fluid_charge_barrier(f, raw);
      continue;
    }
    /* Counters of a record the thread's full table could not take are
     * counted nowhere, as they were while it ran. */
    struct fluid_record *into = f->slot != FLUID_SPARE_SLOT(c)
        ? __fluid_tally_target(f->record, t) : NULL;
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
  if (!merged_edges.slots)
    __fluid_edges_map(&merged_edges, FLUID_MERGED_EDGE_SLOTS);
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
  loaded = (struct fluid_ranges){loaded_range, FLUID_MAX_OBJECTS, 0, 0, 0};
  __fluid_objects_scan(&loaded);
  struct fluid_tally merged = {.ranges = &loaded, .edges = &merged_edges,
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
  __fluid_edges_unmap(&c->edges);
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
FLUID_NO_INSTRUMENT void __fluid_threads_unloading(void) {
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
      fluid_map_zeroed(HOSTED_STACK_FRAMES * sizeof(struct fluid_frame));
  struct fluid_slot *slots = fluid_map_zeroed(SLOT_TABLE_BYTES);
  struct fluid_edge_table edges;
  if (!__fluid_edges_map(&edges, FLUID_THREAD_EDGE_SLOTS) || !frames || !slots)
    return NULL; /* counted by the caller; the program goes on */
#ifdef FLUID_CONTEXTS
  /* Without memory for its tree, the thread probes an empty table of one
   * entry, which takes none: every call is dropped (counted). */
  static struct fluid_centry no_entries[1];
  if (!c->tree.nodes && !__fluid_ctx_map(&c->tree))
    c->tree.entries = no_entries;
#endif
  c->slots = slots;
  __fluid_context_init(c, frames, HOSTED_STACK_FRAMES, edges.slots,
                       FLUID_THREAD_EDGE_SLOTS);
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
FLUID_NO_INSTRUMENT int __fluid_threads_tally(struct fluid_tally *t,
                                              uint64_t now, int in_signal) {
  if (in_signal ? pthread_mutex_trylock(&registry_lock) != 0
                : pthread_mutex_lock(&registry_lock) != 0)
    return -1;
  if (!t->edges->slots)
    __fluid_edges_map(t->edges, FLUID_MERGED_EDGE_SLOTS);
  tally_edges(t, &merged_edges, 0);
  fluid_add_events(t->events, &merged_events);
#ifdef FLUID_CONTEXTS
  tally_tree(t, &merged_tree, merged_tree.count);
  FREE_XLAT(t);
#endif
  for (struct fluid_context *c = live_threads; c; c = c->next_thread) {
    tally_thread(c, t, 0);
    close_open_frames(c, now, t);
  }
  pthread_mutex_unlock(&registry_lock);
  return 0;
}

/* The object holding [start, stop) is about to be unmapped: its records are
 * retired (hosted_objects.c copies them), and every thread's counters,
 * edges and contexts for them, and the merged ones, name the copies from
 * now on. Slot tables never move, so renaming another thread's slots is
 * safe while it runs (it can no longer call the object's code); the
 * records its open frames name are translated when they are read instead
 * (__fluid_tally_target). A record reloaded at the same address later gets
 * a slot of its own. */
static FLUID_NO_INSTRUMENT void retire(struct fluid_record *start,
                                       struct fluid_record *stop) {
  pthread_mutex_lock(&registry_lock);
  struct fluid_record *copies = __fluid_objects_retire(start, stop);
  for (struct fluid_context *c = live_threads; copies && c; c = c->next_thread) {
    for (uint32_t i = 0; i < FLUID_COUNTER_SLOTS; i++)
      fluid_rename_retired(&c->slots[i].record, start, stop, copies);
    __fluid_edges_retarget(&c->edges, start, stop, copies);
#ifdef FLUID_CONTEXTS
    __fluid_ctx_retarget(&c->tree, start, stop, copies);
#endif
  }
  if (copies) {
    __fluid_edges_retarget(&merged_edges, start, stop, copies);
#ifdef FLUID_CONTEXTS
    __fluid_ctx_retarget(&merged_tree, start, stop, copies);
#endif
  }
  pthread_mutex_unlock(&registry_lock);
}

FLUID_NO_INSTRUMENT void __fluid_threads_unload_object(const void *address) {
  struct fluid_range storage[16];
  struct fluid_ranges object = {storage, 16, 0, 0, 0};
  __fluid_objects_at(address, &object);
  for (size_t i = 0; i < object.count; i++)
    retire(object.range[i].start, object.range[i].stop);
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
FLUID_NO_INSTRUMENT void __fluid_threads_freeze_others(void) {
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
FLUID_NO_INSTRUMENT void __fluid_threads_fork_prepare(void) {
  pthread_mutex_lock(&registry_lock);
}

FLUID_NO_INSTRUMENT void __fluid_threads_fork_parent(void) {
  pthread_mutex_unlock(&registry_lock);
}

/* The child has one thread, the one that forked: the others' contexts are
 * copies of the parent's, never to run or end here, and are forgotten. The
 * caller then resets the counts (the child starts from zero). */
FLUID_NO_INSTRUMENT void __fluid_threads_fork_child(void) {
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
FLUID_NO_INSTRUMENT void __fluid_threads_reset(void) {
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
    struct fluid_ranges none = {0};
    struct fluid_tally discard = {.ranges = &none, .edges = &no_edges,
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

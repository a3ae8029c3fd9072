/* internal.h - state shared by the runtime's core, export and hosted adapter.
 *
 * The hosted adapter's own units, and the one way they call each other,
 * are in hosted.h.
 *
 * A context is one execution stream's shadow stack: the kernel has one
 * (interrupts nest on it), a hosted program one per thread. frames[0] is a
 * permanent barrier, so the hot path never tests for an empty stack.
 */
#ifndef FLUID_INTERNAL_H
#define FLUID_INTERNAL_H

#include "fluid_rt.h"
#include "port.h"
#ifdef FLUID_CONTEXTS
#include "contexts.h"
#else
struct fluid_cnode; /* never defined: the contexts variant's (contexts.h) */
#endif

#ifndef FLUID_STACK_FRAMES
#define FLUID_STACK_FRAMES 4096
#endif
#ifndef FLUID_EDGE_SLOTS
#define FLUID_EDGE_SLOTS 4096 /* power of two */
#endif
#ifndef FLUID_COUNTER_SLOTS
#define FLUID_COUNTER_SLOTS 16384 /* hosted, per thread; power of two */
#endif

/* What follows the name in a record's names: the level, if marked
 * (FLUID_LEVEL_MARK), then the file. Records without names (the
 * calibration's) have neither. (export.c reads them with code of its own,
 * smaller.) */
static inline FLUID_NO_INSTRUMENT const char *fluid_after_name(const char *names) {
  static const char none[1] = {0}; /* no level, an empty file */
  if (!names)
    return none;
  while (*names)
    names++;
  return names + 1;
}

static inline FLUID_NO_INSTRUMENT const char *fluid_record_file(const struct fluid_record *r) {
  const char *s = fluid_after_name(r->names);
  if (*s == FLUID_LEVEL_MARK)
    s = fluid_after_name(s);
  return s;
}

/* cfa of barrier frames: never below a real frame, never equal to one. */
#define FLUID_BARRIER_CFA UINTPTR_MAX

/* Hosted: a thread's private counters for one record (64 bytes). */
struct fluid_slot {
  struct fluid_record *record;
  struct fluid_counters counters;
  struct fluid_edge *last_edge; /* cache of the most recent caller edge */
  uint32_t active;              /* the thread's open activations */
} __attribute__((aligned(64)));

struct fluid_frame {
  struct fluid_record *record; /* NULL for a barrier */
  uintptr_t cfa;               /* return-address slot; 0: inlined frame */
  uint64_t start;
  uint64_t child_cycles; /* inclusive cycles of callees, probes excluded */
  uint64_t probe_debt;   /* cycles spent in descendants' hooks */
#ifdef FLUID_CONTEXTS
  struct fluid_cnode *node; /* its calling context; NULL in a barrier */
#endif
#ifdef FLUID_RT_HOSTED
  /* Found at entry, for the slow paths: a record that collided in the
   * table, or one the full table could not take (it counts into the
   * context's spare slot, which is never merged). The fast exit finds the
   * record's home slot from the record instead: a shorter chain of loads. */
  struct fluid_slot *slot;
  /* One frame per cache line: the hooks index frames with a shift, and no
   * frame straddles two lines. Threads map their stacks: pages never
   * touched cost nothing. */
#ifdef FLUID_CONTEXTS
  uint64_t pad[1];
#else
  uint64_t pad[2];
#endif
} __attribute__((aligned(64)));
#else
};
#endif

struct fluid_edge_table {
  struct fluid_edge *slots;
  uint32_t mask;
  uint32_t used;
};

struct fluid_context {
  uint32_t depth;    /* frames in use, including the barrier at 0 */
  uint32_t capacity; /* 0 until the context is initialised */
  uint32_t exit_limit; /* capacity - 1 once initialised, 0 before: the exit
                        * hook's range check is then a single compare */
  struct fluid_frame *frames;
  struct fluid_edge_table edges;
  struct fluid_slot *slots; /* hosted only */
  struct fluid_events events;
  struct fluid_context *next_thread; /* hosted list of live threads */
  /* Hosted: set by the thread writing the profile at exit, with capacity
   * and exit_limit zeroed, so this thread's next hooks take the slow paths
   * and do nothing: its counts and stack hold still while they are read. */
  uint32_t frozen;
  /* Hosted: set by this thread's first slow path after `frozen`: any hook
   * it was running when frozen has ended (program order). */
  uint32_t parked;
  int32_t tid; /* hosted: the kernel's id of the thread, for its state */
#ifdef FLUID_CONTEXTS
  struct fluid_ctree tree; /* the calling contexts (contexts.h) */
#endif
};

/* Probe cost: `inner` is what a function's own hooks add to its measured
 * cycles, `outer` what a call adds to its caller beyond the callee's window. */
struct fluid_probe_cost {
  uint64_t inner;
  uint64_t outer;
  uint64_t pair; /* inner + outer: what one call adds to its ancestors */
};

extern struct fluid_probe_cost __fluid_probe FLUID_HIDDEN;

/* The calling context: one per thread (hosted), one per CPU (freestanding). */
#ifdef FLUID_RT_HOSTED
extern FLUID_THREAD_LOCAL struct fluid_context __fluid_thread_context FLUID_HIDDEN;
#define FLUID_CONTEXT() (&__fluid_thread_context)
#define FLUID_SPARE_SLOT(c) (&(c)->slots[FLUID_COUNTER_SLOTS])
/* A record's slot when it sits where it hashes to (almost always: records
 * are 64-byte aligned and contiguous, so record>>6 barely collides). */
#define FLUID_HOME_SLOT(c, r)                                                  \
  (&(c)->slots[(uint32_t)((uintptr_t)(r) >> 6) & (FLUID_COUNTER_SLOTS - 1)])
#define FRAME_COUNTERS(f) (&(f)->slot->counters)
#define FRAME_ACTIVE(f) (&(f)->slot->active)
/* The edge cache of a record's home slot, NULL when empty. */
#define FLUID_CACHED_EDGE(home) ((home)->last_edge)
#define FLUID_EDGE_MISS(e, caller) (!(e) || (e)->caller != (caller))
#else
extern struct fluid_context __fluid_main_context_data FLUID_HIDDEN;
#define FLUID_CONTEXT() (&__fluid_main_context_data)
#define FRAME_COUNTERS(f) (&(f)->record->counters)
#define FRAME_ACTIVE(f) (&(f)->record->active)
/* The edge table, one slot ahead of its first entry: __fluid_edge_slots[0]
 * is never used, so a record's empty edge cache (offset 0) names an edge
 * whose caller is NULL, and the cache check needs no test of its own. */
extern struct fluid_edge __fluid_edge_slots[] FLUID_HIDDEN;
#define FLUID_CACHED_EDGE(r)                                                   \
  ((struct fluid_edge *)((char *)__fluid_edge_slots + (r)->last_edge_offset))
#define FLUID_EDGE_MISS(e, caller) ((e)->caller != (caller))
#endif

/* Out-of-line paths are rare. The hot hooks reach them only by tail calls
 * (same calling convention, so a plain jump), which keeps the hooks leaf
 * functions that save no register. */
#define FLUID_COLD __attribute__((noinline, cold))
#define FLUID_ALWAYS_INLINE inline __attribute__((always_inline))

#ifdef FLUID_TEST_CLOCK
/* Tests build the core against a simulated clock: FLUID_TEST_CLOCK names a
 * function that returns the time (test/runtime/runtime-calibration-*). */
uint64_t FLUID_TEST_CLOCK(void);
#define fluid_rdtsc FLUID_TEST_CLOCK
#else
static inline FLUID_NO_INSTRUMENT uint64_t fluid_rdtsc(void) {
  uint32_t lo, hi;
  __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
  return ((uint64_t)hi << 32) | lo;
}
#endif

/* Saturating add: counts the saturation instead of wrapping. */
#ifdef __i386__
/* i386: the overflow's stores (pin both halves, count the event: 33 bytes)
 * are one shared cold call (core_slow.c), a third of that at each add. It
 * saves no register the hooks use and takes its arguments in registers, so
 * the hooks' fast paths stay as they were. (x86_64's copy is nearly as
 * short as the call, and a call would make the hot hooks non-leaf.) */
void __fluid_saturate(uint64_t *counter, struct fluid_events *events)
    FLUID_COLD FLUID_HIDDEN
    __attribute__((regparm(2), no_caller_saved_registers));
#endif

static inline FLUID_NO_INSTRUMENT void fluid_add(uint64_t *counter,
                                                 uint64_t amount,
                                                 struct fluid_events *events) {
  /* In place, so the common case can be one add to memory. */
  if (FLUID_UNLIKELY(__builtin_add_overflow(*counter, amount, counter))) {
#ifdef __i386__
    __fluid_saturate(counter, events);
#else
    *counter = UINT64_MAX;
    events->saturations++;
#endif
  }
}

/* A clock difference at or above 2^56 ticks is no duration: it is a
 * negative one wrapped (a thread moved to a core whose clock is behind, a
 * frame closed with another thread's clock) or a jump no run lasts (over
 * 270 days at 3 GHz). Such a difference is an event, not a figure. */
#define FLUID_ABSURD_SHIFT 56
#define FLUID_ABSURD(elapsed) ((elapsed) >> FLUID_ABSURD_SHIFT)

/* now - start, or 0 with the anomaly counted: for the slow paths and the
 * exporters (the fast exit tests FLUID_ABSURD itself and hands such a
 * frame to its slow path, which comes here). */
static inline FLUID_NO_INSTRUMENT uint64_t
fluid_elapsed(struct fluid_events *events, uint64_t start, uint64_t now) {
  uint64_t elapsed = now - start;
  if (FLUID_UNLIKELY(FLUID_ABSURD(elapsed))) {
    events->clock_anomalies++;
    return 0;
  }
  return elapsed;
}

/* Push a frame at depth d (d < capacity): shared by the fast path and the
 * slow one. The slot is reserved before it is filled: an interrupt arriving
 * in between pushes above it and restores depth before we continue.
 * `active` counts the record's open activations, for recursion. */
static FLUID_ALWAYS_INLINE FLUID_NO_INSTRUMENT void
fluid_push_frame_at(struct fluid_context *c, uint32_t d, struct fluid_record *r,
                    uintptr_t cfa, uintptr_t parent_cfa,
                    struct fluid_counters *counters, uint32_t *active,
                    struct fluid_cnode *node) {
  struct fluid_frame *f = &c->frames[d];
  uintptr_t frame_cfa = cfa ? cfa : parent_cfa; /* 0: inlined into the parent */
  c->depth = d + 1;
  FLUID_BARRIER();
  f->record = r;
  f->cfa = frame_cfa;
  f->child_cycles = 0;
  f->probe_debt = 0;
#ifdef FLUID_RT_HOSTED
  f->slot = (struct fluid_slot *)((char *)counters -
                                  offsetof(struct fluid_slot, counters));
#endif
  fluid_add(&counters->calls, 1, &c->events);
#ifdef FLUID_CONTEXTS
  f->node = node;
  fluid_add(&node->calls, 1, &c->events);
#else
  (void)node;
#endif
  ++*active;
  f->start = fluid_rdtsc();
}

/* The slow paths' push: the contexts variant finds the node out of line
 * (the fast enter hook probes for it itself: core.c). */
static FLUID_ALWAYS_INLINE FLUID_NO_INSTRUMENT void
fluid_push_frame(struct fluid_context *c, uint32_t d, struct fluid_record *r,
                 uintptr_t cfa, uintptr_t parent_cfa,
                 struct fluid_counters *counters, uint32_t *active) {
#ifdef FLUID_CONTEXTS
  struct fluid_cnode *node =
      __fluid_ctx_find(&c->tree, c->frames[d - 1].node, r, &c->events);
#else
  struct fluid_cnode *node = 0;
#endif
  fluid_push_frame_at(c, d, r, cfa, parent_cfa, counters, active, node);
}

/* Charge a finished frame's cycles, `raw` ticks between its hooks (never an
 * absurd difference: see fluid_elapsed), to its counters `k` and its parent
 * frame (saturations are counted in `events`).
 * Its inclusive cycles are never below its callees' (a window measured short
 * by clock noise gives self 0, never a caller below its callee), so every
 * ancestor's inclusive covers every descendant's. Returns the cycles for
 * the caller edge: the inclusive of an outermost activation, 0 for one
 * nested in an activation of the same function (its time is already in the
 * outer one: counted again, recursion would multiply it). */
static FLUID_ALWAYS_INLINE FLUID_NO_INSTRUMENT uint64_t
fluid_charge_frame(struct fluid_events *events, struct fluid_frame *f,
                   uint64_t raw, struct fluid_counters *k, uint32_t *active) {
  uint64_t debt = f->probe_debt;
  uint64_t probes = __fluid_probe.inner + debt;
  uint64_t measured = raw > probes ? raw - probes : 0;
  uint64_t child = f->child_cycles;
  uint64_t inclusive = measured > child ? measured : child;
  struct fluid_frame *parent = f - 1;
  parent->child_cycles += inclusive;
  parent->probe_debt += debt + __fluid_probe.pair;
  /* Inclusive before self: a snapshot of a running thread reads self first
   * (hosted_threads.c), so it never sees a self above the inclusive. x86
   * makes stores visible in program order; the barrier keeps the
   * compiler's. */
  uint64_t outermost = --*active ? 0 : inclusive;
  fluid_add(&k->total_cycles, outermost, events);
#ifdef FLUID_RT_HOSTED
  FLUID_BARRIER();
#endif
  fluid_add(&k->self_cycles, inclusive - child, events);
  if (inclusive < k->min_cycles)
    k->min_cycles = inclusive;
  if (inclusive > k->max_cycles)
    k->max_cycles = inclusive;
#ifdef FLUID_CONTEXTS
  fluid_ctx_charge(f->node, parent->node, inclusive, inclusive - child,
                   outermost, events);
#endif
  return outermost;
}

static FLUID_ALWAYS_INLINE FLUID_NO_INSTRUMENT void
fluid_charge_edge(struct fluid_context *c, struct fluid_edge *e,
                  uint64_t inclusive) {
  fluid_add(&e->calls, 1, &c->events);
  fluid_add(&e->cycles, inclusive, &c->events);
}

/* Close an interrupt's or signal's barrier frame, `raw` ticks after it
 * opened: the time between the brackets is charged to the interrupted frame
 * as a callee's, not as its own (core_slow.c, and the hosted snapshot's
 * open frames). */
static FLUID_ALWAYS_INLINE FLUID_NO_INSTRUMENT void
fluid_charge_barrier(struct fluid_frame *barrier, uint64_t raw) {
  uint64_t debt = barrier->probe_debt;
  barrier[-1].child_cycles += raw > debt ? raw - debt : 0;
  barrier[-1].probe_debt += debt;
}

/* core_slow.c: everything but the two hot hooks. The slow paths finish the
 * whole hook (push, or charge and pop) so the hot ones reach them by a tail
 * call; they take the hooks' own arguments in the same order, so that call
 * is a bare jump. */
void __fluid_enter_slow(struct fluid_record *r, uintptr_t cfa) FLUID_COLD FLUID_HIDDEN;
void __fluid_exit_slow(struct fluid_record *r, uintptr_t cfa,
                       uint64_t now) FLUID_COLD FLUID_HIDDEN;
void __fluid_exit_edge_miss(struct fluid_context *c, struct fluid_frame *f,
                            uint32_t d, uint64_t inclusive) FLUID_COLD FLUID_HIDDEN;
#ifdef FLUID_RT_HOSTED
/* Shared with the hosted units (the freestanding build keeps them private to
 * core_slow.c, which then inlines them or passes registers). */
void __fluid_context_init(struct fluid_context *c, struct fluid_frame *frames,
                          uint32_t capacity, struct fluid_edge *edge_slots,
                          uint32_t edge_count);
/* The edge caller -> callee, added if new; NULL when the table is full. */
struct fluid_edge *__fluid_edge_find(struct fluid_edge_table *table,
                                     struct fluid_record *caller,
                                     struct fluid_record *callee);
/* A record of [start, stop), an object about to be unloaded, names its
 * copy from now on (the hosted tables' keys: hosted_threads.c says when). */
static inline FLUID_NO_INSTRUMENT void
fluid_rename_retired(struct fluid_record **r, struct fluid_record *start,
                     struct fluid_record *stop, struct fluid_record *copies) {
  if (*r >= start && *r < stop)
    *r = &copies[*r - start];
}
/* hosted_edges.c: the thread's edge table is full: make it larger. 0 when
 * it cannot. */
int __fluid_grow_thread_edges(struct fluid_context *c);
/* core_slow.c: a C++ catch in the frame above `slot` (hosted_intercept.c). */
void __fluid_caught_above(uintptr_t slot) FLUID_HIDDEN;
#endif

/* export.c: records come from an iterator so the hosted adapter can hand
 * over several objects' sections; edges from one table. */
typedef struct fluid_record *(*fluid_record_iter)(void *state);
size_t __fluid_export_records(fluid_sink_fn sink, void *sink_context,
                              fluid_record_iter next, void *iter_state,
                              const struct fluid_edge_table *edges,
                              const struct fluid_events *events);

/* The contexts variant's share of the slow paths (core_slow.c): the
 * calibration's nodes are forgotten; an interrupt barrier starts a root;
 * calls __fluid_fold hands over count on the folded function's node, the
 * top frame's (its exit hook follows). Nothing without contexts. */
#ifdef FLUID_CONTEXTS
#define FLUID_CTX_CALIBRATED(c) __fluid_ctx_clear(&(c)->tree)
#define FLUID_CTX_BARRIER(f) ((f)->node = 0)
#define FLUID_CTX_FOLD(c, r, calls)                                            \
  do {                                                                         \
    struct fluid_frame *top_ = &(c)->frames[(c)->depth - 1];                   \
    if ((c)->depth > 1 && (c)->depth <= (c)->capacity && top_->record == (r)) \
      fluid_add(&top_->node->calls, (calls), &(c)->events);                    \
  } while (0)
#else
#define FLUID_CTX_CALIBRATED(c) ((void)0)
#define FLUID_CTX_BARRIER(f) ((void)0)
#define FLUID_CTX_FOLD(c, r, calls) ((void)0)
#endif

/* What the contexts variant adds to a profile (export.c): version 2, the
 * tree (contexts_export.h) and the calls dropped from it. */
#ifdef FLUID_CONTEXTS
#define FLUID_EXPORT_VERSION "2"
#define FLUID_PUT_CONTEXTS(w) put_contexts(w)
#define FLUID_CTX_EVENTS_FORMAT ",\"dropped_contexts\":%;"
#else
#define FLUID_EXPORT_VERSION "1"
#define FLUID_PUT_CONTEXTS(w) ((void)0)
#define FLUID_CTX_EVENTS_FORMAT ""
#endif

/* Platform glue: the freestanding build provides static storage, the
 * hosted adapter per-thread memory. Called once per context. */
struct fluid_context *__fluid_context_create(void);

#endif /* FLUID_INTERNAL_H */

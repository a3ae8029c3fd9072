/* core_slow.c - the runtime core's rare paths, built for size.
 *
 * The hot hooks in core.c hand over to these when a call is not the common
 * case: first use of a context (map it, calibrate), shadow-stack overflow,
 * frames that vanished without their exit hook (longjmp, C++ unwinding
 * through frames without cleanups), orphan exits, edge-cache misses and the
 * hosted counter table's misses. Each slow path finishes the whole hook, so
 * the fast path reaches it by a tail call.
 *
 * Resynchronisation uses `cfa`, the address of a function's return-address
 * slot: fixed for the frame's lifetime and lower for deeper frames. A new
 * entry at or above a stale frame, or an exit that matches a frame further
 * down, closes the stale frames at the current time and counts them as
 * unwound. Interrupt handlers nest above barrier frames. Calibration runs
 * once, on first use, with the real hooks.
 */
#include "internal.h"

static struct fluid_record calibration_record, calibration_caller;
#ifdef FLUID_RT_HOSTED
static int calibrated; /* by the first thread (the freestanding runtime's
                        * one context is created once) */
#endif

/* Where a record's counters live for this context: the record itself
 * (freestanding), or the thread's slot for it, the spare slot when the
 * table is full (hosted). Never NULL. */
#ifdef FLUID_RT_HOSTED
static FLUID_NO_INSTRUMENT struct fluid_counters *
counters_of(struct fluid_context *c, struct fluid_record *r) {
  uint32_t mask = FLUID_COUNTER_SLOTS - 1;
  uint32_t i = (uint32_t)((uintptr_t)r >> 6) & mask;
  for (uint32_t probes = 0; probes < FLUID_COUNTER_SLOTS; probes++) {
    struct fluid_slot *s = &c->slots[(i + probes) & mask];
    if (s->record == r)
      return &s->counters;
    if (!s->record) {
      s->record = r;
      s->counters.min_cycles = UINT64_MAX;
      return &s->counters;
    }
  }
  c->events.dropped_slots++;
  return &FLUID_SPARE_SLOT(c)->counters;
}
#define COUNTS_EDGES(c, f) ((f)->slot != FLUID_SPARE_SLOT(c))
#define ACTIVE_OF(counters)                                                    \
  (&((struct fluid_slot *)((char *)(counters) -                                \
                           offsetof(struct fluid_slot, counters)))             \
        ->active)
#else
static inline FLUID_NO_INSTRUMENT struct fluid_counters *
counters_of(struct fluid_context *c, struct fluid_record *r) {
  (void)c;
  return &r->counters;
}
#define COUNTS_EDGES(c, f) 1
#endif

#ifdef __i386__
FLUID_NO_INSTRUMENT void __fluid_saturate(uint64_t *counter,
                                          struct fluid_events *events) {
  *counter = UINT64_MAX;
  events->saturations++;
}
#endif

/* Functions the hosted units share (internal.h); private to this file in
 * the freestanding runtime. */
#ifdef FLUID_RT_HOSTED
#define FLUID_SHARED
#else
#define FLUID_SHARED static
#endif

/* The edge caller -> callee, added if new; NULL when the table is full. */
FLUID_SHARED FLUID_NO_INSTRUMENT struct fluid_edge *
__fluid_edge_find(struct fluid_edge_table *t, struct fluid_record *caller,
                  struct fluid_record *callee) {
  uintptr_t key = ((uintptr_t)caller >> 6) * 0x9E3779B1u ^ ((uintptr_t)callee >> 6);
  for (uint32_t probes = 0; probes <= t->mask; probes++) {
    struct fluid_edge *e = &t->slots[(key + probes) & t->mask];
    if (e->caller == caller && e->callee == callee)
      return e;
    if (!e->caller) {
      /* Keep a quarter free so probe sequences stay short. */
      if (t->used >= t->mask - t->mask / 4)
        break;
      t->used++;
      e->caller = caller;
      e->callee = callee;
      return e;
    }
  }
  return 0;
}

/* The edge caller -> callee in the context's table, NULL (counted as
 * dropped) when full. The hosted table grows instead, until memory runs
 * out; the freestanding one is static. */
static FLUID_NO_INSTRUMENT struct fluid_edge *
context_edge(struct fluid_context *c, struct fluid_record *caller,
             struct fluid_record *callee) {
  struct fluid_edge *e = __fluid_edge_find(&c->edges, caller, callee);
#ifdef FLUID_RT_HOSTED
  if (!e && __fluid_grow_thread_edges(c))
    e = __fluid_edge_find(&c->edges, caller, callee);
#endif
  if (!e)
    c->events.dropped_edges++;
  return e;
}

/* Charge the edge from the frame's caller (when it has one) to the frame,
 * through the record's one-entry cache. */
static FLUID_NO_INSTRUMENT void charge_caller_edge(struct fluid_context *c,
                                                   struct fluid_frame *f,
                                                   uint64_t inclusive) {
  struct fluid_record *caller = f[-1].record;
  if (!caller || !COUNTS_EDGES(c, f))
    return; /* called from a root or a barrier; or counted nowhere */
#ifdef FLUID_RT_HOSTED
  struct fluid_edge *e = f->slot->last_edge;
  if (FLUID_EDGE_MISS(e, caller)) {
    e = f->slot->last_edge = context_edge(c, caller, f->record);
    if (!e)
      return;
  }
#else
  struct fluid_edge *e = FLUID_CACHED_EDGE(f->record);
  if (FLUID_EDGE_MISS(e, caller)) {
    e = context_edge(c, caller, f->record);
    if (!e)
      return;
    f->record->last_edge_offset =
        (uint32_t)((char *)e - (char *)__fluid_edge_slots);
  }
#endif
  fluid_charge_edge(c, e, inclusive);
}

/* The fast exit's edge cache missed: finish that exit. */
FLUID_NO_INSTRUMENT void __fluid_exit_edge_miss(struct fluid_context *c,
                                                struct fluid_frame *f,
                                                uint32_t d, uint64_t inclusive) {
  charge_caller_edge(c, f, inclusive);
  FLUID_BARRIER();
  c->depth = d - 1;
}

/* Charge a finished frame (returned or unwound) to its record and parent. */
static FLUID_NO_INSTRUMENT void close_frame(struct fluid_context *c,
                                            struct fluid_frame *f, uint64_t now) {
  uint64_t raw = fluid_elapsed(&c->events, f->start, now);
  charge_caller_edge(c, f, fluid_charge_frame(&c->events, f, raw,
                                              FRAME_COUNTERS(f), FRAME_ACTIVE(f)));
}

/* Close frames above `keep` (exclusive) as unwound. Every caller has
 * dropped untracked frames first: depth <= capacity. */
static FLUID_NO_INSTRUMENT void unwind_to(struct fluid_context *c, uint32_t keep,
                                          uint64_t now) {
  uint32_t top = c->depth;
  while (top > keep) {
    top--;
    close_frame(c, &c->frames[top], now);
    c->events.unwound_frames++;
  }
  c->depth = keep;
}

FLUID_SHARED FLUID_NO_INSTRUMENT void
__fluid_context_init(struct fluid_context *c, struct fluid_frame *frames,
                     uint32_t capacity, struct fluid_edge *edge_slots,
                     uint32_t edge_count) {
  c->frames = frames;
  c->frames[0].record = 0;
  c->frames[0].cfa = FLUID_BARRIER_CFA;
  c->edges.slots = edge_slots;
  c->edges.mask = edge_count - 1;
  c->depth = 1;
  FLUID_BARRIER();
  c->exit_limit = capacity - 1;
  c->capacity = capacity;
}

/* The middle one of n samples, sorted in place. */
static FLUID_NO_INSTRUMENT uint32_t median(uint32_t *sample, int n) {
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && sample[j - 1] > sample[j]; j--) {
      uint32_t swap = sample[j];
      sample[j] = sample[j - 1];
      sample[j - 1] = swap;
    }
  return sample[n / 2];
}

/* Probe cost, measured with the real hooks on a private record, in rounds
 * of empty calls: `inner` is the window of an empty function (what its own
 * hooks add inside it), `pair` what a call adds to its caller. Each is the
 * median over the rounds of its mean per call, not the minimum: a clock
 * whose reads now and then land a tick apart (virtual machines) would make
 * the smallest window near 0, and every function keep its own hooks' cost
 * while its ancestors lost theirs; a round an interrupt lands in is an
 * outlier the median ignores. */
static FLUID_NO_INSTRUMENT void calibrate(void) {
  enum { Rounds = 15, Pairs = 16 };
  void *fake_cfa = (void *)(uintptr_t)64, *caller_cfa = (void *)(uintptr_t)128;
  uint32_t window[Rounds], pair[Rounds];
  struct fluid_counters *k = counters_of(FLUID_CONTEXT(), &calibration_record);
  /* The calls have a caller, as a program's do: each exit updates its
   * caller edge, which is part of what a call costs. */
  __fluid_enter(&calibration_caller, caller_cfa);
  for (int round = 0; round < Rounds; round++) {
    /* Each round runs the loop twice, without the calls and with them:
     * what the loop and the clock reads around it cost is no part of a
     * call's. (A round an interrupt lands in is an outlier, even one that
     * wraps, and the median ignores it.) */
    uint32_t span = 0, windows_before = (uint32_t)k->total_cycles;
    for (int calls = 0; calls < 2; calls++) {
      uint32_t start = (uint32_t)fluid_rdtsc();
      for (int i = 0; i < Pairs; i++) {
        if (calls) {
          __fluid_enter(&calibration_record, fake_cfa);
          __fluid_exit(&calibration_record, fake_cfa);
        }
        __asm__ __volatile__("" ::: "memory");
      }
      /* The empty loop's span, then the calls' span less it. */
      span = (uint32_t)fluid_rdtsc() - start - span;
    }
    pair[round] = span / Pairs;
    window[round] = ((uint32_t)k->total_cycles - windows_before) / Pairs;
  }
  /* Its edge stays in the table: its records have no names, and no
   * profile lists it (export.c, and the hosted tally knows them not). */
  __fluid_exit(&calibration_caller, caller_cfa);
  uint32_t inner = median(window, Rounds), per_call = median(pair, Rounds);
  if (inner > per_call)
    inner = per_call;
  __fluid_probe.inner = inner;
  __fluid_probe.outer = per_call - inner;
  __fluid_probe.pair = per_call;
}

/* The depth below `keep` once the top frames at or below `cfa` are dropped:
 * a new frame's (at or below it, they were left by unwinding; only hooks
 * the inliner copied share a frame, and those pass cfa 0: a real frame at
 * or below the new one is stale, whatever its record), a catch's, or any
 * (UINTPTR_MAX). Never past a barrier. */
static FLUID_NO_INSTRUMENT uint32_t stale_below(struct fluid_context *c,
                                                uint32_t keep, uintptr_t cfa) {
  while (keep > 1 && c->frames[keep - 1].record &&
         c->frames[keep - 1].cfa <= cfa)
    keep--;
  return keep;
}

/* Deeper than the shadow stack, a hook whose caller lies at `cfa`: if that is
 * at or above the last stored frame, the untracked frames between were
 * skipped by unwinding (and stored ones at or below cfa are stale too):
 * count them, drop them and return 1. */
static FLUID_NO_INSTRUMENT int overflow_unwound(struct fluid_context *c,
                                                uintptr_t cfa) {
  struct fluid_frame *last = &c->frames[c->capacity - 1];
  if (!cfa || !last->record || last->cfa > cfa)
    return 0;
  c->events.unwound_frames += c->depth - c->capacity;
  c->depth = c->capacity;
  return 1;
}

/* Hosted: the profile is being written at exit (hosted_threads.c): this
 * thread's hooks do nothing. A freestanding context is never frozen. */
static inline FLUID_NO_INSTRUMENT int parked(struct fluid_context *c) {
#ifdef FLUID_RT_HOSTED
  if (FLUID_UNLIKELY(c->frozen)) {
    __atomic_store_n(&c->parked, 1, __ATOMIC_RELEASE);
    return 1;
  }
#endif
  (void)c;
  return 0;
}

FLUID_NO_INSTRUMENT void __fluid_enter_slow(struct fluid_record *r,
                                            uintptr_t cfa) {
  struct fluid_context *c = FLUID_CONTEXT();
  if (parked(c))
    return;
  if (r->last_edge_offset == FLUID_RECORD_UNTIMED) {
    /* Hooks on a record another object made untimed (fluid_rt.h): count
     * the call as its counted copies do; no frame, so __fluid_exit_slow
     * leaves it too and the time stays the caller's. */
    __atomic_fetch_add(&r->counters.calls, 1, __ATOMIC_RELAXED);
    return;
  }
  uint32_t d = c->depth;
  if (d >= c->capacity) {
    if (c->capacity == 0) { /* first hook of this context */
      if (!__fluid_context_create()) {
        if (!parked(c))
          c->events.stack_overflows++;
        return;
      }
#ifdef FLUID_RT_HOSTED
      if (!__atomic_exchange_n(&calibrated, 1, __ATOMIC_ACQ_REL))
#endif
      {
        calibrate();
        FLUID_CTX_CALIBRATED(c);
      }
      d = c->depth;
    } else {
      /* Deeper than the shadow stack: an untracked frame, unless the
       * ones between were unwound. */
      if (!overflow_unwound(c, cfa)) {
        c->depth = d + 1;
        c->events.stack_overflows++;
        fluid_add(&counters_of(c, r)->calls, 1, &c->events);
        return;
      }
      d = c->depth;
    }
  }
  if (c->frames[d - 1].cfa <= cfa) {
    unwind_to(c, stale_below(c, d, cfa), fluid_rdtsc());
    d = c->depth;
  }
#ifdef FLUID_RT_HOSTED
  /* The record may sit away from its home slot: push here. */
  struct fluid_counters *counters = counters_of(c, r);
  fluid_push_frame(c, d, r, cfa, c->frames[d - 1].cfa, counters,
                   ACTIVE_OF(counters));
#elif defined(FLUID_CONTEXTS)
  /* The fast path's context probe may be what missed: push here. */
  fluid_push_frame(c, d, r, cfa, c->frames[d - 1].cfa, &r->counters,
                   &r->active);
#else
  /* Now d < capacity and the parent lies above cfa: the fast path pushes
   * (one copy of the push keeps the freestanding core small). */
  __fluid_enter(r, (void *)cfa);
#endif
}

FLUID_NO_INSTRUMENT void __fluid_exit_slow(struct fluid_record *r,
                                           uintptr_t cfa, uint64_t now) {
  struct fluid_context *c = FLUID_CONTEXT();
  if (parked(c))
    return;
  if (r->last_edge_offset == FLUID_RECORD_UNTIMED)
    return; /* __fluid_enter_slow pushed no frame for it */
  uint32_t d = c->depth;
  if (c->capacity == 0 || d <= 1) {
    c->events.orphan_exits++;
    return;
  }
  if (d > c->capacity) {
    /* An untracked (overflowed) frame returns, unless the caller is the last
     * stored frame or above it: then the untracked ones were unwound. */
    if (!overflow_unwound(c, cfa)) {
      c->depth = d - 1;
      return;
    }
    d = c->depth;
  }
  /* Find this function's frame; frames above it were left by unwinding. */
  uint32_t i = d;
  while (i > 1) {
    struct fluid_frame *f = &c->frames[i - 1];
    if (!f->record || (cfa && f->cfa > cfa))
      break;
    if (f->record == r && (!cfa || f->cfa == cfa)) {
      unwind_to(c, i, now);
      close_frame(c, f, now);
      FLUID_BARRIER();
      c->depth = i - 1;
      return;
    }
    i--;
  }
  c->events.orphan_exits++;
}

#ifdef FLUID_RT_HOSTED
/* A C++ exception is being caught by a function whose frame lies just above
 * `slot`: frames at or below it were skipped by the unwinder (functions
 * without cleanups run no exit hook) and are closed now, at the catch.
 * Waiting for the next hook is not enough when the catcher is not
 * instrumented (libstdc++ catching what a stream's underflow() threw): the
 * code it returns to may first push inlined frames (cfa 0), which would
 * nest on the stale frames, be closed with them at the next real call, and
 * leave their exit hooks orphaned. */
FLUID_NO_INSTRUMENT void __fluid_caught_above(uintptr_t slot) {
  struct fluid_context *c = FLUID_CONTEXT();
  uint32_t d = c->depth;
  if (c->capacity == 0 || d <= 1)
    return;
  uint64_t now = fluid_rdtsc();
  if (d > c->capacity) {
    /* Untracked (overflowed) frames are stale too only if the last stored
     * frame is. */
    if (!overflow_unwound(c, slot))
      return;
    d = c->depth;
  }
  unwind_to(c, stale_below(c, d, slot), now);
}
#endif

void FLUID_NO_INSTRUMENT __fluid_fold(struct fluid_record *r, uint64_t calls) {
  struct fluid_context *c = FLUID_CONTEXT();
  if (c->capacity == 0)
    return; /* no context: the enter hook counted the overflow */
  fluid_add(&counters_of(c, r)->calls, calls, &c->events);
  FLUID_CTX_FOLD(c, r, calls);
  struct fluid_edge *e = context_edge(c, r, r);
  if (e)
    fluid_add(&e->calls, calls, &c->events);
}

/* An interrupt (or signal) handler's frames nest above a barrier: they are
 * never taken for stale frames, and the time between the brackets is
 * charged to the interrupted function as a callee's, not as its own. */
void FLUID_NO_INSTRUMENT __fluid_irq_enter(void) {
  struct fluid_context *c = FLUID_CONTEXT();
  c->events.interrupt_nests++;
  uint32_t d = c->depth;
  if (d >= c->capacity) {
    if (c->capacity) { /* counted as an overflow frame */
      c->depth = d + 1;
      c->events.stack_overflows++;
    }
    return;
  }
  c->depth = d + 1;
  FLUID_BARRIER();
  struct fluid_frame *f = &c->frames[d];
  f->record = 0;
  f->cfa = FLUID_BARRIER_CFA;
  f->child_cycles = 0;
  f->probe_debt = 0;
  FLUID_CTX_BARRIER(f);
  f->start = fluid_rdtsc();
}

void FLUID_NO_INSTRUMENT __fluid_irq_exit(void) {
  struct fluid_context *c = FLUID_CONTEXT();
  uint32_t d = c->depth;
  if (c->capacity == 0 || d <= 1)
    return;
  if (d > c->capacity) {
    c->depth = d - 1;
    return;
  }
  uint64_t now = fluid_rdtsc();
  /* Handler frames still above the barrier never returned: close them. */
  uint32_t i = stale_below(c, d, UINTPTR_MAX);
  if (i <= 1)
    return;
  unwind_to(c, i, now);
  struct fluid_frame *barrier = &c->frames[i - 1];
  fluid_charge_barrier(barrier, fluid_elapsed(&c->events, barrier->start, now));
  c->depth = i - 1;
}

uint32_t FLUID_NO_INSTRUMENT __fluid_depth(void) {
  uint32_t d = FLUID_CONTEXT()->depth;
  return d ? d - 1 : 0;
}

const struct fluid_events *FLUID_NO_INSTRUMENT __fluid_events(void) {
  return &FLUID_CONTEXT()->events;
}

#ifndef FLUID_RT_HOSTED
/* Freestanding: one static context. The edge table starts one slot into
 * its array: slot 0 is what a record's empty edge cache names. */
static struct fluid_frame main_frames[FLUID_STACK_FRAMES];
struct fluid_edge __fluid_edge_slots[FLUID_EDGE_SLOTS + 1];

FLUID_NO_INSTRUMENT struct fluid_context *__fluid_context_create(void) {
  __fluid_context_init(FLUID_CONTEXT(), main_frames, FLUID_STACK_FRAMES,
                       __fluid_edge_slots + 1, FLUID_EDGE_SLOTS);
  return FLUID_CONTEXT();
}
#endif

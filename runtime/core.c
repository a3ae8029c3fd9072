/* core.c - the entry/exit hooks: shadow stack, self and inclusive cycles, edges.
 *
 * Each call pushes a frame {record, cfa, start, child_cycles, probe_debt}; its
 * exit pops it and charges the record: inclusive = raw cycles minus the
 * probes' own cost (its hooks' share inside the window, plus every hook
 * of every descendant), self = inclusive minus its callees' inclusive. The frame is identified by
 * `cfa`, the address of the function's return-address slot, which is fixed
 * for the frame's lifetime and lower for deeper frames. That identity lets
 * the runtime recover when frames vanish without their exit hook (longjmp,
 * C++ unwinding through frames without cleanups): a new entry at or above a
 * stale frame, or an exit that matches a frame further down, closes the stale
 * frames at the current time and counts them as unwound.
 *
 * The hot paths touch the context, the top two frames and the record's cache
 * line; everything else (first use, overflow, mismatches, edge-table misses)
 * sits in separate non-inlined functions. Calibration runs once, on first use.
 */
#include "internal.h"

struct fluid_probe_cost __fluid_probe;

#ifdef FLUID_RT_HOSTED
FLUID_THREAD_LOCAL struct fluid_context __fluid_thread_context;
#define CURRENT_CONTEXT() (&__fluid_thread_context)
#else
static struct fluid_context main_context;
#define CURRENT_CONTEXT() (&main_context)
#endif

static struct fluid_record calibration_record;
static int calibrated;

/* Where a record's counters live for this context. */
struct fluid_counter_ref {
  struct fluid_counters *counters;
  struct fluid_edge **last_edge;
};

#ifdef FLUID_RT_HOSTED
static FLUID_NO_INSTRUMENT FLUID_NOINLINE struct fluid_counter_ref
slot_insert(struct fluid_context *c, struct fluid_record *r) {
  uint32_t mask = FLUID_COUNTER_SLOTS - 1;
  uint32_t i = (uint32_t)((uintptr_t)r >> 6) & mask;
  for (uint32_t probes = 0; probes < FLUID_COUNTER_SLOTS; probes++) {
    struct fluid_slot *s = &c->slots[(i + probes) & mask];
    if (s->record == r)
      return (struct fluid_counter_ref){&s->counters, &s->last_edge};
    if (!s->record) {
      s->record = r;
      s->counters.min_cycles = UINT64_MAX;
      return (struct fluid_counter_ref){&s->counters, &s->last_edge};
    }
  }
  c->events.dropped_slots++;
  return (struct fluid_counter_ref){0, 0};
}

/* Records are 64-byte aligned and contiguous, so record>>6 indexes the
 * table with almost no collisions: one load and compare per lookup. */
static inline FLUID_NO_INSTRUMENT struct fluid_counter_ref
counters_of(struct fluid_context *c, struct fluid_record *r) {
  struct fluid_slot *s =
      &c->slots[(uint32_t)((uintptr_t)r >> 6) & (FLUID_COUNTER_SLOTS - 1)];
  if (FLUID_LIKELY(s->record == r))
    return (struct fluid_counter_ref){&s->counters, &s->last_edge};
  return slot_insert(c, r);
}
#else
static inline FLUID_NO_INSTRUMENT struct fluid_counter_ref
counters_of(struct fluid_context *c, struct fluid_record *r) {
  (void)c;
  return (struct fluid_counter_ref){&r->counters, &r->last_edge};
}
#endif

FLUID_NO_INSTRUMENT struct fluid_edge *
__fluid_edge_find(struct fluid_edge_table *t, struct fluid_record *caller,
                  struct fluid_record *callee, struct fluid_events *events) {
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
  events->dropped_edges++;
  return 0;
}

static FLUID_NO_INSTRUMENT FLUID_NOINLINE struct fluid_edge *
edge_miss(struct fluid_context *c, struct fluid_edge **cache,
          struct fluid_record *caller, struct fluid_record *callee) {
  struct fluid_edge *e = __fluid_edge_find(&c->edges, caller, callee, &c->events);
  *cache = e;
  return e;
}

/* Charge a finished frame (returned or unwound) to its record and parent. */
static inline FLUID_NO_INSTRUMENT void close_frame(struct fluid_context *c,
                                                   struct fluid_frame *f,
                                                   uint64_t now) {
  uint64_t raw = now - f->start;
  uint64_t probes = __fluid_probe.inner + f->probe_debt;
  uint64_t inclusive = raw > probes ? raw - probes : 0;
  uint64_t self = inclusive > f->child_cycles ? inclusive - f->child_cycles : 0;
  struct fluid_frame *parent = f - 1;
  parent->child_cycles += inclusive;
  parent->probe_debt += f->probe_debt + __fluid_probe.inner + __fluid_probe.outer;

  struct fluid_counter_ref ref = counters_of(c, f->record);
  if (FLUID_UNLIKELY(!ref.counters))
    return;
  struct fluid_counters *k = ref.counters;
  fluid_add(&k->self_cycles, self, &c->events);
  fluid_add(&k->total_cycles, inclusive, &c->events);
  if (inclusive < k->min_cycles)
    k->min_cycles = inclusive;
  if (inclusive > k->max_cycles)
    k->max_cycles = inclusive;

  if (!parent->record)
    return; /* called from a root or an interrupt barrier */
  struct fluid_edge *e = *ref.last_edge;
  if (FLUID_UNLIKELY(!e || e->caller != parent->record)) {
    e = edge_miss(c, ref.last_edge, parent->record, f->record);
    if (!e)
      return;
  }
  fluid_add(&e->calls, 1, &c->events);
  fluid_add(&e->cycles, inclusive, &c->events);
}

/* Close frames above `keep` (exclusive) as unwound. */
static FLUID_NO_INSTRUMENT void unwind_to(struct fluid_context *c, uint32_t keep,
                                          uint64_t now) {
  uint32_t top = c->depth < c->capacity ? c->depth : c->capacity;
  while (top > keep) {
    top--;
    close_frame(c, &c->frames[top], now);
    c->events.unwound_frames++;
  }
  c->depth = keep;
}

FLUID_NO_INSTRUMENT void __fluid_context_init(struct fluid_context *c,
                                              struct fluid_frame *frames,
                                              uint32_t capacity,
                                              struct fluid_edge *edge_slots,
                                              uint32_t edge_count) {
  c->frames = frames;
  c->frames[0].record = 0;
  c->frames[0].cfa = FLUID_BARRIER_CFA;
  c->edges.slots = edge_slots;
  c->edges.mask = edge_count - 1;
  c->depth = 1;
  FLUID_BARRIER();
  c->capacity = capacity;
}

/* Probe cost, measured with the real hooks on a private record. The frames
 * sit on top of the context's barrier, so they create no edge. */
static FLUID_NO_INSTRUMENT void calibrate(void) {
  enum { Rounds = 8, Pairs = 64 };
  void *fake_cfa = (void *)(uintptr_t)64;
  uint64_t best_pair = UINT64_MAX;
  calibration_record.counters.min_cycles = UINT64_MAX;
  for (int round = 0; round < Rounds; round++) {
    uint64_t start = fluid_rdtsc();
    for (int i = 0; i < Pairs; i++) {
      __fluid_enter(&calibration_record, fake_cfa);
      __fluid_exit(&calibration_record, fake_cfa);
    }
    uint64_t per_pair = (fluid_rdtsc() - start) / Pairs;
    if (per_pair < best_pair)
      best_pair = per_pair;
  }
  struct fluid_counter_ref ref =
      counters_of(CURRENT_CONTEXT(), &calibration_record);
  uint64_t inner = ref.counters ? ref.counters->min_cycles : 0;
  if (inner == UINT64_MAX || inner > best_pair)
    inner = best_pair;
  __fluid_probe.inner = inner;
  __fluid_probe.outer = best_pair - inner;
}

static FLUID_NO_INSTRUMENT FLUID_NOINLINE void
enter_slow(struct fluid_context *c, struct fluid_record *r, uintptr_t cfa) {
  if (c->capacity == 0) {
    struct fluid_context *created = __fluid_context_create();
    if (!created) {
      c->events.stack_overflows++;
      return;
    }
    if (!__atomic_exchange_n(&calibrated, 1, __ATOMIC_ACQ_REL))
      calibrate();
    __fluid_enter(r, (void *)cfa);
    return;
  }
  /* Deeper than the shadow stack. If the caller is at or above the last
   * stored frame, the untracked frames between were skipped by unwinding. */
  struct fluid_frame *last = &c->frames[c->capacity - 1];
  if (cfa && last->record && last->cfa <= cfa) {
    c->events.unwound_frames += c->depth - c->capacity;
    c->depth = c->capacity;
    __fluid_enter(r, (void *)cfa);
    return;
  }
  c->depth++;
  c->events.stack_overflows++;
  struct fluid_counter_ref ref = counters_of(c, r);
  if (ref.counters)
    fluid_add(&ref.counters->calls, 1, &c->events);
}

/* The top frame is at or below the new frame: it was left by unwinding. */
static FLUID_NO_INSTRUMENT FLUID_NOINLINE void
resync_enter(struct fluid_context *c, uintptr_t cfa) {
  uint64_t now = fluid_rdtsc();
  uint32_t keep = c->depth;
  while (keep > 1) {
    struct fluid_frame *top = &c->frames[keep - 1];
    /* Only hooks the inliner copied share a frame, and those pass cfa 0:
     * a real frame at or below the new one is stale, whatever its record. */
    if (!top->record || top->cfa > cfa)
      break;
    keep--;
  }
  unwind_to(c, keep, now);
}

void FLUID_NO_INSTRUMENT __fluid_enter(struct fluid_record *r, void *cfa_ptr) {
  struct fluid_context *c = CURRENT_CONTEXT();
  uintptr_t cfa = (uintptr_t)cfa_ptr;
  uint32_t d = c->depth;
  if (FLUID_UNLIKELY(d >= c->capacity)) {
    enter_slow(c, r, cfa);
    return;
  }
  struct fluid_frame *parent = &c->frames[d - 1];
  if (FLUID_UNLIKELY(parent->cfa <= cfa)) {
    resync_enter(c, cfa);
    d = c->depth;
    parent = &c->frames[d - 1];
  }
  /* Reserve the slot before filling it: an interrupt arriving in between
   * pushes above it and restores depth before we continue. */
  c->depth = d + 1;
  FLUID_BARRIER();
  struct fluid_frame *f = parent + 1;
  f->record = r;
  f->cfa = cfa ? cfa : parent->cfa; /* 0: inlined into the parent's frame */
  f->child_cycles = 0;
  f->probe_debt = 0;
  struct fluid_counter_ref ref = counters_of(c, r);
  if (FLUID_LIKELY(ref.counters != 0))
    fluid_add(&ref.counters->calls, 1, &c->events);
  f->start = fluid_rdtsc();
}

static FLUID_NO_INSTRUMENT FLUID_NOINLINE void
exit_slow(struct fluid_context *c, struct fluid_record *r, uintptr_t cfa,
          uint64_t now) {
  uint32_t d = c->depth;
  if (c->capacity == 0 || d <= 1) {
    c->events.orphan_exits++;
    return;
  }
  if (d > c->capacity) {
    /* An untracked (overflowed) frame returns, unless the caller is the last
     * stored frame or above it: then the untracked ones were unwound. */
    struct fluid_frame *last = &c->frames[c->capacity - 1];
    if (!cfa || cfa < last->cfa || !last->record) {
      c->depth = d - 1;
      return;
    }
    c->events.unwound_frames += d - c->capacity;
    c->depth = d = c->capacity;
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
      c->depth = i - 1;
      return;
    }
    i--;
  }
  c->events.orphan_exits++;
}

void FLUID_NO_INSTRUMENT __fluid_exit(struct fluid_record *r, void *cfa_ptr) {
  uint64_t now = fluid_rdtsc();
  struct fluid_context *c = CURRENT_CONTEXT();
  uintptr_t cfa = (uintptr_t)cfa_ptr;
  uint32_t d = c->depth;
  /* Fast only for a stored, non-barrier frame: 2 <= d <= capacity. */
  if (FLUID_UNLIKELY(d - 2u >= c->capacity - 1u || c->capacity == 0)) {
    exit_slow(c, r, cfa, now);
    return;
  }
  struct fluid_frame *f = &c->frames[d - 1];
  if (FLUID_UNLIKELY(f->record != r || (cfa && f->cfa != cfa))) {
    exit_slow(c, r, cfa, now);
    return;
  }
  close_frame(c, f, now);
  FLUID_BARRIER();
  c->depth = d - 1;
}

/* An interrupt (or signal) handler's frames nest above a barrier: they are
 * never taken for stale frames, and the time between the brackets is
 * charged to the interrupted function as a callee's, not as its own. */
void FLUID_NO_INSTRUMENT __fluid_irq_enter(void) {
  struct fluid_context *c = CURRENT_CONTEXT();
  c->events.interrupt_nests++;
  uint32_t d = c->depth;
  if (d >= c->capacity) {
    c->depth = d + (c->capacity != 0); /* counted as an overflow frame */
    if (c->capacity)
      c->events.stack_overflows++;
    return;
  }
  c->depth = d + 1;
  FLUID_BARRIER();
  struct fluid_frame *f = &c->frames[d];
  f->record = 0;
  f->cfa = FLUID_BARRIER_CFA;
  f->child_cycles = 0;
  f->probe_debt = 0;
  f->start = fluid_rdtsc();
}

void FLUID_NO_INSTRUMENT __fluid_irq_exit(void) {
  struct fluid_context *c = CURRENT_CONTEXT();
  uint32_t d = c->depth;
  if (c->capacity == 0 || d <= 1)
    return;
  if (d > c->capacity) {
    c->depth = d - 1;
    return;
  }
  uint64_t now = fluid_rdtsc();
  /* Handler frames still above the barrier never returned: close them. */
  uint32_t i = d;
  while (i > 1 && c->frames[i - 1].record)
    i--;
  if (i <= 1)
    return;
  unwind_to(c, i, now);
  struct fluid_frame *barrier = &c->frames[i - 1];
  uint64_t raw = now - barrier->start;
  barrier[-1].child_cycles += raw > barrier->probe_debt ? raw - barrier->probe_debt : 0;
  barrier[-1].probe_debt += barrier->probe_debt;
  c->depth = i - 1;
}

uint32_t FLUID_NO_INSTRUMENT __fluid_depth(void) {
  uint32_t d = CURRENT_CONTEXT()->depth;
  return d ? d - 1 : 0;
}

const struct fluid_events *FLUID_NO_INSTRUMENT __fluid_events(void) {
  return &CURRENT_CONTEXT()->events;
}

void FLUID_NO_INSTRUMENT __fluid_merge_counters(struct fluid_counters *into,
                                                const struct fluid_counters *from,
                                                struct fluid_events *events) {
  fluid_add(&into->calls, from->calls, events);
  fluid_add(&into->self_cycles, from->self_cycles, events);
  fluid_add(&into->total_cycles, from->total_cycles, events);
  if (from->min_cycles < into->min_cycles)
    into->min_cycles = from->min_cycles;
  if (from->max_cycles > into->max_cycles)
    into->max_cycles = from->max_cycles;
}

#ifndef FLUID_RT_HOSTED
/* Freestanding: one static context. */
static struct fluid_frame main_frames[FLUID_STACK_FRAMES];
static struct fluid_edge main_edges[FLUID_EDGE_SLOTS];

FLUID_NO_INSTRUMENT struct fluid_context *__fluid_context_create(void) {
  __fluid_context_init(&main_context, main_frames, FLUID_STACK_FRAMES,
                       main_edges, FLUID_EDGE_SLOTS);
  return &main_context;
}

FLUID_NO_INSTRUMENT struct fluid_context *__fluid_main_context(void) {
  return &main_context;
}
#endif

/* core.c - the hot path: __fluid_enter and __fluid_exit.
 *
 * Each call pushes a frame {record, cfa, start, child_cycles, probe_debt}; its
 * exit pops it and charges the record: inclusive = raw cycles minus the
 * probes' own cost (its hooks' share inside the window, plus every hook of
 * every descendant), never below its callees' inclusive; self = inclusive
 * minus its callees' inclusive. A recursive function's total and caller
 * edge take each outermost activation once (its open activations are
 * counted on the way in and out). The frame
 * is identified by `cfa`, the address of the function's return-address slot,
 * which is fixed for the frame's lifetime and lower for deeper frames.
 *
 * This file holds only what runs on every call, built for speed: each hook
 * checks that its case is the common one (a stored frame, the expected cfa
 * order, the record's counters and edge at hand, a sane clock difference)
 * and otherwise hands the whole hook to a slow path in core_slow.c by a
 * tail call, so the fast path keeps everything in scratch registers and
 * saves none. The slow paths handle first use, shadow-stack overflow,
 * frames left by longjmp or unwinding (resynchronised by cfa), orphan
 * exits, edge-cache misses and clock differences that are negative or
 * absurd (counted as clock_anomalies, charged as 0).
 */
#include "internal.h"

struct fluid_probe_cost __fluid_probe;

#ifdef FLUID_RT_HOSTED
FLUID_THREAD_LOCAL struct fluid_context __fluid_thread_context;
#elif defined(FLUID_CONTEXTS)
/* The static tree (contexts.c) is the context's from the start. */
extern struct fluid_cnode __fluid_ctx_nodes[FLUID_CONTEXT_NODES] FLUID_HIDDEN;
extern struct fluid_centry __fluid_ctx_entries[2 * FLUID_CONTEXT_NODES]
    FLUID_HIDDEN;
struct fluid_context __fluid_main_context_data = {
    .tree = {__fluid_ctx_entries, 2 * FLUID_CONTEXT_NODES - 1, 0,
             __fluid_ctx_nodes, 0, FLUID_CONTEXT_NODES, 0}};
#else
struct fluid_context __fluid_main_context_data;
#endif

void FLUID_NO_INSTRUMENT __fluid_enter(struct fluid_record *r, void *cfa_ptr) {
  struct fluid_context *c = FLUID_CONTEXT();
  uintptr_t cfa = (uintptr_t)cfa_ptr;
  uint32_t d = c->depth;
  if (FLUID_UNLIKELY(d >= c->capacity)) {
    __fluid_enter_slow(r, cfa);
    return;
  }
  /* A new frame lies below its parent's; anything else is stale frames. */
  uintptr_t parent_cfa = c->frames[d - 1].cfa;
  if (FLUID_UNLIKELY(parent_cfa <= cfa)) {
    __fluid_enter_slow(r, cfa);
    return;
  }
#ifdef FLUID_RT_HOSTED
  struct fluid_slot *s = FLUID_HOME_SLOT(c, r);
  if (FLUID_UNLIKELY(s->record != r)) {
    __fluid_enter_slow(r, cfa);
    return;
  }
  struct fluid_counters *counters = &s->counters;
  uint32_t *active = &s->active;
#else
  /* The hosted runtime finds an untimed record in its slow path: no home
   * slot is ever given to one. */
  if (FLUID_UNLIKELY(r->last_edge_offset == FLUID_RECORD_UNTIMED)) {
    __fluid_enter_slow(r, cfa);
    return;
  }
  struct fluid_counters *counters = &r->counters;
  uint32_t *active = &r->active;
#endif
#ifdef FLUID_CONTEXTS
  /* The calling context: the entry (parent node, r) in its home slot, or
   * the slow path (a new path, a collision) finds or makes it. */
  struct fluid_cnode *parent = c->frames[d - 1].node;
  struct fluid_centry *e =
      &c->tree.entries[FLUID_CTX_HASH(parent, r) & c->tree.mask];
  if (FLUID_UNLIKELY(e->record != r || e->parent != parent)) {
    __fluid_enter_slow(r, cfa);
    return;
  }
  fluid_push_frame_at(c, d, r, cfa, parent_cfa, counters, active, e->node);
#else
  fluid_push_frame(c, d, r, cfa, parent_cfa, counters, active);
#endif
}

void FLUID_NO_INSTRUMENT __fluid_exit(struct fluid_record *r, void *cfa_ptr) {
  uint64_t now = fluid_rdtsc();
  struct fluid_context *c = FLUID_CONTEXT();
  uintptr_t cfa = (uintptr_t)cfa_ptr;
  uint32_t d = c->depth;
  /* Fast only for a stored, non-barrier frame: 2 <= d <= capacity. */
  if (FLUID_UNLIKELY(d - 2u >= c->exit_limit)) {
    __fluid_exit_slow(r, cfa, now);
    return;
  }
  /* The top frame must be this function's (cfa 0: a copy the inliner made).
   * Its counters and edge cache are reached from `r` itself, not through
   * the frame: the frame's address waits for the depth load, and the chain
   * of dependent loads before the next rdtsc is what a hook costs. */
  struct fluid_frame *f = &c->frames[d - 1];
#ifdef FLUID_RT_HOSTED
  struct fluid_slot *home = FLUID_HOME_SLOT(c, r);
  if (FLUID_UNLIKELY(f->record != r || home->record != r)) {
#else
  struct fluid_record *home = r;
  if (FLUID_UNLIKELY(f->record != r)) {
#endif
    __fluid_exit_slow(r, cfa, now);
    return;
  }
  if (FLUID_UNLIKELY(f->cfa != cfa) && cfa) {
    __fluid_exit_slow(r, cfa, now);
    return;
  }
  /* A negative or absurd window (the thread moved to a core whose clock is
   * behind, a clock that jumped) is rare: the slow path counts it and
   * charges 0. One shift and branch here. */
  uint64_t raw = now - f->start;
  if (FLUID_UNLIKELY(FLUID_ABSURD(raw))) {
    __fluid_exit_slow(r, cfa, now);
    return;
  }
  /* Loaded before the counter stores, which the compiler cannot tell apart
   * from it. */
  struct fluid_edge *e = FLUID_CACHED_EDGE(home);
  uint64_t inclusive =
      fluid_charge_frame(&c->events, f, raw, &home->counters, &home->active);
  struct fluid_record *caller = f[-1].record;
  if (caller) { /* not called from a root or an interrupt barrier */
    if (FLUID_UNLIKELY(FLUID_EDGE_MISS(e, caller))) {
      __fluid_exit_edge_miss(c, f, d, inclusive);
      return;
    }
    fluid_charge_edge(c, e, inclusive);
  }
  FLUID_BARRIER();
  c->depth = d - 1;
}

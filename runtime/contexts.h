/* contexts.h - the calling-context tree: its types and the hooks' share.
 *
 * Built only into the contexts variants of the runtime (FLUID_CONTEXTS:
 * libfluid_rt_<arch>_contexts.a, libfluid_rt_hosted_contexts.so, linked by
 * fluid-cc --fluid-contexts). Every shadow-stack frame carries its node: the
 * node of (the parent frame's node, the frame's record). A frame above a
 * barrier (the stack's bottom, an interrupt or signal) has the parent NULL:
 * a root. Nodes are appended to an array, so a parent always comes before
 * its children, and never move; an open-addressing table of entries
 * (parent, record) -> node finds them. The enter hook probes the entry's
 * home slot inline; anything else (a collision, a new path) goes to the
 * slow path, __fluid_ctx_find.
 *
 * Recursion folds: a call whose record already has a node on the path from
 * the root to its parent is charged to that ancestor node, and the table
 * remembers (parent, record) -> ancestor like any other entry, so a
 * function appears at most once on a root path. A node's total_cycles take
 * what the function's take (its outermost activations), so the sum over a
 * function's nodes equals the function's own figures.
 *
 * A call whose node cannot be created (the freestanding array is full, or
 * its parent's call could not have one either) gets the marker node
 * FLUID_CTX_DROPPED and is counted in events.dropped_contexts; when it
 * returns its inclusive cycles become its parent node's self cycles.
 */
#ifndef FLUID_CONTEXTS_H
#define FLUID_CONTEXTS_H

#include "fluid_rt.h"
#include "port.h"

struct fluid_cnode {
  struct fluid_cnode *parent; /* NULL: a root */
  struct fluid_record *record; /* NULL until the node is filled in */
  uint64_t calls;
  uint64_t self_cycles;
  uint64_t total_cycles;
};

/* (parent, record) -> node; empty when record is NULL. */
struct fluid_centry {
  struct fluid_cnode *parent;
  struct fluid_record *record;
  struct fluid_cnode *node;
};

struct fluid_ctree {
  struct fluid_centry *entries;
  uint32_t mask;       /* entries - 1 (a power of two) */
  uint32_t used;       /* entries in use */
  struct fluid_cnode *nodes;
  uint32_t count;      /* nodes in use */
  uint32_t capacity;   /* nodes the array holds */
  int grows;           /* hosted: the entry table doubles when full */
};

#ifndef FLUID_CONTEXT_NODES
#define FLUID_CONTEXT_NODES 4096 /* freestanding; a power of two */
#endif

/* Calls without a node of their own point here; its counts are never read. */
extern struct fluid_cnode __fluid_ctx_dropped FLUID_HIDDEN;
#define FLUID_CTX_DROPPED (&__fluid_ctx_dropped)

/* An entry's home slot: parents are array elements (their low bits vary),
 * records 64-byte aligned and contiguous. */
#define FLUID_CTX_HASH(parent, record)                                         \
  ((uint32_t)(((uintptr_t)(parent) >> 3) * 0x9E3779B1u) ^                      \
   (uint32_t)((uintptr_t)(record) >> 6))

/* The node of (parent, r), created (or folded) if new; FLUID_CTX_DROPPED
 * (counted in `events`) when it cannot be. */
struct fluid_cnode *__fluid_ctx_find(struct fluid_ctree *t,
                                     struct fluid_cnode *parent,
                                     struct fluid_record *r,
                                     struct fluid_events *events) FLUID_HIDDEN;
/* Forget every node (the calibration's, before the program's first). */
void __fluid_ctx_clear(struct fluid_ctree *t) FLUID_HIDDEN;

#ifdef FLUID_RT_HOSTED
/* contexts.c, for the hosted snapshots (hosted_threads.c says when). */
void __fluid_ctx_merge(struct fluid_ctree *into, const struct fluid_ctree *from,
                       uint32_t count,
                       struct fluid_record *(*map)(struct fluid_record *, void *),
                       void *state, struct fluid_cnode **xlat,
                       struct fluid_events *events) FLUID_HIDDEN;
void __fluid_ctx_zero(struct fluid_ctree *t) FLUID_HIDDEN;
void __fluid_ctx_retarget(struct fluid_ctree *t, struct fluid_record *start,
                          struct fluid_record *stop,
                          struct fluid_record *copies) FLUID_HIDDEN;
/* hosted_threads.c: a growing tree's memory; 0 when it cannot be mapped. Grow
 * doubles the entry table (signals blocked meanwhile). */
int __fluid_ctx_map(struct fluid_ctree *t) FLUID_HIDDEN;
void __fluid_ctx_unmap(struct fluid_ctree *t) FLUID_HIDDEN;
int __fluid_ctx_grow(struct fluid_ctree *t) FLUID_HIDDEN;
#endif

/* Charge a returning frame's node as fluid_charge_frame charges its
 * function: `self` and `outermost` are the function's. A dropped call's
 * inclusive cycles go to its parent node's self (none: a dropped root). */
static inline FLUID_NO_INSTRUMENT void
fluid_ctx_charge(struct fluid_cnode *n, struct fluid_cnode *parent,
                 uint64_t inclusive, uint64_t self, uint64_t outermost,
                 struct fluid_events *events) {
  if (FLUID_UNLIKELY(n == FLUID_CTX_DROPPED)) {
    if (parent && parent != FLUID_CTX_DROPPED) {
      uint64_t *s = &parent->self_cycles;
      if (__builtin_add_overflow(*s, inclusive, s)) {
        *s = UINT64_MAX;
        events->saturations++;
      }
    }
    return;
  }
  uint64_t *total = &n->total_cycles, *own = &n->self_cycles;
  if (FLUID_UNLIKELY(__builtin_add_overflow(*total, outermost, total))) {
    *total = UINT64_MAX;
    events->saturations++;
  }
#ifdef FLUID_RT_HOSTED
  FLUID_BARRIER();
#endif
  if (FLUID_UNLIKELY(__builtin_add_overflow(*own, self, own))) {
    *own = UINT64_MAX;
    events->saturations++;
  }
}

/* Export (export.c includes contexts_export.h): the tree to write and how a
 * node's record becomes its index in the profile's functions[]. */
struct fluid_ctx_export {
  const struct fluid_ctree *tree;
  uint64_t (*function_index)(const struct fluid_record *r, const void *state);
  const void *state;
  uint64_t capacity; /* written as context_capacity; 0: none (hosted) */
};
extern FLUID_THREAD_LOCAL const struct fluid_ctx_export *__fluid_ctx_exporting
    FLUID_HIDDEN;

#endif /* FLUID_CONTEXTS_H */

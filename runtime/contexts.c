/* contexts.c - the calling-context tree's slow path: find, fold or make a node.
 *
 * Built only into the contexts variants (FLUID_CONTEXTS; contexts.h says
 * how the tree works). The enter hook finds a known context in the entry
 * table's home slot itself; this file handles the rest: a probe past a
 * collision, a recursive call folded into its ancestor's node, a new node,
 * and a full tree (the call is dropped: FLUID_CTX_DROPPED). The
 * freestanding tree is static, FLUID_CONTEXT_NODES nodes and twice as many
 * entries; the hosted one (hosted_threads.c maps it) grows.
 */
#include "internal.h"

struct fluid_cnode __fluid_ctx_dropped;

#ifndef FLUID_RT_HOSTED
/* Freestanding: one static tree (core.c points the context at it). */
_Static_assert((FLUID_CONTEXT_NODES & (FLUID_CONTEXT_NODES - 1)) == 0,
               "FLUID_CONTEXT_NODES is a power of two");
struct fluid_cnode __fluid_ctx_nodes[FLUID_CONTEXT_NODES];
struct fluid_centry __fluid_ctx_entries[2 * FLUID_CONTEXT_NODES];
#endif

/* The ancestor of `parent` (itself included) whose record is r: a
 * recursive call's node. NULL when r is not on the path. */
static FLUID_NO_INSTRUMENT struct fluid_cnode *
fold_target(struct fluid_cnode *parent, struct fluid_record *r) {
  for (; parent; parent = parent->parent)
    if (parent->record == r)
      return parent;
  return 0;
}

/* A new node, NULL when the array is full. Reserved before it is filled:
 * an interrupt arriving in between takes the next one. */
static FLUID_NO_INSTRUMENT struct fluid_cnode *
new_node(struct fluid_ctree *t, struct fluid_cnode *parent,
         struct fluid_record *r) {
  uint32_t i = t->count;
  if (i >= t->capacity)
    return 0;
  t->count = i + 1;
  FLUID_BARRIER();
  struct fluid_cnode *n = &t->nodes[i];
  n->parent = parent;
  FLUID_BARRIER();
  n->record = r; /* last: a hosted snapshot reads a node once filled */
  return n;
}

/* The slot holding (parent, r), or the empty one where it goes. */
static FLUID_NO_INSTRUMENT struct fluid_centry *
probe(struct fluid_ctree *t, struct fluid_cnode *parent,
      struct fluid_record *r) {
  uint32_t i = FLUID_CTX_HASH(parent, r);
  for (;; i++) {
    struct fluid_centry *e = &t->entries[i & t->mask];
    if (!e->record || (e->record == r && e->parent == parent))
      return e; /* never full: see below */
  }
}

FLUID_NO_INSTRUMENT struct fluid_cnode *
__fluid_ctx_find(struct fluid_ctree *t, struct fluid_cnode *parent,
                 struct fluid_record *r, struct fluid_events *events) {
  if (parent == FLUID_CTX_DROPPED || !t->capacity) {
    events->dropped_contexts++;
    return FLUID_CTX_DROPPED;
  }
  struct fluid_centry *e = probe(t, parent, r);
  if (e->record)
    return e->node;
  struct fluid_cnode *n = fold_target(parent, r);
  /* A quarter of the entries stays free, so probes stay short and end. */
  if (t->used >= t->mask - t->mask / 4) {
#ifdef FLUID_RT_HOSTED
    if (t->grows && __fluid_ctx_grow(t))
      return __fluid_ctx_find(t, parent, r, events);
#endif
    if (n)
      return n; /* a fold needs no entry: found again next time */
    events->dropped_contexts++;
    return FLUID_CTX_DROPPED;
  }
  if (!n && !(n = new_node(t, parent, r))) {
    events->dropped_contexts++;
    return FLUID_CTX_DROPPED;
  }
  t->used++;
  e->parent = parent;
  e->node = n;
  FLUID_BARRIER();
  e->record = r; /* last: the hooks match on it */
  return n;
}

FLUID_NO_INSTRUMENT void __fluid_ctx_clear(struct fluid_ctree *t) {
  for (uint32_t i = 0; t->entries && i <= t->mask; i++)
    t->entries[i].record = 0;
  for (uint32_t i = 0; i < t->count; i++) {
    struct fluid_cnode *n = &t->nodes[i];
    n->record = 0;
    n->calls = n->self_cycles = n->total_cycles = 0;
  }
  t->used = t->count = 0;
}

#ifdef FLUID_RT_HOSTED
/* Adds the first `count` nodes of `from` (a thread's tree, which may be
 * growing meanwhile: nodes not yet filled in are skipped) to `into` by
 * path, their records renamed by `map` (NULL: the node and its subtree are
 * counted nowhere). xlat[i] receives the node i became (NULL: none). A
 * merged path may meet its function twice (two objects' copies of one
 * function): it folds as the hooks fold. */
FLUID_NO_INSTRUMENT void
__fluid_ctx_merge(struct fluid_ctree *into, const struct fluid_ctree *from,
                  uint32_t count,
                  struct fluid_record *(*map)(struct fluid_record *, void *),
                  void *state, struct fluid_cnode **xlat,
                  struct fluid_events *events) {
  for (uint32_t i = 0; i < count; i++) {
    const struct fluid_cnode *n = &from->nodes[i];
    struct fluid_record *r = __atomic_load_n(&n->record, __ATOMIC_ACQUIRE);
    struct fluid_cnode *parent = 0, *m = 0;
    xlat[i] = 0;
    if (!r || !n->calls)
      continue;
    if (n->parent) {
      parent = xlat[n->parent - from->nodes];
      if (!parent)
        continue;
    }
    if (!(r = map(r, state)) ||
        (m = __fluid_ctx_find(into, parent, r, events)) == FLUID_CTX_DROPPED)
      continue;
    fluid_add(&m->calls, n->calls, events);
    /* Self before total, as the hooks store them the other way round. */
    fluid_add(&m->self_cycles, n->self_cycles, events);
    FLUID_BARRIER();
    fluid_add(&m->total_cycles, n->total_cycles, events);
    xlat[i] = m;
  }
}

/* Zero every node's counts (their paths stay). */
FLUID_NO_INSTRUMENT void __fluid_ctx_zero(struct fluid_ctree *t) {
  for (uint32_t i = 0; i < t->count; i++)
    t->nodes[i].calls = t->nodes[i].self_cycles = t->nodes[i].total_cycles = 0;
}

/* Records of [start, stop) are about to be unmapped: nodes and entries name
 * their copies from now on (as __fluid_edges_retarget does for edges). */
FLUID_NO_INSTRUMENT void __fluid_ctx_retarget(struct fluid_ctree *t,
                                              struct fluid_record *start,
                                              struct fluid_record *stop,
                                              struct fluid_record *copies) {
  for (uint32_t i = 0; t->entries && i <= t->mask; i++)
    fluid_rename_retired(&t->entries[i].record, start, stop, copies);
  for (uint32_t i = 0; i < t->count; i++)
    fluid_rename_retired(&t->nodes[i].record, start, stop, copies);
}
#endif

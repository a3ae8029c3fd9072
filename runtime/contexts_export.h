/* contexts_export.h - the contexts variant's part of a profile: the tree.
 *
 * Included by export.c (FLUID_CONTEXTS only), after its writer, so that the
 * tree goes through the same formatter and CRC:
 *
 *   "context_capacity":N,          freestanding only: FLUID_CONTEXT_NODES
 *   "contexts":[{"parent":P,"function":F,"calls":C,"self_cycles":S,
 *                "total_cycles":T}, ...]
 *
 * P is the parent's index in contexts[] (-1: a root), always below the
 * node's own; F the function's index in functions[] as written. The
 * freestanding tree is the context's own, its functions the section's in
 * order; the hosted writer names a merged tree and its index
 * (__fluid_ctx_exporting, hosted_snapshot.c).
 */
#ifndef FLUID_CONTEXTS_EXPORT_H
#define FLUID_CONTEXTS_EXPORT_H

FLUID_THREAD_LOCAL const struct fluid_ctx_export *__fluid_ctx_exporting;

#ifndef FLUID_RT_HOSTED
extern struct fluid_record __start_fluid_records[]
    __attribute__((weak, visibility("hidden")));

static FLUID_NO_INSTRUMENT uint64_t
section_index(const struct fluid_record *r, const void *state) {
  (void)state;
  return (uint64_t)(uint32_t)(r - __start_fluid_records);
}
#endif

static FLUID_NO_INSTRUMENT void put_contexts(struct writer *w) {
#ifdef FLUID_RT_HOSTED
  const struct fluid_ctx_export *x = __fluid_ctx_exporting;
#else
  struct fluid_ctx_export own = {&FLUID_CONTEXT()->tree, section_index, 0,
                                 FLUID_CONTEXT_NODES};
  const struct fluid_ctx_export *x = &own;
#endif
  put(w, "]");
  if (x && x->capacity)
    putf(w, 0, ",\n\"context_capacity\":%u", &x->capacity);
  put(w, ",\n\"contexts\":[");
  const struct fluid_ctree *t = x ? x->tree : 0;
  for (uint32_t i = 0; t && i < t->count; i++) {
    const struct fluid_cnode *n = &t->nodes[i];
    put(w, i ? ",\n{\"parent\":" : "\n{\"parent\":");
    if (n->parent)
      put_number(w, (uint32_t)(n->parent - t->nodes), 10, 1);
    else
      put(w, "-1");
    uint64_t function = x->function_index(n->record, x->state);
    putf(w, &n->calls,
         ",\"function\":%u,\"calls\":%0,\"self_cycles\":%1,"
         "\"total_cycles\":%2}",
         &function);
  }
}

#endif /* FLUID_CONTEXTS_EXPORT_H */

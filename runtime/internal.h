/* internal.h - state shared by the runtime's core, export and hosted adapter.
 *
 * A context is one execution stream's shadow stack: the kernel has one
 * (interrupts nest on it), a hosted program one per thread. frames[0] is a
 * permanent barrier, so the hot path never tests for an empty stack.
 */
#ifndef FLUID_INTERNAL_H
#define FLUID_INTERNAL_H

#include "fluid_rt.h"
#include "port.h"

#ifndef FLUID_STACK_FRAMES
#define FLUID_STACK_FRAMES 4096
#endif
#ifndef FLUID_EDGE_SLOTS
#define FLUID_EDGE_SLOTS 4096 /* power of two */
#endif
#ifndef FLUID_COUNTER_SLOTS
#define FLUID_COUNTER_SLOTS 16384 /* hosted, per thread; power of two */
#endif

/* cfa of barrier frames: never below a real frame, never equal to one. */
#define FLUID_BARRIER_CFA UINTPTR_MAX

struct fluid_frame {
  struct fluid_record *record; /* NULL for a barrier */
  uintptr_t cfa;               /* return-address slot; 0: inlined frame */
  uint64_t start;
  uint64_t child_cycles; /* inclusive cycles of callees, probes excluded */
  uint64_t probe_debt;   /* cycles spent in descendants' hooks */
};

/* Hosted: a thread's private counters for one record (64 bytes). */
struct fluid_slot {
  struct fluid_record *record;
  struct fluid_counters counters;
  struct fluid_edge *last_edge;
} __attribute__((aligned(64)));

struct fluid_edge_table {
  struct fluid_edge *slots;
  uint32_t mask;
  uint32_t used;
};

struct fluid_context {
  uint32_t depth;    /* frames in use, including the barrier at 0 */
  uint32_t capacity; /* 0 until the context is initialised */
  struct fluid_frame *frames;
  struct fluid_edge_table edges;
  struct fluid_slot *slots; /* hosted only */
  struct fluid_events events;
  struct fluid_context *next_thread; /* hosted list of live threads */
};

/* Probe cost: `inner` is what a function's own hooks add to its measured
 * cycles, `outer` what a call adds to its caller beyond the callee's window. */
struct fluid_probe_cost {
  uint64_t inner;
  uint64_t outer;
};

extern struct fluid_probe_cost __fluid_probe;

static inline FLUID_NO_INSTRUMENT uint64_t fluid_rdtsc(void) {
  uint32_t lo, hi;
  __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
  return ((uint64_t)hi << 32) | lo;
}

/* Saturating add: counts the saturation instead of wrapping. */
static inline FLUID_NO_INSTRUMENT void fluid_add(uint64_t *counter,
                                                 uint64_t amount,
                                                 struct fluid_events *events) {
  uint64_t sum;
  if (FLUID_UNLIKELY(__builtin_add_overflow(*counter, amount, &sum))) {
    sum = UINT64_MAX;
    events->saturations++;
  }
  *counter = sum;
}

/* core.c */
void __fluid_context_init(struct fluid_context *c, struct fluid_frame *frames,
                          uint32_t capacity, struct fluid_edge *edge_slots,
                          uint32_t edge_count);
struct fluid_edge *__fluid_edge_find(struct fluid_edge_table *table,
                                     struct fluid_record *caller,
                                     struct fluid_record *callee,
                                     struct fluid_events *events);
void __fluid_merge_counters(struct fluid_counters *into,
                            const struct fluid_counters *from,
                            struct fluid_events *events);

/* export.c: records come from an iterator so the hosted adapter can hand
 * over several objects' sections; edges from one table. */
typedef struct fluid_record *(*fluid_record_iter)(void *state);
size_t __fluid_export_records(fluid_sink_fn sink, void *sink_context,
                              fluid_record_iter next, void *iter_state,
                              const struct fluid_edge_table *edges,
                              const struct fluid_events *events);

/* Platform glue: the freestanding build provides static storage, the
 * hosted adapter per-thread memory. Called once per context. */
struct fluid_context *__fluid_context_create(void);

#endif /* FLUID_INTERNAL_H */

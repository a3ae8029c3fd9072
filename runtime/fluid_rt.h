/* fluid_rt.h - the interface between instrumented code, the runtime and its host.
 *
 * The fluid-instrument pass emits one `struct fluid_record` per instrumented
 * function into the section `fluid_records` and calls __fluid_enter/__fluid_exit
 * with that record and the address of the function's return-address slot
 * (llvm.addressofreturnaddress), which identifies the live frame exactly.
 * The layout below is an ABI shared with passes/Records.cpp, which builds
 * the records and reads this file's constants: change both together (a
 * static assert here and in Records.cpp, and a test guard each side).
 *
 * A kernel links the freestanding core (libfluid_rt_<arch>.a), calls
 * __fluid_export() with a byte sink when it wants the profile, and brackets
 * interrupt handlers with __fluid_irq_enter/__fluid_irq_exit. A hosted Linux
 * program links libfluid_rt_hosted.so, which writes the profile at exit
 * (and when asked: docs/hosted-runtime.md).
 */
#ifndef FLUID_RT_H
#define FLUID_RT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The runtime is built with hidden visibility; this is its interface. */
#define FLUID_API __attribute__((visibility("default")))

#define FLUID_RECORD_SECTION "fluid_records"
#define FLUID_PROFILE_VERSION 1
/* The type of the ELF note (section .note.fluid) the pass emits once per
 * object, pointing at its records: 'F','L','U','D' read as a little-endian
 * word. The hosted runtime finds every loaded object's records by it;
 * passes/Records.h spells the same value (NoteType). */
#define FLUID_NOTE_TYPE 0x44554c46u

struct fluid_edge;

/* Per-function counters: in the record itself for the freestanding core
 * (one context), in a per-thread table for the hosted runtime. */
struct fluid_counters {
  uint64_t calls;
  uint64_t self_cycles;
  uint64_t total_cycles; /* inclusive: each outermost activation once */
  uint64_t min_cycles; /* UINT64_MAX until the first timed call */
  uint64_t max_cycles;
};

/* One per instrumented function, emitted by the pass (64 bytes, 64-aligned,
 * so the section is an array and records never share a cache line). The
 * last two fields are the freestanding core's working state (the hosted
 * runtime keeps its own per thread); the pass emits them as zero. */
struct fluid_record {
  struct fluid_counters counters;
  uint64_t hash;            /* structural hash of the function's IR */
  const char *names;        /* "<qualified name>\0<source file>\0", or
                             * with the level: see FLUID_LEVEL_MARK */
  uint32_t last_edge_offset; /* cache of the most recent caller edge: its
                              * byte offset in the edge table; 0: none;
                              * FLUID_RECORD_UNTIMED: see below */
  uint32_t active;     /* activations now open: > 1 while it recurses */
} __attribute__((aligned(64)));

/* An untimed function (too small to time, passes/UntimedSize.cpp, or
 * listed by fluid-prof untimed) calls no hook: it adds 1 to its record's
 * `calls` atomically, and its time is its caller's. Its record carries this
 * mark, which no hook ever overwrites, and is exported as untimed. An
 * inline function's record is shared by every object that defines it
 * (comdat) and the linker keeps one object's: where objects decided
 * differently (their front ends emitted it slightly differently), the
 * hooks of a timed copy on an untimed record count the call and leave the
 * time to the caller, so an untimed function never has cycles. */
#define FLUID_RECORD_UNTIMED 0xffffffffu

/* The optimization level of the pipeline that instrumented the function
 * ("O0" .. "Oz"), when the pass knew it, sits between the name and the
 * file behind this mark: "<qualified name>\0\001<level>\0<source file>\0".
 * The record has no free bytes on x86_64, so the level lives in the names;
 * the mark is a byte no source path starts with, so a record written without
 * a level (by hand, or by an older pass) reads as before, and the runtime
 * never reads past the two strings it has. */
#define FLUID_LEVEL_MARK '\001'

_Static_assert(sizeof(struct fluid_record) == 64, "record ABI is 64 bytes");
_Static_assert(offsetof(struct fluid_record, hash) == 40, "record ABI");
_Static_assert(offsetof(struct fluid_record, active) == 52 + sizeof(const char *),
               "record ABI");

/* Caller -> callee pair; cycles are the callee's inclusive cycles on this
 * edge, from its outermost activations only (a recursive call's time is
 * already inside its outer activation), so they never exceed the caller's
 * inclusive cycles. */
struct fluid_edge {
  struct fluid_record *caller;
  struct fluid_record *callee;
  uint64_t calls;
  uint64_t cycles;
};

/* Event counters exported with the profile: each robustness case of the
 * runtime is counted here rather than crashing or being lost silently. */
struct fluid_events {
  uint64_t stack_overflows;  /* calls made deeper than the shadow stack */
  uint64_t unwound_frames;   /* frames left by longjmp or C++ unwinding */
  uint64_t orphan_exits;     /* exits with no matching entry */
  uint64_t saturations;      /* 64-bit counters that hit UINT64_MAX */
  uint64_t interrupt_nests;  /* __fluid_irq_enter calls */
  uint64_t dropped_edges;    /* edges not recorded: edge table full */
  uint64_t dropped_slots;    /* hosted: functions not counted, table full */
  uint64_t threads;          /* hosted: threads that ran instrumented code */
  uint64_t closed_at_exit;   /* hosted: frames still open when the thread or
                              * process ended, closed with their time so far */
  uint64_t clock_anomalies;  /* clock differences that were negative or
                              * absurd (a core's clock behind another's, a
                              * jump): counted here, charged as 0 cycles */
  uint64_t freeze_timeouts;  /* hosted: exits that read threads still in a
                              * hook after the longest wait
                              * (hosted_threads.c) */
  uint64_t dropped_contexts; /* contexts variant: calls without a node of
                              * their own (the tree was full), charged to
                              * their parent's (runtime/contexts.h) */
};

/* The hooks the pass calls. `cfa` is the address of the return-address slot. */
FLUID_API void __fluid_enter(struct fluid_record *record, void *cfa);
FLUID_API void __fluid_exit(struct fluid_record *record, void *cfa);

/* A recursive function too small to time but for its recursion is timed
 * once per outermost call (passes/FoldRecursion.h): before its exit hook it
 * hands over the calls its recursion made, which count as its calls and on
 * its edge to itself. */
FLUID_API void __fluid_fold(struct fluid_record *record, uint64_t calls);

/* Bracket interrupt (or signal) handlers that may run instrumented code:
 * the runtime then never mistakes the interrupted frames for stale ones. */
FLUID_API void __fluid_irq_enter(void);
FLUID_API void __fluid_irq_exit(void);

/* A byte sink receives the framed profile in pieces. */
typedef void (*fluid_sink_fn)(void *sink_context, const char *bytes, size_t length);

/* Clock name written into the profile: "tsc" (default) or "icount". */
FLUID_API void __fluid_set_clock(const char *clock_name);

/* Stream the framed JSON profile: freestanding, of this link's records;
 * hosted, of every instrumented object and thread as of now (frames still
 * open included with their time so far). Returns the number of JSON payload
 * bytes written. */
FLUID_API size_t __fluid_export(fluid_sink_fn sink, void *sink_context);

/* Hosted (libfluid_rt_hosted.so) only. Write the profile now, where it goes
 * at exit ($FLUID_PROFILE_FILE): every thread's counts so far, frames still
 * open included with their time so far. The program's counts are not
 * changed: call it as often as wanted (the last profile written stays).
 * Returns 0, or -1 after a one-line error on stderr. */
FLUID_API int __fluid_write_profile(void);

/* Hosted only. Start every count afresh, as if the program started now
 * (the calling thread's open frames count one call each). Call it while
 * other threads are idle: their open frames keep their start. */
FLUID_API void __fluid_reset_profile(void);

/* Current shadow-stack depth of the calling context (0 when balanced). */
FLUID_API uint32_t __fluid_depth(void);

/* Counted events, for tests and the kernel's own reporting. */
FLUID_API const struct fluid_events *__fluid_events(void);

#ifdef __cplusplus
}
#endif

#endif /* FLUID_RT_H */

/* export.c - stream the profile as framed JSON through a byte sink.
 *
 *   --- FLUID PROFILE BEGIN v1 ---\n
 *   {...JSON...}\n
 *   --- FLUID PROFILE END bytes=N crc32=XXXXXXXX ---\n
 *
 * N and the CRC-32 (IEEE, as zlib) cover the payload: every byte after the
 * BEGIN line up to and including the newline before the END line. A host tool
 * can find the frame in a noisy serial log and prove it arrived whole. The
 * writer buffers 128 bytes at a time and needs no memory besides its stack.
 */
#include "internal.h"

#include <stdarg.h> /* a freestanding header, provided by the compiler */

#ifndef FLUID_RT_TARGET
#define FLUID_RT_TARGET "unknown"
#endif

static const char *clock_name = "tsc";

void FLUID_NO_INSTRUMENT __fluid_set_clock(const char *name) {
  clock_name = name;
}

struct writer {
  fluid_sink_fn sink;
  void *sink_context;
  /* CRC and count of the bytes since the BEGIN line: the payload's when
   * the END line takes them (framing is counted too, no test per byte). */
  uint32_t crc;
  size_t payload_bytes;
  size_t used;
  char buffer[128];
};

static FLUID_NO_INSTRUMENT void flush(struct writer *w) {
  if (w->used)
    w->sink(w->sink_context, w->buffer, w->used);
  w->used = 0;
}

/* CRC-32 a bit at a time: without a table the runtime stays small (at
 * -Oz, 11 ns a byte: a 20 MB hosted profile takes 0.13 s longer than with
 * the nibble table this replaced). */
static FLUID_NO_INSTRUMENT uint32_t crc32_byte(uint32_t crc, uint8_t byte) {
  crc ^= byte;
  for (int bit = 0; bit < 8; bit++)
    crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
  return crc;
}

static FLUID_NO_INSTRUMENT void put_byte(struct writer *w, char c) {
  w->crc = crc32_byte(w->crc, (uint8_t)c);
  w->payload_bytes++;
  w->buffer[w->used++] = c;
  if (w->used == sizeof(w->buffer))
    flush(w);
}

static FLUID_NO_INSTRUMENT void put(struct writer *w, const char *s) {
  while (*s)
    put_byte(w, *s++);
}

/* 64-bit arithmetic here never needs a libgcc helper (__udivdi3,
 * __umoddi3), which a -nostdlib kernel does not have: i386 code built for
 * size calls them for 64-bit division. So i386 divides in two 64/32-bit
 * `divl` steps (each quotient fits in 32 bits). */
static FLUID_NO_INSTRUMENT uint64_t divide(uint64_t v, uint32_t divisor,
                                           uint32_t *remainder) {
#ifdef __i386__
  uint32_t high = (uint32_t)(v >> 32), low;
  uint32_t rest = high % divisor;
  __asm__("divl %4"
          : "=a"(low), "=d"(rest)
          : "a"((uint32_t)v), "d"(rest), "rm"(divisor));
  *remainder = rest;
  return (uint64_t)(high / divisor) << 32 | low;
#else
  *remainder = (uint32_t)(v % divisor);
  return v / divisor;
#endif
}

/* v in base 10 or 16, zero-padded to at least `width` digits: the one
 * number printer (decimal counts, hex hashes and CRC). */
static FLUID_NO_INSTRUMENT void put_number(struct writer *w, uint64_t v,
                                           uint32_t base, int width) {
  char digits[20];
  int n = 0;
  do {
    uint32_t digit;
    v = divide(v, base, &digit);
    digits[n++] = "0123456789abcdef"[digit];
  } while (v || n < width);
  while (n)
    put_byte(w, digits[--n]);
}

/* A JSON string; names come from the compiler but files may hold anything.
 * NULL writes nothing: an optional value left out. */
static FLUID_NO_INSTRUMENT void put_string(struct writer *w, const char *s) {
  if (!s)
    return;
  put_byte(w, '"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c < 0x20) {
      put(w, "\\u00");
      put_number(w, c, 16, 2);
      continue;
    }
    if (c == '"' || c == '\\')
      put_byte(w, '\\');
    put_byte(w, (char)c);
  }
  put_byte(w, '"');
}

/* The profile is written through one small formatter, so each JSON object
 * is one call. %0 to %9, %: and %; are the decimal counts base[0] to base[11]
 * (base: a record's counters, an edge's, the events), read where they lie;
 * the other directives take a pointer each: %s a JSON string (nothing for
 * NULL), %r raw text, %u the decimal uint64_t it points to, %x (%h) the
 * uint64_t it points to as 16 (at least 8) hex digits. Everything else is
 * copied. (Pointers, not 64-bit values: one kind of variadic argument is
 * read in one place, and i386 pushes one word per value, not two.) */
static FLUID_NO_INSTRUMENT void putf(struct writer *w, const uint64_t *base,
                                     const char *format, ...) {
  va_list args;
  va_start(args, format);
  for (const char *p = format; *p; p++) {
    if (*p != '%') {
      put_byte(w, *p);
      continue;
    }
    char directive = *++p;
    const void *arg =
        directive <= ';' ? &base[directive - '0'] : va_arg(args, const void *);
    if (directive == 's')
      put_string(w, arg);
    else if (directive == 'r')
      put(w, arg);
    else if (directive == 'x' || directive == 'h')
      put_number(w, *(const uint64_t *)arg, 16, directive == 'x' ? 16 : 8);
    else
      put_number(w, *(const uint64_t *)arg, 10, 1);
  }
  va_end(args);
}

/* The string after s's NUL. */
static FLUID_NO_INSTRUMENT const char *next_string(const char *s) {
  while (*s++)
    ;
  return s;
}

static FLUID_NO_INSTRUMENT void put_function(struct writer *w,
                                             const struct fluid_record *r,
                                             const char *separator) {
  const struct fluid_counters *k = &r->counters;
  /* min_cycles of a function that never returned is 0, not UINT64_MAX. */
  uint64_t min = k->min_cycles == UINT64_MAX ? 0 : k->min_cycles;
  /* The names: the name, the level if marked, the file (fluid_rt.h). A
   * record without names has an empty name and file. */
  const char *name = r->names ? r->names : "\0";
  const char *file = next_string(name), *level = 0;
  if (*file == FLUID_LEVEL_MARK) {
    level = file + 1;
    file = next_string(level);
  }
  putf(w, &k->calls,
       "%r{\"name\":%s,\"file\":%s,\"hash\":\"%x\",\"calls\":%0,"
       "\"self_cycles\":%1,\"total_cycles\":%2,\"min_cycles\":%u,"
       "\"max_cycles\":%4%r%r%s}",
       separator, name, file, &r->hash, &min,
       r->last_edge_offset == FLUID_RECORD_UNTIMED ? ",\"untimed\":true" : "",
       level ? ",\"level\":" : "", level);
}

static FLUID_NO_INSTRUMENT void put_edges(struct writer *w,
                                          const struct fluid_edge_table *t) {
  const char *separator = "\n";
  put(w, "],\n\"edges\":[");
  for (uint32_t i = 0; t->slots && i <= t->mask; i++) {
    const struct fluid_edge *e = &t->slots[i];
    /* The calibration's edge (core_slow.c) is between nameless records. */
    if (!e->caller || !e->calls || !e->caller->names)
      continue;
    putf(w, &e->calls,
         "%r{\"caller\":%s,\"callee\":%s,\"calls\":%0,\"cycles\":%1}",
         separator, e->caller->names, e->callee->names);
    separator = ",\n";
  }
}

#ifdef FLUID_CONTEXTS
#include "contexts_export.h"
#endif

static FLUID_NO_INSTRUMENT void put_events(struct writer *w,
                                           const struct fluid_events *ev,
                                           uint64_t more_saturations) {
  /* The fields in struct fluid_events order: threads is %7 (and the
   * contexts variant's dropped_contexts %;). */
  _Static_assert(offsetof(struct fluid_events, threads) == 7 * 8 &&
                     offsetof(struct fluid_events, freeze_timeouts) == 10 * 8 &&
                     offsetof(struct fluid_events, dropped_contexts) == 11 * 8,
                 "put_events indexes the events");
  uint64_t saturations = ev->saturations + more_saturations;
  putf(w, &ev->stack_overflows,
       "],\n\"events\":{\"threads\":%7,\"stack_overflows\":%0,"
       "\"unwound_frames\":%1,\"orphan_exits\":%2,\"saturations\":%u,"
       "\"interrupt_nests\":%4,\"dropped_edges\":%5,\"dropped_slots\":%6,"
       "\"closed_at_exit\":%8,\"clock_anomalies\":%9,"
       "\"freeze_timeouts\":%:" FLUID_CTX_EVENTS_FORMAT "}",
       &saturations);
}

/* A total saturates as the counters do. (Not fluid_add: its events are
 * the caller's, const here, and a copy of them could call memcpy, which a
 * freestanding program need not have.) */
static FLUID_NO_INSTRUMENT void add_to_total(uint64_t *total, uint64_t amount,
                                             uint64_t *saturations) {
  if (__builtin_add_overflow(*total, amount, total)) {
    *total = UINT64_MAX;
    ++*saturations;
  }
}

FLUID_NO_INSTRUMENT size_t __fluid_export_records(
    fluid_sink_fn sink, void *sink_context, fluid_record_iter next,
    void *iter_state, const struct fluid_edge_table *edges,
    const struct fluid_events *events) {
  /* Field by field: an aggregate initializer would zero the buffer with a
   * call to memset, which a freestanding program need not have. */
  struct writer w;
  w.sink = sink;
  w.sink_context = sink_context;
  w.used = 0;
  w.payload_bytes = w.crc = 0;
  put(&w, "--- FLUID PROFILE BEGIN v" FLUID_EXPORT_VERSION " ---\n");
  w.crc = 0xffffffffu; /* the payload starts here */
  w.payload_bytes = 0;
  putf(&w, &__fluid_probe.inner,
       "{\"format\":\"fluid-profile\",\"version\":" FLUID_EXPORT_VERSION ","
       "\"producer\":\"fluid-rt 0.1.0\",\"target\":\"" FLUID_RT_TARGET
       "\",\"clock\":%s,\"probe_cost\":{\"inner\":%0,\"outer\":%1},\n"
       "\"functions\":[",
       clock_name);

  /* The build id (FNV-1a over hashes) and totals follow the functions, so
   * one pass over the records suffices. The totals saturate as every
   * counter does (a wrapped sum would be a figure nobody measured), and
   * say so in the events. totals: functions, calls, self cycles, the build
   * id, saturated totals. */
  uint64_t totals[5] = {0, 0, 0, 0xcbf29ce484222325ull, 0};
  for (struct fluid_record *r; (r = next(iter_state));) {
    put_function(&w, r, totals[0] ? ",\n" : "\n");
    totals[3] = (totals[3] ^ r->hash) * 0x100000001b3ull;
    totals[0]++;
    for (int i = 0; i < 2; i++) /* calls and self cycles */
      add_to_total(&totals[1 + i], (&r->counters.calls)[i], &totals[4]);
  }
  put_edges(&w, edges);
  FLUID_PUT_CONTEXTS(&w);
  put_events(&w, events, totals[4]);
  putf(&w, totals,
       ",\n\"totals\":{\"functions\":%0,\"calls\":%1,\"self_cycles\":%2},"
       "\"build_id\":\"%x\"}\n",
       &totals[3]);

  uint64_t end[2] = {w.payload_bytes, ~w.crc}; /* bytes, CRC */
  putf(&w, end, "--- FLUID PROFILE END bytes=%0 crc32=%h ---\n", &end[1]);
  flush(&w);
  return (size_t)end[0];
}

#ifndef FLUID_RT_HOSTED
/* Freestanding: this link's records lie between the linker's bounds. */
extern struct fluid_record __start_fluid_records[]
    __attribute__((weak, visibility("hidden")));
extern struct fluid_record __stop_fluid_records[]
    __attribute__((weak, visibility("hidden")));

static FLUID_NO_INSTRUMENT struct fluid_record *next_in_section(void *state) {
  struct fluid_record **cursor = state;
  if (*cursor >= __stop_fluid_records) /* both bounds NULL without records */
    return 0;
  return (*cursor)++;
}

FLUID_NO_INSTRUMENT size_t __fluid_export(fluid_sink_fn sink, void *sink_context) {
  struct fluid_record *cursor = __start_fluid_records;
  struct fluid_context *c = FLUID_CONTEXT();
  c->events.threads = 1;
  return __fluid_export_records(sink, sink_context, next_in_section, &cursor,
                                &c->edges, &c->events);
}
#endif

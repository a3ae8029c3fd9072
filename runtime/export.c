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
  uint32_t crc;
  int payload; /* bytes are payload (counted, CRC'd) or framing */
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
  if (w->payload) {
    w->crc = crc32_byte(w->crc, (uint8_t)c);
    w->payload_bytes++;
  }
  w->buffer[w->used++] = c;
  if (w->used == sizeof(w->buffer))
    flush(w);
}

static FLUID_NO_INSTRUMENT void put(struct writer *w, const char *s) {
  while (*s)
    put_byte(w, *s++);
}

/* 64-bit arithmetic here never needs a libgcc helper (__udivdi3,
 * __lshrdi3), which a -nostdlib kernel does not have: i386 code built for
 * size calls them for 64-bit division and variable shifts. So hex digits
 * come from constant shifts, and i386 divides by 10 in two 64/32-bit
 * `divl` steps (each quotient fits in 32 bits). */
static FLUID_NO_INSTRUMENT uint64_t divide_by_10(uint64_t v, uint32_t *remainder) {
#ifdef __i386__
  uint32_t high = (uint32_t)(v >> 32), low;
  uint32_t rest = high % 10;
  __asm__("divl %4" : "=a"(low), "=d"(rest) : "a"((uint32_t)v), "d"(rest), "rm"(10u));
  *remainder = rest;
  return (uint64_t)(high / 10) << 32 | low;
#else
  *remainder = (uint32_t)(v % 10);
  return v / 10;
#endif
}

static FLUID_NO_INSTRUMENT void put_u64(struct writer *w, uint64_t v) {
  char digits[20];
  int n = 0;
  do {
    uint32_t digit;
    v = divide_by_10(v, &digit);
    digits[n++] = (char)('0' + digit);
  } while (v);
  while (n)
    put_byte(w, digits[--n]);
}

/* The low `width` hex digits of v. */
static FLUID_NO_INSTRUMENT void put_hex(struct writer *w, uint64_t v, int width) {
  for (int digit = 16; digit-- > 0; v <<= 4)
    if (digit < width)
      put_byte(w, "0123456789abcdef"[v >> 60]);
}

/* A JSON string; names come from the compiler but files may hold anything.
 * NULL writes nothing: an optional value left out. */
static FLUID_NO_INSTRUMENT void put_string(struct writer *w, const char *s) {
  if (!s)
    return;
  put_byte(w, '"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      put_byte(w, '\\');
      put_byte(w, (char)c);
    } else if (c < 0x20) {
      put(w, "\\u00");
      put_hex(w, c, 2);
    } else {
      put_byte(w, (char)c);
    }
  }
  put_byte(w, '"');
}

/* The profile is written through one small formatter, so each JSON object
 * is one call: %s a JSON string (nothing for NULL), %r raw text, %u a decimal uint64_t, %x
 * (%h) a uint64_t as 16 (8) hex digits. Everything else is copied. */
static FLUID_NO_INSTRUMENT void putf(struct writer *w, const char *format, ...) {
  va_list args;
  va_start(args, format);
  for (const char *p = format; *p; p++) {
    if (*p != '%') {
      put_byte(w, *p);
      continue;
    }
    char directive = *++p;
    if (directive == 's')
      put_string(w, va_arg(args, const char *));
    else if (directive == 'r')
      put(w, va_arg(args, const char *));
    else if (directive == 'u')
      put_u64(w, va_arg(args, uint64_t));
    else
      put_hex(w, va_arg(args, uint64_t), directive == 'x' ? 16 : 8);
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
  putf(w,
       "%r{\"name\":%s,\"file\":%s,\"hash\":\"%x\",\"calls\":%u,"
       "\"self_cycles\":%u,\"total_cycles\":%u,\"min_cycles\":%u,"
       "\"max_cycles\":%u%r%r%s}",
       separator, name, file, r->hash, k->calls, k->self_cycles,
       k->total_cycles, min, k->max_cycles,
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
    putf(w, "%r{\"caller\":%s,\"callee\":%s,\"calls\":%u,\"cycles\":%u}",
         separator, e->caller->names, e->callee->names, e->calls, e->cycles);
    separator = ",\n";
  }
}

#ifdef FLUID_CONTEXTS
#include "contexts_export.h"
#endif

static FLUID_NO_INSTRUMENT void put_events(struct writer *w,
                                           const struct fluid_events *ev,
                                           uint64_t more_saturations) {
  putf(w,
       "],\n\"events\":{\"threads\":%u,\"stack_overflows\":%u,"
       "\"unwound_frames\":%u,\"orphan_exits\":%u,\"saturations\":%u,"
       "\"interrupt_nests\":%u,\"dropped_edges\":%u,\"dropped_slots\":%u,"
       "\"closed_at_exit\":%u,\"clock_anomalies\":%u,"
       "\"freeze_timeouts\":%u" FLUID_CTX_EVENTS_FORMAT "}",
       ev->threads, ev->stack_overflows, ev->unwound_frames, ev->orphan_exits,
       ev->saturations + more_saturations, ev->interrupt_nests, ev->dropped_edges,
       ev->dropped_slots, ev->closed_at_exit, ev->clock_anomalies,
       ev->freeze_timeouts FLUID_CTX_EVENTS_ARGS);
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
  w.crc = 0xffffffffu;
  w.payload = 0;
  w.payload_bytes = 0;
  w.used = 0;
  put(&w, "--- FLUID PROFILE BEGIN v" FLUID_EXPORT_VERSION " ---\n");
  w.payload = 1;
  putf(&w,
       "{\"format\":\"fluid-profile\",\"version\":" FLUID_EXPORT_VERSION ","
       "\"producer\":\"fluid-rt 0.1.0\",\"target\":\"" FLUID_RT_TARGET
       "\",\"clock\":%s,\"probe_cost\":{\"inner\":%u,\"outer\":%u},\n"
       "\"functions\":[",
       clock_name, __fluid_probe.inner, __fluid_probe.outer);

  /* The build id (FNV-1a over hashes) and totals follow the functions, so
   * one pass over the records suffices. The totals saturate as every
   * counter does (a wrapped sum would be a figure nobody measured), and
   * say so in the events. */
  uint64_t build_id = 0xcbf29ce484222325ull, functions = 0, calls = 0, self = 0;
  uint64_t totals_saturated = 0;
  for (struct fluid_record *r; (r = next(iter_state));) {
    put_function(&w, r, functions ? ",\n" : "\n");
    build_id = (build_id ^ r->hash) * 0x100000001b3ull;
    functions++;
    add_to_total(&calls, r->counters.calls, &totals_saturated);
    add_to_total(&self, r->counters.self_cycles, &totals_saturated);
  }
  put_edges(&w, edges);
  FLUID_PUT_CONTEXTS(&w);
  put_events(&w, events, totals_saturated);
  putf(&w,
       ",\n\"totals\":{\"functions\":%u,\"calls\":%u,\"self_cycles\":%u},"
       "\"build_id\":\"%x\"}\n",
       functions, calls, self, build_id);

  size_t payload = w.payload_bytes;
  w.payload = 0;
  putf(&w, "--- FLUID PROFILE END bytes=%u crc32=%h ---\n", (uint64_t)payload,
       (uint64_t)~w.crc);
  flush(&w);
  return payload;
}

#ifndef FLUID_RT_HOSTED
/* Freestanding: this link's records lie between the linker's bounds. */
extern struct fluid_record __start_fluid_records[]
    __attribute__((weak, visibility("hidden")));
extern struct fluid_record __stop_fluid_records[]
    __attribute__((weak, visibility("hidden")));

static FLUID_NO_INSTRUMENT struct fluid_record *next_in_section(void *state) {
  struct fluid_record **cursor = state;
  if (!__start_fluid_records || *cursor >= __stop_fluid_records)
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

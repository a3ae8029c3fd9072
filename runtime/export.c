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
  size_t payload_bytes;
  size_t used;
  char buffer[128];
};

static FLUID_NO_INSTRUMENT void flush(struct writer *w) {
  if (w->used)
    w->sink(w->sink_context, w->buffer, w->used);
  w->used = 0;
}

/* CRC-32 a nibble at a time: a 64-byte table keeps the runtime small. */
static FLUID_NO_INSTRUMENT uint32_t crc32_byte(uint32_t crc, uint8_t byte) {
  static const uint32_t table[16] = {
      0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4,
      0x4db26158, 0x5005713c, 0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
      0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c};
  crc ^= byte;
  crc = (crc >> 4) ^ table[crc & 15];
  return (crc >> 4) ^ table[crc & 15];
}

static FLUID_NO_INSTRUMENT void put_byte(struct writer *w, char c, int payload) {
  if (payload) {
    w->crc = crc32_byte(w->crc, (uint8_t)c);
    w->payload_bytes++;
  }
  w->buffer[w->used++] = c;
  if (w->used == sizeof(w->buffer))
    flush(w);
}

static FLUID_NO_INSTRUMENT void put_text(struct writer *w, const char *s,
                                         int payload) {
  while (*s)
    put_byte(w, *s++, payload);
}

#define put(w, s) put_text((w), (s), 1)

static FLUID_NO_INSTRUMENT void put_u64(struct writer *w, uint64_t v, int payload) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n)
    put_byte(w, digits[--n], payload);
}

static FLUID_NO_INSTRUMENT void put_hex(struct writer *w, uint64_t v, int width,
                                        int payload) {
  while (width--)
    put_byte(w, "0123456789abcdef"[(v >> (4 * width)) & 15], payload);
}

/* A JSON string; names come from the compiler but files may hold anything. */
static FLUID_NO_INSTRUMENT void put_string(struct writer *w, const char *s) {
  put_byte(w, '"', 1);
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      put_byte(w, '\\', 1);
      put_byte(w, (char)c, 1);
    } else if (c < 0x20) {
      put(w, "\\u00");
      put_hex(w, c, 2, 1);
    } else {
      put_byte(w, (char)c, 1);
    }
  }
  put_byte(w, '"', 1);
}

static FLUID_NO_INSTRUMENT void put_field(struct writer *w, const char *key,
                                          uint64_t value) {
  put(w, ",\"");
  put(w, key);
  put(w, "\":");
  put_u64(w, value, 1);
}

static FLUID_NO_INSTRUMENT const char *record_file(const struct fluid_record *r) {
  const char *s = r->names;
  if (!s)
    return "";
  while (*s)
    s++;
  return s + 1;
}

static FLUID_NO_INSTRUMENT void put_function(struct writer *w,
                                             const struct fluid_record *r) {
  const struct fluid_counters *k = &r->counters;
  put(w, "{\"name\":");
  put_string(w, r->names);
  put(w, ",\"file\":");
  put_string(w, record_file(r));
  put(w, ",\"hash\":\"");
  put_hex(w, r->hash, 16, 1);
  put(w, "\"");
  put_field(w, "calls", k->calls);
  put_field(w, "self_cycles", k->self_cycles);
  put_field(w, "total_cycles", k->total_cycles);
  put_field(w, "min_cycles", k->min_cycles == UINT64_MAX ? 0 : k->min_cycles);
  put_field(w, "max_cycles", k->max_cycles);
  put(w, "}");
}

static FLUID_NO_INSTRUMENT void put_edges(struct writer *w,
                                          const struct fluid_edge_table *t) {
  int first = 1;
  put(w, "],\n\"edges\":[");
  for (uint32_t i = 0; t->slots && i <= t->mask; i++) {
    const struct fluid_edge *e = &t->slots[i];
    if (!e->caller || !e->calls)
      continue;
    put(w, first ? "\n{\"caller\":" : ",\n{\"caller\":");
    first = 0;
    put_string(w, e->caller->names);
    put(w, ",\"callee\":");
    put_string(w, e->callee->names);
    put_field(w, "calls", e->calls);
    put_field(w, "cycles", e->cycles);
    put(w, "}");
  }
}

static FLUID_NO_INSTRUMENT void put_events(struct writer *w,
                                           const struct fluid_events *ev) {
  put(w, "],\n\"events\":{\"threads\":");
  put_u64(w, ev->threads, 1);
  put_field(w, "stack_overflows", ev->stack_overflows);
  put_field(w, "unwound_frames", ev->unwound_frames);
  put_field(w, "orphan_exits", ev->orphan_exits);
  put_field(w, "saturations", ev->saturations);
  put_field(w, "interrupt_nests", ev->interrupt_nests);
  put_field(w, "dropped_edges", ev->dropped_edges);
  put_field(w, "dropped_slots", ev->dropped_slots);
  put(w, "}");
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
  w.payload_bytes = 0;
  w.used = 0;
  put_text(&w, "--- FLUID PROFILE BEGIN v1 ---\n", 0);
  put(&w, "{\"format\":\"fluid-profile\",\"version\":1,"
          "\"producer\":\"fluid-rt 0.1.0\",\"target\":\"" FLUID_RT_TARGET
          "\",\"clock\":");
  put_string(&w, clock_name);
  put(&w, ",\"probe_cost\":{\"inner\":");
  put_u64(&w, __fluid_probe.inner, 1);
  put_field(&w, "outer", __fluid_probe.outer);
  put(&w, "},\n\"functions\":[");

  /* The build id (FNV-1a over hashes) and totals follow the functions, so
   * one pass over the records suffices. */
  uint64_t build_id = 0xcbf29ce484222325ull, functions = 0, calls = 0, self = 0;
  for (struct fluid_record *r; (r = next(iter_state));) {
    put(&w, functions ? ",\n" : "\n");
    put_function(&w, r);
    build_id = (build_id ^ r->hash) * 0x100000001b3ull;
    functions++;
    calls += r->counters.calls;
    self += r->counters.self_cycles;
  }
  put_edges(&w, edges);
  put_events(&w, events);
  put(&w, ",\n\"totals\":{\"functions\":");
  put_u64(&w, functions, 1);
  put_field(&w, "calls", calls);
  put_field(&w, "self_cycles", self);
  put(&w, "},\"build_id\":\"");
  put_hex(&w, build_id, 16, 1);
  put(&w, "\"}\n");

  size_t payload = w.payload_bytes;
  put_text(&w, "--- FLUID PROFILE END bytes=", 0);
  put_u64(&w, payload, 0);
  put_text(&w, " crc32=", 0);
  put_hex(&w, ~w.crc, 8, 0);
  put_text(&w, " ---\n", 0);
  flush(&w);
  return payload;
}

#ifndef FLUID_RT_HOSTED
/* Freestanding: this link's records lie between the linker's bounds. */
extern struct fluid_record __start_fluid_records[]
    __attribute__((weak, visibility("hidden")));
extern struct fluid_record __stop_fluid_records[]
    __attribute__((weak, visibility("hidden")));

struct fluid_context *__fluid_main_context(void);

static FLUID_NO_INSTRUMENT struct fluid_record *next_in_section(void *state) {
  struct fluid_record **cursor = state;
  if (!__start_fluid_records || *cursor >= __stop_fluid_records)
    return 0;
  return (*cursor)++;
}

FLUID_NO_INSTRUMENT size_t __fluid_export(fluid_sink_fn sink, void *sink_context) {
  struct fluid_record *cursor = __start_fluid_records;
  struct fluid_context *c = __fluid_main_context();
  c->events.threads = 1;
  return __fluid_export_records(sink, sink_context, next_in_section, &cursor,
                                &c->edges, &c->events);
}
#endif

/* logscan.h - the interfaces between logscan's files.
 *
 * logscan summarises a web server's access log: it generates a log
 * (gen.c), splits each line into fields (lex.c), counts requests per path
 * and per client in hash tables (table.c), sorts the busiest (sort.c) and
 * checksums the log and the report (crc.c). Every run prints the same lines.
 */
#ifndef LOGSCAN_H
#define LOGSCAN_H

#include <stddef.h>
#include <stdint.h>

#define FIELD_MAX 64

/* gen.c */
void gen_seed(uint32_t seed);
size_t gen_line(char *out, size_t size);

/* lex.c: one access-log line's fields. */
struct request {
  char client[FIELD_MAX];
  char method[8];
  char path[FIELD_MAX];
  int status;
  long bytes;
};
int lex_line(const char *line, struct request *out);

/* table.c: counts keyed by string. */
struct counter {
  char key[FIELD_MAX];
  long hits;
  long bytes;
};
struct table;
struct table *table_new(size_t slots);
void table_add(struct table *t, const char *key, long bytes);
size_t table_items(const struct table *t, struct counter *out, size_t max);
void table_free(struct table *t);

/* sort.c: busiest first (hits, then bytes, then key). */
void sort_counters(struct counter *items, size_t n);

/* crc.c */
uint32_t crc32_update(uint32_t crc, const void *data, size_t size);

#endif

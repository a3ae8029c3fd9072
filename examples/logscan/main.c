/* main.c - logscan: summarise a generated access log of LINES lines
 * (argument 1, default 60000): requests per path and per client, the
 * busiest of each, statuses, and a CRC-32 of the log. */
#include <stdio.h>
#include <stdlib.h>

#include "logscan.h"

#define TOP 5

static void report(const char *title, struct table *t) {
  static struct counter items[4096];
  size_t n = table_items(t, items, sizeof items / sizeof items[0]);
  sort_counters(items, n);
  printf("%s: %zu distinct\n", title, n);
  for (size_t i = 0; i < n && i < TOP; i++)
    printf("  %-28s %7ld hits %10ld bytes\n", items[i].key, items[i].hits, items[i].bytes);
}

int main(int argc, char **argv) {
  long lines = argc > 1 ? atol(argv[1]) : 60000;
  struct table *paths = table_new(64), *clients = table_new(64);
  long statuses[6] = {0}, bad = 0;
  uint32_t crc = 0;
  char line[256];
  struct request r;

  gen_seed(2026);
  for (long i = 0; i < lines; i++) {
    size_t n = gen_line(line, sizeof line);
    crc = crc32_update(crc, line, n);
    if (!lex_line(line, &r)) {
      bad++;
      continue;
    }
    table_add(paths, r.path, r.bytes);
    table_add(clients, r.client, r.bytes);
    statuses[r.status / 100 < 6 ? r.status / 100 : 0]++;
  }
  printf("%ld lines, %ld unreadable, crc32 %08x\n", lines, bad, (unsigned)crc);
  printf("status 2xx %ld, 3xx %ld, 4xx %ld, 5xx %ld\n", statuses[2], statuses[3],
         statuses[4], statuses[5]);
  report("paths", paths);
  report("clients", clients);
  table_free(paths);
  table_free(clients);
  return 0;
}

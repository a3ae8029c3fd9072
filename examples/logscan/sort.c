/* sort.c - a merge sort of counters, busiest first: hits, then bytes,
 * then the key, so the order never depends on the hash table's. */
#include <stdlib.h>
#include <string.h>

#include "logscan.h"

static int before(const struct counter *a, const struct counter *b) {
  if (a->hits != b->hits)
    return a->hits > b->hits;
  if (a->bytes != b->bytes)
    return a->bytes > b->bytes;
  return strcmp(a->key, b->key) < 0;
}

static void merge(struct counter *items, struct counter *scratch, size_t mid, size_t n) {
  size_t i = 0, j = mid, k = 0;
  while (i < mid && j < n)
    scratch[k++] = before(&items[j], &items[i]) ? items[j++] : items[i++];
  while (i < mid)
    scratch[k++] = items[i++];
  while (j < n)
    scratch[k++] = items[j++];
  memcpy(items, scratch, n * sizeof *items);
}

static void sort_range(struct counter *items, struct counter *scratch, size_t n) {
  if (n < 2)
    return;
  size_t mid = n / 2;
  sort_range(items, scratch, mid);
  sort_range(items + mid, scratch, n - mid);
  merge(items, scratch, mid, n);
}

void sort_counters(struct counter *items, size_t n) {
  struct counter *scratch = malloc((n ? n : 1) * sizeof *scratch);
  if (!scratch)
    abort();
  sort_range(items, scratch, n);
  free(scratch);
}

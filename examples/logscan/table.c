/* table.c - an open-addressing hash table counting hits and bytes per
 * key; it doubles when three quarters full. */
#include <stdlib.h>
#include <string.h>

#include "logscan.h"

struct table {
  struct counter *slots;
  size_t size, used;
};

static uint64_t hash_key(const char *key) {
  uint64_t h = 1469598103934665603ull;
  for (; *key; key++)
    h = (h ^ (unsigned char)*key) * 1099511628211ull;
  return h;
}

struct table *table_new(size_t slots) {
  struct table *t = malloc(sizeof *t);
  if (!t)
    abort();
  t->size = slots;
  t->used = 0;
  t->slots = calloc(slots, sizeof *t->slots);
  if (!t->slots)
    abort();
  return t;
}

static struct counter *find(struct counter *slots, size_t size, const char *key) {
  size_t i = hash_key(key) & (size - 1);
  while (slots[i].key[0] && strcmp(slots[i].key, key) != 0)
    i = (i + 1) & (size - 1);
  return &slots[i];
}

static void grow(struct table *t) {
  struct table bigger = {calloc(t->size * 2, sizeof *t->slots), t->size * 2, t->used};
  if (!bigger.slots)
    abort();
  for (size_t i = 0; i < t->size; i++)
    if (t->slots[i].key[0])
      *find(bigger.slots, bigger.size, t->slots[i].key) = t->slots[i];
  free(t->slots);
  *t = bigger;
}

void table_add(struct table *t, const char *key, long bytes) {
  struct counter *c = find(t->slots, t->size, key);
  if (!c->key[0]) {
    strcpy(c->key, key);
    if (++t->used * 4 > t->size * 3)
      grow(t), c = find(t->slots, t->size, key);
  }
  c->hits++;
  c->bytes += bytes;
}

size_t table_items(const struct table *t, struct counter *out, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < t->size && n < max; i++)
    if (t->slots[i].key[0])
      out[n++] = t->slots[i];
  return n;
}

void table_free(struct table *t) {
  free(t->slots);
  free(t);
}

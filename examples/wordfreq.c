/* wordfreq.c - the demo's bundled program: count word frequencies in a
 * generated text with a hash table, then sort the words by count.
 *
 * A realistic shape for a profile: two hot functions (hashing and lookup),
 * a warm sort, and cold set-up and reporting code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_SIZE 4096
#define WORDS 200000

struct entry {
  char word[16];
  int count;
  int used;
};

static struct entry table[TABLE_SIZE];
static unsigned seed = 2026;

static unsigned next_random(void) { return seed = seed * 1664525u + 1013904223u; }

static void make_word(char *out) {
  static const char *syllables[] = {"ka", "lo", "mi", "ne", "su", "ta", "ri", "po"};
  int parts = 1 + (int)(next_random() % 3);
  out[0] = '\0';
  for (int i = 0; i < parts; i++)
    strcat(out, syllables[next_random() % 8]);
}

static unsigned hash_word(const char *word) {
  unsigned h = 2166136261u;
  for (; *word; word++)
    h = (h ^ (unsigned char)*word) * 16777619u;
  return h;
}

static struct entry *lookup(const char *word) {
  unsigned i = hash_word(word) % TABLE_SIZE;
  while (table[i].used && strcmp(table[i].word, word) != 0)
    i = (i + 1) % TABLE_SIZE;
  return &table[i];
}

static void count_word(const char *word) {
  struct entry *e = lookup(word);
  if (!e->used) {
    strcpy(e->word, word);
    e->used = 1;
  }
  e->count++;
}

static int by_count(const void *a, const void *b) {
  const struct entry *x = a, *y = b;
  return y->count != x->count ? y->count - x->count : strcmp(x->word, y->word);
}

static int compact(struct entry *out) {
  int n = 0;
  for (int i = 0; i < TABLE_SIZE; i++)
    if (table[i].used)
      out[n++] = table[i];
  return n;
}

static void report(const struct entry *sorted, int n) {
  printf("%d distinct words; most frequent:\n", n);
  for (int i = 0; i < n && i < 5; i++)
    printf("  %-8s %6d\n", sorted[i].word, sorted[i].count);
}

int main(void) {
  char word[16];
  for (int i = 0; i < WORDS; i++) {
    make_word(word);
    count_word(word);
  }
  static struct entry sorted[TABLE_SIZE];
  int n = compact(sorted);
  qsort(sorted, n, sizeof(sorted[0]), by_count);
  report(sorted, n);
  return 0;
}

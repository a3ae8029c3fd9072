# generated_program.sh - sourced by the benchmarks. generate_file I prints
# one file of a generated multi-file C program (hash tables, sorting, a
# tokenizer, string formatting over libc headers), varied by I so no two
# files are alike; generate_main N prints a main that runs files 0..N-1 on
# a fixed text with uneven work (bench/levels.sh profiles it).
# corpus_option ARG reads the options of the scripts that compile it in
# rounds: --rounds=N, --files=N, --warmup=N (false for any other); files and
# warmup default here, rounds in each script.

files=50
warmup=1

corpus_option() {
  case $1 in
    --rounds=*) rounds=${1#*=} ;;
    --files=*) files=${1#*=} ;;
    --warmup=*) warmup=${1#*=} ;;
    *) return 1 ;;
  esac
}

generate_file() {
  local i=$1
  cat <<EOF
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry_$i { char key[32]; long value; struct entry_$i *next; };
struct table_$i { struct entry_$i *slots[64]; size_t count; };

static unsigned hash_$i(const char *s) {
  unsigned h = 2166136261u + $i;
  while (*s)
    h = (h ^ (unsigned char)*s++) * 16777619u;
  return h;
}

long table_put_$i(struct table_$i *t, const char *key, long value) {
  unsigned slot = hash_$i(key) % 64;
  for (struct entry_$i *e = t->slots[slot]; e; e = e->next)
    if (strcmp(e->key, key) == 0)
      return e->value = value;
  struct entry_$i *e = calloc(1, sizeof *e);
  if (!e)
    return -1;
  snprintf(e->key, sizeof e->key, "%s", key);
  e->value = value;
  e->next = t->slots[slot];
  t->slots[slot] = e;
  t->count++;
  return value;
}

long table_get_$i(const struct table_$i *t, const char *key) {
  for (struct entry_$i *e = t->slots[hash_$i(key) % 64]; e; e = e->next)
    if (strcmp(e->key, key) == 0)
      return e->value;
  return -1;
}

static void sort_$i(long *v, int lo, int hi) {
  while (lo < hi) {
    long pivot = v[(lo + hi) / 2];
    int a = lo, b = hi;
    while (a <= b) {
      while (v[a] < pivot) a++;
      while (v[b] > pivot) b--;
      if (a <= b) { long t = v[a]; v[a] = v[b]; v[b] = t; a++; b--; }
    }
    if (b - lo < hi - a) { sort_$i(v, lo, b); lo = a; }
    else { sort_$i(v, a, hi); hi = b; }
  }
}

enum token_$i { T${i}_NUM, T${i}_WORD, T${i}_PUNCT, T${i}_END };

static enum token_$i next_token_$i(const char **p, char *out, size_t n) {
  while (**p == ' ' || **p == '\t' || **p == '\n') (*p)++;
  size_t k = 0;
  if (!**p) return T${i}_END;
  if (**p >= '0' && **p <= '9') {
    while (**p >= '0' && **p <= '9' && k + 1 < n) out[k++] = *(*p)++;
    out[k] = 0;
    return T${i}_NUM;
  }
  if ((**p | 32) >= 'a' && (**p | 32) <= 'z') {
    while (((**p | 32) >= 'a' && (**p | 32) <= 'z') && k + 1 < n) out[k++] = *(*p)++;
    out[k] = 0;
    return T${i}_WORD;
  }
  out[0] = *(*p)++; out[1] = 0;
  return T${i}_PUNCT;
}

long process_$i(const char *text) {
  struct table_$i t;
  memset(&t, 0, sizeof t);
  long numbers[256];
  int count = 0;
  char tok[32];
  enum token_$i kind;
  while ((kind = next_token_$i(&text, tok, sizeof tok)) != T${i}_END) {
    switch (kind) {
    case T${i}_NUM:
      if (count < 256) numbers[count++] = strtol(tok, NULL, 10) * ($i % 7 + 1);
      break;
    case T${i}_WORD:
      table_put_$i(&t, tok, table_get_$i(&t, tok) + 1);
      break;
    default:
      break;
    }
  }
  if (count) sort_$i(numbers, 0, count - 1);
  long result = (long)t.count;
  for (int k = 0; k < count; k++)
    result = result * 31 + numbers[k];
  char line[128];
  snprintf(line, sizeof line, "file $i: %zu words, %d numbers, %ld", t.count, count, result);
  for (int s = 0; s < 64; s++)
    while (t.slots[s]) { struct entry_$i *e = t.slots[s]; t.slots[s] = e->next; free(e); }
  return result + (long)strlen(line);
}
EOF
}

generate_main() {
  local n=$1 i
  echo '#include <stdio.h>'
  for ((i = 0; i < n; i++)); do echo "long process_$i(const char *text);"; done
  echo 'static const char text[] ='
  echo '    "the quick brown fox 42 jumps over the lazy dog 7 times, and 1999 more "'
  echo '    "foxes 3 5 8 13 21 follow the first fox over 34 dogs and 55 hills";'
  echo 'int main(void) {'
  echo '  long sum = 0;'
  echo '  for (int round = 0; round < 200; round++) {'
  for ((i = 0; i < n; i++)); do
    # Uneven work: a third of the files are hot, most run once, some never.
    if ((i % 5 == 4)); then continue; fi
    if ((i % 3 == 0)); then echo "    sum += process_$i(text);"
    else echo "    if (round == 0) sum += process_$i(text);"; fi
  done
  echo '  }'
  echo '  printf("checksum %ld\n", sum);'
  echo '  return 0;'
  echo '}'
}

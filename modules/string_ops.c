/* string_ops.c - the string routines a kernel writes for itself.
 *
 * Length, copy, reverse, case folding, substring search and word counting
 * over a generated text. Each routine is small and called many times, the
 * shape of code where per-call profiling overhead matters most.
 */
#include "module.h"

#define TEXT_BYTES 1024
static char text[TEXT_BYTES + 1], scratch[TEXT_BYTES + 1];

uint32_t str_length(const char *s) {
  uint32_t n = 0;
  while (s[n])
    n++;
  return n;
}

void str_copy(char *destination, const char *source) {
  while ((*destination++ = *source++))
    ;
}

void str_reverse(char *s) {
  uint32_t n = str_length(s);
  for (uint32_t i = 0; i < n / 2; i++) {
    char t = s[i];
    s[i] = s[n - 1 - i];
    s[n - 1 - i] = t;
  }
}

void str_upper(char *s) {
  for (; *s; s++)
    if (*s >= 'a' && *s <= 'z')
      *s = (char)(*s - 'a' + 'A');
}

/* Occurrences of `needle` in `haystack`, overlapping ones included. */
uint32_t str_count(const char *haystack, const char *needle) {
  uint32_t count = 0;
  for (; *haystack; haystack++) {
    uint32_t i = 0;
    while (needle[i] && haystack[i] == needle[i])
      i++;
    count += needle[i] == 0;
  }
  return count;
}

uint32_t str_words(const char *s) {
  uint32_t words = 0;
  bool inside = false;
  for (; *s; s++) {
    bool letter = *s != ' ';
    words += letter && !inside;
    inside = letter;
  }
  return words;
}

static void text_generate(void) {
  static const char alphabet[] = "abcab ";
  uint32_t seed = 0x7e57u;
  for (int i = 0; i < TEXT_BYTES; i++)
    text[i] = alphabet[module_xorshift32(&seed) % 6u];
  text[TEXT_BYTES] = 0;
}

static uint64_t string_ops_run(void) {
  uint64_t hash = MODULE_FOLD_SEED;
  text_generate();
  hash = module_fold(hash, str_length(text));
  hash = module_fold(hash, str_words(text));
  hash = module_fold(hash, str_count(text, "ab"));
  hash = module_fold(hash, str_count(text, "cab"));
  str_copy(scratch, text);
  str_reverse(scratch);
  hash = module_fold(hash, str_count(scratch, "ba"));
  str_upper(scratch);
  hash = module_fold(hash, str_count(scratch, "BAC"));
  for (int i = 0; i < TEXT_BYTES; i += 97)
    hash = module_fold(hash, (uint8_t)scratch[i]);
  return hash;
}

FLUID_MODULE(string_ops, "string_ops", string_ops_run, 0xc656c7954608731bull, 5, 0);

/* regex_dfa.c - compiles `ab*c` (and friends) to a DFA, then scans text.
 *
 * The compiler is cold (it runs once per pattern), the scanner hot. Patterns
 * are literals with an optional `*` after a character; the DFA tracks the
 * set of pattern positions as a bit mask, so each DFA state is a subset.
 */
#include "module.h"

#define DFA_MAX_STATES 32
#define DFA_TEXT_BYTES 2048

struct dfa {
  uint8_t next[DFA_MAX_STATES][4]; /* alphabet a, b, c, other */
  uint32_t masks[DFA_MAX_STATES];
  bool accepting[DFA_MAX_STATES];
  int states;
};

static struct dfa regex_dfa_table;
static char regex_text[DFA_TEXT_BYTES + 1];

static int symbol_index(char c) { return c >= 'a' && c <= 'c' ? c - 'a' : 3; }

/* The positions reachable from `mask` without consuming input (skipping
 * starred characters), plus the start position (unanchored search). */
static uint32_t closure(const char *pattern, uint32_t mask) {
  mask |= 1u;
  for (int i = 0; pattern[i]; i++)
    if ((mask >> i) & 1u) {
      int next = pattern[i + 1] == '*' ? i + 2 : -1;
      if (next > 0)
        mask |= 1u << next;
    }
  return mask;
}

static uint32_t step(const char *pattern, uint32_t mask, int symbol) {
  uint32_t result = 0;
  for (int i = 0; pattern[i]; i++) {
    if (!((mask >> i) & 1u) || pattern[i] == '*' ||
        symbol_index(pattern[i]) != symbol)
      continue;
    result |= pattern[i + 1] == '*' ? 1u << i : 1u << (i + 1);
  }
  return closure(pattern, result);
}

static int find_or_add(struct dfa *dfa, uint32_t mask, uint32_t final) {
  for (int s = 0; s < dfa->states; s++)
    if (dfa->masks[s] == mask)
      return s;
  if (dfa->states == DFA_MAX_STATES)
    return 0;
  dfa->masks[dfa->states] = mask;
  dfa->accepting[dfa->states] = (mask & final) != 0;
  return dfa->states++;
}

void regex_compile(struct dfa *dfa, const char *pattern) {
  uint32_t length = 0;
  while (pattern[length])
    length++;
  uint32_t final = 1u << length;
  dfa->states = 0;
  find_or_add(dfa, closure(pattern, 0), final);
  for (int s = 0; s < dfa->states; s++)
    for (int symbol = 0; symbol < 4; symbol++)
      dfa->next[s][symbol] =
          (uint8_t)find_or_add(dfa, step(pattern, dfa->masks[s], symbol), final);
}

/* Out of line: the hot scanner is its own profile entry. */
__attribute__((noinline)) uint32_t regex_count_matches(const struct dfa *dfa, const char *text) {
  uint32_t matches = 0;
  int state = 0;
  for (; *text; text++) {
    state = dfa->next[state][symbol_index(*text)];
    matches += dfa->accepting[state];
  }
  return matches;
}

/* Matches of `pattern` ending at each position of `text` (for tests). */
uint32_t regex_count(const char *pattern, const char *text) {
  regex_compile(&regex_dfa_table, pattern);
  return regex_count_matches(&regex_dfa_table, text);
}

static uint64_t regex_dfa_run(void) {
  static const char *const patterns[] = {"ab*c", "a*bc", "cab*", "abc"};
  uint32_t seed = 0xdfa0dfa0u;
  uint64_t hash = MODULE_FOLD_SEED;
  for (int i = 0; i < DFA_TEXT_BYTES; i++)
    regex_text[i] = "abbbcad"[module_xorshift32(&seed) % 7u];
  regex_text[DFA_TEXT_BYTES] = 0;
  for (int p = 0; p < 4; p++) {
    regex_compile(&regex_dfa_table, patterns[p]);
    hash = module_fold(hash, (uint32_t)regex_dfa_table.states);
    hash = module_fold(hash, regex_count_matches(&regex_dfa_table, regex_text));
  }
  return hash;
}

FLUID_MODULE(regex_dfa, "regex_dfa", regex_dfa_run, 0xab53c5e29a0db40eull, 5, 0);

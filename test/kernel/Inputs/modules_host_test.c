/* modules_host_test.c - runs the kernel's workload modules on the host.
 *
 * Linked with the very module sources the kernel uses, this program walks the
 * same `fluid_modules` linker section and checks that each module's run()
 * returns its declared checksum when compiled by the host compiler, and that
 * the bad_checksum module does not. Independent known answers (from the
 * prototype, from Python's hashlib, from brute force) confirm that the
 * checksums describe correct computations. `--print` lists the checksums.
 */
#include "../../../modules/module.h"

#include <stdio.h>
#include <string.h>

uint32_t fibonacci_iterative(uint32_t n);
uint32_t fibonacci_recursive(uint32_t n);
uint32_t sum_to(uint32_t n);
uint32_t compute_grid(uint32_t rows, uint32_t columns);
uint32_t count_primes_trial(uint32_t limit);
uint32_t count_primes_sieve(void);
void sha256(const uint8_t *message, uint32_t length, uint8_t digest[32]);
void sha256_fill_message(uint8_t *message, uint32_t length);
uint32_t regex_count(const char *pattern, const char *text);
void quicksort(int32_t *values, int count);
bool is_sorted(const int32_t *values, int count);

static int failures;

#define EXPECT_EQ(actual, expected)                                            \
  do {                                                                         \
    unsigned long long a_ = (actual), e_ = (expected);                         \
    if (a_ != e_) {                                                            \
      printf("FAIL %s:%d: %s = %llu, expected %llu\n", __FILE__, __LINE__,     \
             #actual, a_, e_);                                                 \
      failures++;                                                              \
    }                                                                          \
  } while (0)

/* Backtracking matcher for literal-and-star patterns, anchored at both ends. */
static bool matches_exactly(const char *pattern, const char *text, int length) {
  if (!*pattern)
    return length == 0;
  if (pattern[1] == '*') {
    for (int used = 0;; used++) {
      if (matches_exactly(pattern + 2, text + used, length - used))
        return true;
      if (used == length || text[used] != pattern[0])
        return false;
    }
  }
  return length > 0 && text[0] == pattern[0] &&
         matches_exactly(pattern + 1, text + 1, length - 1);
}

static uint32_t brute_force_count(const char *pattern, const char *text) {
  uint32_t count = 0;
  int n = (int)strlen(text);
  for (int end = 0; end < n; end++) {
    bool found = false;
    for (int start = 0; start <= end && !found; start++)
      found = matches_exactly(pattern, text + start, end + 1 - start);
    count += found;
  }
  return count;
}

static void check_known_answers(void) {
  EXPECT_EQ(fibonacci_iterative(20), 6765);
  EXPECT_EQ(fibonacci_recursive(18), 2584);
  EXPECT_EQ(sum_to(100), 5050);
  EXPECT_EQ(count_primes_trial(1000), 168);
  EXPECT_EQ(count_primes_sieve(), 1229);
  uint32_t grid = 0;
  for (uint32_t i = 0; i < 100; i++)
    for (uint32_t j = 0; j < 100; j++)
      grid += (uint32_t)((unsigned long long)i * j % 1000);
  EXPECT_EQ(compute_grid(100, 100), grid);

  /* hashlib.sha256(bytes((i*7+3) & 0xff for i in range(1024))) */
  static const char *reference =
      "e9183d9a79aad8a047b8e67981210d50b01fc75b1edba5bc32ba3d3ec4d5056d";
  uint8_t message[1024], digest[32];
  char hex[65];
  sha256_fill_message(message, sizeof message);
  sha256(message, sizeof message, digest);
  for (int i = 0; i < 32; i++)
    snprintf(hex + 2 * i, 3, "%02x", digest[i]);
  if (strcmp(hex, reference) != 0) {
    printf("FAIL sha256 digest %s, expected %s\n", hex, reference);
    failures++;
  }

  static const char *const patterns[] = {"ab*c", "a*bc", "cab*", "abc", "b*"};
  char text[600];
  uint32_t seed = 12345;
  for (int i = 0; i < 599; i++)
    text[i] = "abbbcad"[module_xorshift32(&seed) % 7u];
  text[599] = 0;
  for (int p = 0; p < 4; p++)
    EXPECT_EQ(regex_count(patterns[p], text),
              brute_force_count(patterns[p], text));

  int32_t values[300];
  for (int i = 0; i < 300; i++)
    values[i] = (int32_t)(module_xorshift32(&seed) % 1000u) - 500;
  quicksort(values, 300);
  EXPECT_EQ(is_sorted(values, 300), 1);
}

int main(int argc, char **argv) {
  bool print = argc > 1 && strcmp(argv[1], "--print") == 0;
  int modules = 0;
  check_known_answers();
  for (struct fluid_module *m = __start_fluid_modules;
       m < __stop_fluid_modules; m++, modules++) {
    uint64_t first = m->run(), second = m->run();
    if (print)
      printf("%-12s 0x%016llx\n", m->name, (unsigned long long)first);
    if (first != second) {
      printf("FAIL %s: not repeatable (0x%llx then 0x%llx)\n", m->name,
             (unsigned long long)first, (unsigned long long)second);
      failures++;
    }
    /* Hidden modules run only when named; bad_checksum alone is wrong. */
    bool wrong_on_purpose = strcmp(m->name, "bad_checksum") == 0;
    if ((first == m->expected) == wrong_on_purpose) {
      printf("FAIL %s: checksum 0x%016llx, declared 0x%016llx\n", m->name,
             (unsigned long long)first, (unsigned long long)m->expected);
      failures++;
    } else {
      printf("ok %s 0x%016llx\n", m->name, (unsigned long long)first);
    }
  }
  printf("%d modules, %d failures\n", modules, failures);
  return failures != 0;
}

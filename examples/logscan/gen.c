/* gen.c - a deterministic access log: clients, methods, paths with a
 * skewed popularity (a few hot pages, a long tail), statuses and sizes. */
#include <stdio.h>

#include "logscan.h"

static uint32_t state = 1;

void gen_seed(uint32_t seed) { state = seed ? seed : 1; }

static uint32_t next(void) {
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

/* Popular paths come up often: the minimum of two draws skews low. */
static unsigned skewed(unsigned n) {
  unsigned a = next() % n, b = next() % n;
  return a < b ? a : b;
}

size_t gen_line(char *out, size_t size) {
  static const char *const methods[] = {"GET", "GET", "GET", "POST", "HEAD"};
  static const char *const sections[] = {"docs", "api", "static", "blog", "shop"};
  static const int statuses[] = {200, 200, 200, 200, 304, 404, 500};
  unsigned client = skewed(200);
  unsigned section = skewed(5);
  unsigned page = skewed(60);
  int n = snprintf(out, size, "10.%u.%u.%u - - \"%s /%s/page%u.html HTTP/1.1\" %d %u\n",
                   client / 100, client % 100 / 10, client % 10,
                   methods[next() % 5], sections[section], page,
                   statuses[next() % 7], 200 + next() % 20000);
  return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

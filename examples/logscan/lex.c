/* lex.c - splits an access-log line into its fields: the client, the
 * request's method and path, the status and the bytes sent. */
#include <string.h>

#include "logscan.h"

/* Copies the field at *p up to a stop character into out; returns 0 if the
 * field does not fit. */
static int field(const char **p, char stop, char *out, size_t size) {
  size_t n = 0;
  while (**p && **p != stop) {
    if (n + 1 >= size)
      return 0;
    out[n++] = *(*p)++;
  }
  out[n] = '\0';
  return 1;
}

static long number(const char **p) {
  long value = 0;
  while (**p == ' ')
    (*p)++;
  while (**p >= '0' && **p <= '9')
    value = value * 10 + (*(*p)++ - '0');
  return value;
}

int lex_line(const char *line, struct request *out) {
  const char *p = line;
  if (!field(&p, ' ', out->client, sizeof out->client))
    return 0;
  p = strchr(p, '"');
  if (!p)
    return 0;
  p++;
  if (!field(&p, ' ', out->method, sizeof out->method) || *p != ' ')
    return 0;
  p++;
  if (!field(&p, ' ', out->path, sizeof out->path))
    return 0;
  p = strchr(p, '"');
  if (!p)
    return 0;
  p++;
  out->status = (int)number(&p);
  out->bytes = number(&p);
  return 1;
}

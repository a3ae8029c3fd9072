/* string.c - the memory and string functions C code (and clang) expect.
 *
 * clang may emit calls to memset/memcpy/memmove/memcmp for struct copies and
 * zeroing even in freestanding code, so the kernel defines them. They are
 * byte loops on purpose: simple, correct at every optimization level, and
 * not instrumented (the runtime may call them from inside a hook).
 */
#include "defs.h"

NOINSTR size_t kstrlen(const char *text) {
  size_t length = 0;
  while (text[length])
    length++;
  return length;
}

NOINSTR int kstrcmp(const char *left, const char *right) {
  while (*left && *left == *right)
    left++, right++;
  return (unsigned char)*left - (unsigned char)*right;
}

NOINSTR int kstrncmp(const char *left, const char *right, size_t count) {
  for (; count; count--, left++, right++) {
    if (*left != *right)
      return (unsigned char)*left - (unsigned char)*right;
    if (!*left)
      return 0;
  }
  return 0;
}

/* The loops are written so clang cannot turn them back into calls to the
 * very functions they define (it would recurse forever). */
#define NO_BUILTIN __attribute__((no_builtin))

NOINSTR NO_BUILTIN void *memset(void *destination, int value, size_t count) {
  volatile unsigned char *d = destination;
  while (count--)
    *d++ = (unsigned char)value;
  return destination;
}

NOINSTR NO_BUILTIN void *memcpy(void *destination, const void *source,
                                size_t count) {
  unsigned char *d = destination;
  const unsigned char *s = source;
  while (count--)
    *d++ = *s++;
  return destination;
}

NOINSTR NO_BUILTIN void *memmove(void *destination, const void *source,
                                 size_t count) {
  unsigned char *d = destination;
  const unsigned char *s = source;
  if (d < s) {
    while (count--)
      *d++ = *s++;
  } else {
    while (count--)
      d[count] = s[count];
  }
  return destination;
}

NOINSTR NO_BUILTIN int memcmp(const void *left, const void *right,
                              size_t count) {
  const unsigned char *l = left, *r = right;
  for (; count; count--, l++, r++)
    if (*l != *r)
      return *l - *r;
  return 0;
}

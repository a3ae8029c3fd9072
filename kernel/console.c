/* console.c - kprintf, a small printf over the serial line.
 *
 * Supports what the kernel prints: %s %c %d %u %x %p, the length modifiers
 * l and ll, a field width and zero padding, and %-Ns for left-aligned text.
 * Numbers are converted by repeated division by constants that fit in
 * 32 bits, so the i386 build needs only the 64-bit division helpers in
 * libgcc32.c. Not instrumented: exception handlers print through it.
 */
#include <stdarg.h>

#include "defs.h"

struct field {
  int width;
  bool zero_pad;
  bool left;
};

static NOINSTR void pad(int count, char fill) {
  for (; count > 0; count--)
    serial_putc(fill);
}

static NOINSTR void put_text(const char *text, struct field field) {
  int length = (int)kstrlen(text);
  if (!field.left)
    pad(field.width - length, ' ');
  serial_write(text, (size_t)length);
  if (field.left)
    pad(field.width - length, ' ');
}

static NOINSTR void put_number(uint64_t value, unsigned base, bool negative,
                               struct field field) {
  char digits[24];
  int count = 0;
  do {
    digits[count++] = "0123456789abcdef"[value % base];
    value /= base;
  } while (value);
  if (negative)
    field.width--;
  if (!field.zero_pad && !field.left)
    pad(field.width - count, ' ');
  if (negative)
    serial_putc('-');
  if (field.zero_pad)
    pad(field.width - count, '0');
  while (count)
    serial_putc(digits[--count]);
  if (field.left)
    pad(field.width - count, ' ');
}

static NOINSTR uint64_t take_unsigned(va_list *args, int longs) {
  if (longs >= 2)
    return va_arg(*args, unsigned long long);
  if (longs == 1)
    return va_arg(*args, unsigned long);
  return va_arg(*args, unsigned int);
}

static NOINSTR int64_t take_signed(va_list *args, int longs) {
  if (longs >= 2)
    return va_arg(*args, long long);
  if (longs == 1)
    return va_arg(*args, long);
  return va_arg(*args, int);
}

NOINSTR void kprintf(const char *format, ...) {
  va_list args;
  va_start(args, format);
  for (const char *p = format; *p; p++) {
    if (*p != '%') {
      serial_write(p, 1);
      continue;
    }
    struct field field = {0, false, false};
    int longs = 0;
    p++;
    if (*p == '-')
      field.left = true, p++;
    if (*p == '0')
      field.zero_pad = true, p++;
    while (*p >= '0' && *p <= '9')
      field.width = field.width * 10 + (*p++ - '0');
    while (*p == 'l')
      longs++, p++;
    switch (*p) {
    case 's':
      put_text(va_arg(args, const char *), field);
      break;
    case 'c':
      serial_putc((char)va_arg(args, int));
      break;
    case 'd': {
      int64_t value = take_signed(&args, longs);
      put_number(value < 0 ? 0 - (uint64_t)value : (uint64_t)value, 10,
                 value < 0, field);
      break;
    }
    case 'u':
      put_number(take_unsigned(&args, longs), 10, false, field);
      break;
    case 'x':
      put_number(take_unsigned(&args, longs), 16, false, field);
      break;
    case 'p':
      serial_write("0x", 2);
      field.zero_pad = true;
      field.width = (int)(2 * sizeof(void *));
      put_number((uintptr_t)va_arg(args, void *), 16, false, field);
      break;
    case '%':
      serial_putc('%');
      break;
    default: /* unknown conversion: show it rather than guess */
      serial_putc('%');
      serial_putc(*p ? *p : '?');
      if (!*p)
        p--;
    }
  }
  va_end(args);
}

NOINSTR void kputs(const char *text) {
  serial_write(text, kstrlen(text));
  serial_write("\n", 1);
}

/* libgcc32.c - 64-bit division and shift helpers for the i386 kernel.
 *
 * On i386, clang lowers uint64_t division and remainder to calls to
 * __udivdi3 / __umoddi3 (and the signed __divdi3 / __moddi3), and at -Oz
 * even 64-bit shifts to __ashldi3 / __lshrdi3 / __ashrdi3; these normally
 * come from libgcc or compiler-rt. The kernel links neither, so the versions
 * here stand in. Only kprintf and the runner divide 64-bit values, and never
 * in a hot loop. Not built for x86_64.
 */
#include "types.h"

/* The shifts work on 32-bit halves: written with 64-bit shifts, -Oz would
 * turn them into calls to themselves. */
union halves {
  uint64_t whole;
  struct {
    uint32_t low, high;
  } part;
};

NOINSTR uint64_t __ashldi3(uint64_t value, int count) {
  union halves in = {.whole = value}, out;
  if (count == 0)
    return value;
  if (count >= 32) {
    out.part.low = 0;
    out.part.high = in.part.low << (count - 32);
  } else {
    out.part.low = in.part.low << count;
    out.part.high = (in.part.high << count) | (in.part.low >> (32 - count));
  }
  return out.whole;
}

NOINSTR uint64_t __lshrdi3(uint64_t value, int count) {
  union halves in = {.whole = value}, out;
  if (count == 0)
    return value;
  if (count >= 32) {
    out.part.high = 0;
    out.part.low = in.part.high >> (count - 32);
  } else {
    out.part.high = in.part.high >> count;
    out.part.low = (in.part.low >> count) | (in.part.high << (32 - count));
  }
  return out.whole;
}

NOINSTR int64_t __ashrdi3(int64_t value, int count) {
  union halves in = {.whole = (uint64_t)value}, out;
  int32_t high = (int32_t)in.part.high;
  if (count == 0)
    return value;
  if (count >= 32) {
    out.part.high = (uint32_t)(high >> 31);
    out.part.low = (uint32_t)(high >> (count - 32));
  } else {
    out.part.high = (uint32_t)(high >> count);
    out.part.low = (in.part.low >> count) | (in.part.high << (32 - count));
  }
  return (int64_t)out.whole;
}

NOINSTR static uint64_t divide_unsigned(uint64_t dividend, uint64_t divisor,
                                        uint64_t *remainder) {
  uint64_t quotient = 0, rest = 0;
  if (divisor == 0) { /* as the hardware would: fault, never loop */
    volatile uint32_t zero = 0;
    return (uint32_t)dividend / zero;
  }
  for (int bit = 63; bit >= 0; bit--) {
    rest = (rest << 1) | ((dividend >> bit) & 1);
    if (rest >= divisor) {
      rest -= divisor;
      quotient |= (uint64_t)1 << bit;
    }
  }
  *remainder = rest;
  return quotient;
}

NOINSTR uint64_t __udivdi3(uint64_t dividend, uint64_t divisor) {
  uint64_t remainder;
  return divide_unsigned(dividend, divisor, &remainder);
}

NOINSTR uint64_t __umoddi3(uint64_t dividend, uint64_t divisor) {
  uint64_t remainder;
  divide_unsigned(dividend, divisor, &remainder);
  return remainder;
}

NOINSTR int64_t __divdi3(int64_t dividend, int64_t divisor) {
  uint64_t remainder;
  bool negative = (dividend < 0) != (divisor < 0);
  uint64_t quotient = divide_unsigned(
      dividend < 0 ? 0 - (uint64_t)dividend : (uint64_t)dividend,
      divisor < 0 ? 0 - (uint64_t)divisor : (uint64_t)divisor, &remainder);
  return negative ? -(int64_t)quotient : (int64_t)quotient;
}

NOINSTR int64_t __moddi3(int64_t dividend, int64_t divisor) {
  uint64_t remainder;
  divide_unsigned(dividend < 0 ? 0 - (uint64_t)dividend : (uint64_t)dividend,
                  divisor < 0 ? 0 - (uint64_t)divisor : (uint64_t)divisor,
                  &remainder);
  return dividend < 0 ? -(int64_t)remainder : (int64_t)remainder;
}

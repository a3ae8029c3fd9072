/* libgcc32.c - 64-bit division helpers for the i386 kernel.
 *
 * On i386, clang lowers uint64_t division and remainder to calls to
 * __udivdi3 / __umoddi3 (and the signed __divdi3 / __moddi3), which normally
 * come from libgcc or compiler-rt. The kernel links neither, so these
 * shift-and-subtract versions stand in. Only kprintf and the runner divide
 * 64-bit values, and never in a hot loop. Not built for x86_64.
 */
#include "types.h"

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

/* mix.c - the hot part: an integer mixer applied many times per value. */
#include "checksum.h"

unsigned mix(unsigned value, unsigned rounds) {
  for (unsigned i = 0; i < rounds; i++) {
    value ^= value >> 16;
    value *= 0x7feb352du;
    value ^= value >> 15;
    value *= 0x846ca68bu;
    value ^= value >> 16;
  }
  return value;
}

unsigned fold(const unsigned *values, int count) {
  unsigned sum = 0;
  for (int i = 0; i < count; i++)
    sum = sum * 31u + values[i];
  return sum;
}

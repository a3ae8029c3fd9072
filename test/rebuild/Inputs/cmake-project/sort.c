/* sort.c - the warm part: a shell sort of the mixed values. */
#include "checksum.h"

void sort_values(unsigned *values, int count) {
  static const int gaps[] = {701, 301, 132, 57, 23, 10, 4, 1};
  for (unsigned g = 0; g < sizeof(gaps) / sizeof(gaps[0]); g++) {
    int gap = gaps[g];
    for (int i = gap; i < count; i++) {
      unsigned value = values[i];
      int j = i;
      for (; j >= gap && values[j - gap] > value; j -= gap)
        values[j] = values[j - gap];
      values[j] = value;
    }
  }
}

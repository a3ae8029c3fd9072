/* quicksort.c - recursive quicksort of 512 generated integers.
 *
 * Hoare-style partition with a median-of-three pivot; small ranges go to
 * insertion sort. The checksum folds the sorted array, and a cold check
 * verifies the order (a wrong order adds a poison value to the checksum).
 */
#include "module.h"

#define QUICKSORT_COUNT 512
static int32_t quicksort_values[QUICKSORT_COUNT];

static void insertion_sort(int32_t *values, int count) {
  for (int i = 1; i < count; i++) {
    int32_t key = values[i];
    int j = i - 1;
    while (j >= 0 && values[j] > key) {
      values[j + 1] = values[j];
      j--;
    }
    values[j + 1] = key;
  }
}

static int32_t median_of_three(int32_t a, int32_t b, int32_t c) {
  if (a > b) {
    int32_t t = a;
    a = b;
    b = t;
  }
  if (b > c)
    b = c;
  return a > b ? a : b;
}

void quicksort(int32_t *values, int count) {
  while (count > 12) {
    int32_t pivot =
        median_of_three(values[0], values[count / 2], values[count - 1]);
    int i = -1, j = count;
    for (;;) {
      do
        i++;
      while (values[i] < pivot);
      do
        j--;
      while (values[j] > pivot);
      if (i >= j)
        break;
      int32_t t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
    /* Recurse into the smaller half, loop on the larger: bounded depth. */
    if (j + 1 < count - j - 1) {
      quicksort(values, j + 1);
      values += j + 1;
      count -= j + 1;
    } else {
      quicksort(values + j + 1, count - j - 1);
      count = j + 1;
    }
  }
  insertion_sort(values, count);
}

bool is_sorted(const int32_t *values, int count) {
  for (int i = 1; i < count; i++)
    if (values[i - 1] > values[i])
      return false;
  return true;
}

static uint64_t quicksort_run(void) {
  uint32_t seed = 0xc0ffee11u;
  uint64_t hash = MODULE_FOLD_SEED;
  for (int i = 0; i < QUICKSORT_COUNT; i++)
    quicksort_values[i] = (int32_t)(module_xorshift32(&seed) % 100000u) - 50000;
  quicksort(quicksort_values, QUICKSORT_COUNT);
  if (!is_sorted(quicksort_values, QUICKSORT_COUNT))
    hash = module_fold(hash, 0xbadu);
  for (int i = 0; i < QUICKSORT_COUNT; i++)
    hash = module_fold(hash, (uint32_t)quicksort_values[i]);
  return hash;
}

FLUID_MODULE(quicksort, "quicksort", quicksort_run, 0x69f7246222a815b2ull, 5, 0);

/* matrix_mul.c - naive 16x16 integer matrix multiplication.
 *
 * Inputs come from a xorshift generator, so every iteration rebuilds the
 * same matrices; the checksum folds every element of the product.
 */
#include "module.h"

#define MATRIX_N 16

static int32_t matrix_a[MATRIX_N][MATRIX_N], matrix_b[MATRIX_N][MATRIX_N],
    matrix_c[MATRIX_N][MATRIX_N];

static void matrix_fill(int32_t m[MATRIX_N][MATRIX_N], uint32_t seed) {
  for (int i = 0; i < MATRIX_N; i++)
    for (int j = 0; j < MATRIX_N; j++)
      m[i][j] = (int32_t)(module_xorshift32(&seed) % 201u) - 100;
}

void matrix_multiply(int32_t a[MATRIX_N][MATRIX_N],
                     int32_t b[MATRIX_N][MATRIX_N],
                     int32_t c[MATRIX_N][MATRIX_N]) {
  for (int i = 0; i < MATRIX_N; i++)
    for (int j = 0; j < MATRIX_N; j++) {
      int32_t total = 0;
      for (int k = 0; k < MATRIX_N; k++)
        total += a[i][k] * b[k][j];
      c[i][j] = total;
    }
}

static uint64_t matrix_mul_run(void) {
  uint64_t hash = MODULE_FOLD_SEED;
  matrix_fill(matrix_a, 0x1234567u);
  matrix_fill(matrix_b, 0x89abcdeu);
  matrix_multiply(matrix_a, matrix_b, matrix_c);
  for (int i = 0; i < MATRIX_N; i++)
    for (int j = 0; j < MATRIX_N; j++)
      hash = module_fold(hash, (uint32_t)matrix_c[i][j]);
  return hash;
}

FLUID_MODULE(matrix_mul, "matrix_mul", matrix_mul_run, 0x1bce0786f218e231ull, 10, 0);

/* gemm_tiled.c - 32x32 int32 matrix product, blocked in 8x8 tiles.
 *
 * The cache-blocked form of matrix_mul: C += A*B tile by tile, the inner
 * micro-kernel being the dominant function. Compared against the naive
 * product of the same inputs once per iteration (the cold reference path).
 */
#include "module.h"

#define GEMM_N 32
#define GEMM_TILE 8

static int32_t gemm_a[GEMM_N][GEMM_N], gemm_b[GEMM_N][GEMM_N],
    gemm_c[GEMM_N][GEMM_N];

/* Out of line: the hot micro-kernel is its own profile entry. */
__attribute__((noinline)) void gemm_micro_kernel(int row, int column, int depth) {
  for (int i = row; i < row + GEMM_TILE; i++)
    for (int k = depth; k < depth + GEMM_TILE; k++) {
      int32_t a = gemm_a[i][k];
      for (int j = column; j < column + GEMM_TILE; j++)
        gemm_c[i][j] += a * gemm_b[k][j];
    }
}

void gemm_tiled(void) {
  for (int i = 0; i < GEMM_N; i++)
    for (int j = 0; j < GEMM_N; j++)
      gemm_c[i][j] = 0;
  for (int row = 0; row < GEMM_N; row += GEMM_TILE)
    for (int depth = 0; depth < GEMM_N; depth += GEMM_TILE)
      for (int column = 0; column < GEMM_N; column += GEMM_TILE)
        gemm_micro_kernel(row, column, depth);
}

/* Cold reference: one naive dot product, to spot-check a tile corner. */
static int32_t gemm_reference_element(int i, int j) {
  int32_t total = 0;
  for (int k = 0; k < GEMM_N; k++)
    total += gemm_a[i][k] * gemm_b[k][j];
  return total;
}

static uint64_t gemm_tiled_run(void) {
  uint32_t seed = 0x6e4401u;
  uint64_t hash = MODULE_FOLD_SEED;
  for (int i = 0; i < GEMM_N; i++)
    for (int j = 0; j < GEMM_N; j++) {
      gemm_a[i][j] = (int32_t)(module_xorshift32(&seed) % 255u) - 127;
      gemm_b[i][j] = (int32_t)(module_xorshift32(&seed) % 255u) - 127;
    }
  gemm_tiled();
  if (gemm_c[GEMM_N - 1][GEMM_N - 1] !=
      gemm_reference_element(GEMM_N - 1, GEMM_N - 1))
    hash = module_fold(hash, 0xbadu);
  for (int i = 0; i < GEMM_N; i++)
    for (int j = 0; j < GEMM_N; j++)
      hash = module_fold(hash, (uint32_t)gemm_c[i][j]);
  return hash;
}

FLUID_MODULE(gemm_tiled, "gemm_tiled", gemm_tiled_run, 0xe23b3dc2a0a5ff09ull, 5, 0);

/* transformer.c - one int8 transformer block, integer arithmetic only.
 *
 * The shape of a small LLM layer: RMSNorm, Q/K/V projections, RoPE, causal
 * softmax attention over 8 positions, output projection, then a SwiGLU
 * feed-forward network, each with a residual. Weights are int8 from a
 * xorshift generator; activations are requantized to int8 between layers.
 * Every nonlinearity (square root, exp, sine) is fixed point, so the result
 * is bit-exact on any CPU. matmul_int8 dominates the profile.
 */
#include "module.h"

#define DIM 32
#define HIDDEN 64
#define SEQ 8
#define HEADS 2
#define HEAD_DIM (DIM / HEADS)
#define Q15 32768

static int8_t w_q[DIM][DIM], w_k[DIM][DIM], w_v[DIM][DIM], w_o[DIM][DIM];
static int8_t w_1[HIDDEN][DIM], w_3[HIDDEN][DIM], w_2[DIM][HIDDEN];
static int32_t residual[SEQ][DIM];
static int8_t normed[SEQ][DIM], q[SEQ][DIM], k[SEQ][DIM], v[SEQ][DIM];
static int8_t attended[SEQ][DIM], gated[SEQ][HIDDEN];
static int32_t exp_table[64]; /* exp(-i/8) in Q15 */

static int8_t clamp_int8(int32_t x) {
  return (int8_t)(x > 127 ? 127 : x < -128 ? -128 : x);
}

/* out[r] = sum_c w[r][c] * x[c], the int8 x int8 -> int32 kernel. Kept
 * out of line so it is its own profile entry at every optimization level. */
__attribute__((noinline)) void matmul_int8(int32_t *out, const int8_t *w, const int8_t *x, int rows,
                 int columns) {
  for (int r = 0; r < rows; r++) {
    int32_t total = 0;
    for (int c = 0; c < columns; c++)
      total += (int32_t)w[r * columns + c] * x[c];
    out[r] = total;
  }
}

static uint32_t isqrt(uint32_t n) {
  uint32_t root = 0, bit = 1u << 30;
  while (bit > n)
    bit >>= 2;
  for (; bit; bit >>= 2) {
    if (n >= root + bit) {
      n -= root + bit;
      root = (root >> 1) + bit;
    } else {
      root >>= 1;
    }
  }
  return root;
}

/* Scales the row so its root-mean-square becomes 32. */
void rmsnorm(int8_t *out, const int32_t *x, int n) {
  uint32_t squares = 0;
  for (int i = 0; i < n; i++)
    squares += (uint32_t)(x[i] * x[i]) / (uint32_t)n;
  int32_t rms = (int32_t)isqrt(squares) + 1;
  for (int i = 0; i < n; i++)
    out[i] = clamp_int8(x[i] * 32 / rms);
}

static void exp_table_init(void) {
  exp_table[0] = Q15;
  for (int i = 1; i < 64; i++) /* exp(-1/8) = 0.8824969 = 28918 / 32768 */
    exp_table[i] = (int32_t)(((int64_t)exp_table[i - 1] * 28918) >> 15);
}

/* exp(-x / 8) in Q15 for x >= 0; 0 beyond the table. */
static int32_t exp_negative(int32_t x) { return x < 64 ? exp_table[x] : 0; }

/* sin and cos of a Q15 angle in [-pi, pi], by Taylor series in Q15. */
static void sincos_q15(int32_t angle, int32_t *sine, int32_t *cosine) {
  int32_t x2 = (int32_t)(((int64_t)angle * angle) >> 15);
  int32_t term_s = angle, term_c = Q15, s = angle, c = Q15;
  for (int n = 1; n < 10; n++) {
    term_s = -(int32_t)(((int64_t)term_s * x2) >> 15) / ((2 * n) * (2 * n + 1));
    term_c = -(int32_t)(((int64_t)term_c * x2) >> 15) / ((2 * n - 1) * (2 * n));
    s += term_s;
    c += term_c;
  }
  *sine = s;
  *cosine = c;
}

/* Rotates pairs (2i, 2i+1) of each head by pos * 10000^(-2i/HEAD_DIM). */
void rope(int8_t *vector, int position) {
  static const int32_t inverse_frequency_q15[HEAD_DIM / 2] = {
      32768, 10362, 3277, 1036, 328, 104, 33, 10};
  const int32_t pi = 102944, two_pi = 205887; /* Q15 */
  for (int head = 0; head < HEADS; head++)
    for (int i = 0; i < HEAD_DIM / 2; i++) {
      int32_t angle = position * inverse_frequency_q15[i], s, c;
      while (angle > pi)
        angle -= two_pi;
      sincos_q15(angle, &s, &c);
      int8_t *pair = vector + head * HEAD_DIM + 2 * i;
      int32_t a = pair[0], b = pair[1];
      pair[0] = clamp_int8((a * c - b * s) / Q15);
      pair[1] = clamp_int8((a * s + b * c) / Q15);
    }
}

/* Causal attention of position `t` over positions 0..t, one head. */
static void attention_head(int t, int head) {
  int32_t scores[SEQ], weights[SEQ], best = -0x7fffffff, total = 0;
  const int offset = head * HEAD_DIM;
  for (int s = 0; s <= t; s++) {
    int32_t dot = 0;
    for (int i = 0; i < HEAD_DIM; i++)
      dot += q[t][offset + i] * k[s][offset + i];
    scores[s] = dot / 256; /* 1/sqrt(HEAD_DIM) and a Q8 -> 1/8 unit scale */
    best = scores[s] > best ? scores[s] : best;
  }
  for (int s = 0; s <= t; s++) {
    weights[s] = exp_negative(best - scores[s]);
    total += weights[s];
  }
  for (int i = 0; i < HEAD_DIM; i++) {
    int32_t mixed = 0;
    for (int s = 0; s <= t; s++)
      mixed += weights[s] * v[s][offset + i];
    attended[t][offset + i] = clamp_int8(mixed / total);
  }
}

/* silu(x) * gate with x in 1/8 units: x * sigmoid(x). */
static int32_t swiglu(int32_t x, int32_t gate) {
  int32_t magnitude = x < 0 ? -x : x;
  int32_t e = exp_negative(magnitude); /* exp(-|x|/8) */
  int32_t sigmoid = (1 << 30) / (Q15 + e); /* Q15 * Q15 fits in 31 bits */
  if (x < 0)
    sigmoid = Q15 - sigmoid;
  return (int32_t)(((int64_t)x * sigmoid) >> 15) * gate / 16;
}

static void weights_init(int8_t *w, int count, uint32_t seed) {
  for (int i = 0; i < count; i++)
    w[i] = (int8_t)((int32_t)(module_xorshift32(&seed) % 61u) - 30);
}

static void block_forward(void) {
  int32_t scratch[HIDDEN], gate[HIDDEN];
  for (int t = 0; t < SEQ; t++) {
    rmsnorm(normed[t], residual[t], DIM);
    matmul_int8(scratch, &w_q[0][0], normed[t], DIM, DIM);
    for (int i = 0; i < DIM; i++)
      q[t][i] = clamp_int8(scratch[i] / 64);
    matmul_int8(scratch, &w_k[0][0], normed[t], DIM, DIM);
    for (int i = 0; i < DIM; i++)
      k[t][i] = clamp_int8(scratch[i] / 64);
    matmul_int8(scratch, &w_v[0][0], normed[t], DIM, DIM);
    for (int i = 0; i < DIM; i++)
      v[t][i] = clamp_int8(scratch[i] / 64);
    rope(q[t], t);
    rope(k[t], t);
  }
  for (int t = 0; t < SEQ; t++)
    for (int head = 0; head < HEADS; head++)
      attention_head(t, head);
  for (int t = 0; t < SEQ; t++) {
    matmul_int8(scratch, &w_o[0][0], attended[t], DIM, DIM);
    for (int i = 0; i < DIM; i++)
      residual[t][i] += scratch[i] / 64;
    rmsnorm(normed[t], residual[t], DIM);
    matmul_int8(scratch, &w_1[0][0], normed[t], HIDDEN, DIM);
    matmul_int8(gate, &w_3[0][0], normed[t], HIDDEN, DIM);
    for (int i = 0; i < HIDDEN; i++)
      gated[t][i] = clamp_int8(swiglu(scratch[i] / 64, gate[i] / 64));
    matmul_int8(scratch, &w_2[0][0], gated[t], DIM, HIDDEN);
    for (int i = 0; i < DIM; i++)
      residual[t][i] += scratch[i] / 64;
  }
}

static uint64_t transformer_run(void) {
  uint32_t seed = 0x11aa22bbu;
  uint64_t hash = MODULE_FOLD_SEED;
  exp_table_init();
  weights_init(&w_q[0][0], DIM * DIM, 101);
  weights_init(&w_k[0][0], DIM * DIM, 202);
  weights_init(&w_v[0][0], DIM * DIM, 303);
  weights_init(&w_o[0][0], DIM * DIM, 404);
  weights_init(&w_1[0][0], HIDDEN * DIM, 505);
  weights_init(&w_3[0][0], HIDDEN * DIM, 606);
  weights_init(&w_2[0][0], DIM * HIDDEN, 707);
  for (int t = 0; t < SEQ; t++)
    for (int i = 0; i < DIM; i++)
      residual[t][i] = (int32_t)(module_xorshift32(&seed) % 201u) - 100;
  block_forward();
  for (int t = 0; t < SEQ; t++)
    for (int i = 0; i < DIM; i++)
      hash = module_fold(hash, (uint32_t)residual[t][i]);
  return hash;
}

FLUID_MODULE(transformer, "transformer", transformer_run, 0xbde86ea6835d86cbull, 3, 0);

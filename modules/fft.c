/* fft.c - 64-point radix-2 complex FFT in double precision.
 *
 * Exercises the FPU (x87 on i386, SSE on x86_64), which the kernel's CPU
 * set-up must enable. Twiddle factors come from a Taylor series (there is no
 * libm). The outputs are rounded to quarter units before folding, so the
 * checksum does not depend on x87 extended precision.
 */
#include "module.h"

#define FFT_N 64
#define FFT_PI 3.14159265358979323846

struct complex_number {
  double re, im;
};

static struct complex_number fft_data[FFT_N], fft_twiddle[FFT_N / 2];

/* sin and cos of x in [-pi, pi] by Taylor series to 1e-16. */
void fft_sincos(double x, double *sine, double *cosine) {
  double term_s = x, term_c = 1.0, s = x, c = 1.0;
  for (int n = 1; n < 20; n++) {
    term_s *= -x * x / ((2 * n) * (2 * n + 1));
    term_c *= -x * x / ((2 * n - 1) * (2 * n));
    s += term_s;
    c += term_c;
  }
  *sine = s;
  *cosine = c;
}

static void fft_make_twiddles(void) {
  for (int k = 0; k < FFT_N / 2; k++) {
    double s, c;
    fft_sincos(-2.0 * FFT_PI * k / FFT_N, &s, &c);
    fft_twiddle[k].re = c;
    fft_twiddle[k].im = s;
  }
}

static void fft_bit_reverse(struct complex_number *data) {
  for (int i = 1, j = 0; i < FFT_N; i++) {
    int bit = FFT_N >> 1;
    for (; j & bit; bit >>= 1)
      j ^= bit;
    j ^= bit;
    if (i < j) {
      struct complex_number t = data[i];
      data[i] = data[j];
      data[j] = t;
    }
  }
}

/* Out of line: the hot loop nest is its own profile entry. */
__attribute__((noinline)) void fft_butterflies(struct complex_number *data) {
  for (int length = 2; length <= FFT_N; length <<= 1) {
    int step = FFT_N / length;
    for (int start = 0; start < FFT_N; start += length)
      for (int k = 0; k < length / 2; k++) {
        struct complex_number w = fft_twiddle[k * step];
        struct complex_number *u = &data[start + k];
        struct complex_number *v = &data[start + k + length / 2];
        double re = v->re * w.re - v->im * w.im;
        double im = v->re * w.im + v->im * w.re;
        v->re = u->re - re;
        v->im = u->im - im;
        u->re += re;
        u->im += im;
      }
  }
}

static int32_t fft_quantize(double x) {
  return (int32_t)(x >= 0 ? x * 4.0 + 0.5 : x * 4.0 - 0.5);
}

static uint64_t fft_run(void) {
  uint32_t seed = 0x5eed0fffu;
  uint64_t hash = MODULE_FOLD_SEED;
  fft_make_twiddles();
  for (int i = 0; i < FFT_N; i++) {
    fft_data[i].re = (double)((int32_t)(module_xorshift32(&seed) % 201u) - 100);
    fft_data[i].im = 0.0;
  }
  fft_bit_reverse(fft_data);
  fft_butterflies(fft_data);
  for (int i = 0; i < FFT_N; i++) {
    hash = module_fold(hash, (uint32_t)fft_quantize(fft_data[i].re));
    hash = module_fold(hash, (uint32_t)fft_quantize(fft_data[i].im));
  }
  return hash;
}

FLUID_MODULE(fft, "fft", fft_run, 0x691751d661c89721ull, 5, 0);

/* overhead_driver.c - times every variant's loop, interleaved, and prints the table.
 *
 * Usage: overhead_driver CALLS SAMPLE. Each variant makes CALLS calls, timed
 * in samples of SAMPLE calls; a round times one sample of every variant (the
 * starting variant rotates), so drift, frequency changes and preemption by
 * other processes hit all variants alike, and a preempted sample is an
 * outlier the median ignores. The table gives the median and the minimum
 * over the samples, in rdtsc ticks per call, and each variant's overhead
 * over the uninstrumented call. The hooks are checked to have fired: the equivalent
 * profiler's counts are read back here, Fluid's from its profile by the script.
 * This file is not instrumented.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned long long (*loop_fn)(unsigned long long iterations);

unsigned long long bench_loop_plain(unsigned long long);
unsigned long long bench_loop_fluid(unsigned long long);
unsigned long long bench_loop_fluidfs(unsigned long long);
unsigned long long bench_loop_cyg(unsigned long long);
unsigned long long bench_loop_xray(unsigned long long);
unsigned bench_leaf_cyg(unsigned);
unsigned bench_leaf_xray(unsigned);

/* overhead_equiv.c */
uint64_t bench_equiv_calls(uintptr_t key);
uint64_t bench_xray_key(int32_t function_id);
void bench_xray_handler(int32_t function_id, int entry_type);

/* compiler-rt's XRay interface (xray_interface.h is C++ only). */
int __xray_set_handler(void (*entry)(int32_t, int));
int __xray_patch(void);
uintptr_t __xray_function_address(int32_t function_id);
size_t __xray_max_function_id(void);


static inline uint64_t rdtsc(void) {
  uint32_t lo, hi;
  __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
  return ((uint64_t)hi << 32) | lo;
}

/* Variant 5: back-to-back rdtsc pairs, Fluid's two clock reads per call. */
static __attribute__((noinline)) unsigned long long
rdtsc_pairs(unsigned long long iterations) {
  unsigned long long sum = 0;
  for (unsigned long long i = 0; i < iterations; i++) {
    uint64_t first = rdtsc();
    uint64_t second = rdtsc();
    sum += second - first;
  }
  return sum;
}

struct variant {
  const char *label;
  loop_fn loop;
  double *ticks; /* per sample */
  double median, min;
};

static struct variant variants[] = {
    {"1 no instrumentation", bench_loop_plain},
    {"2 fluid (-O2 -fpass-plugin, hosted rt)", bench_loop_fluid},
    {"2b fluid, freestanding core (kernel path)", bench_loop_fluidfs},
    {"3 -finstrument-functions + equiv handler", bench_loop_cyg},
    {"4 xray (threshold=1, patched, handler)", bench_loop_xray},
    {"5 bare rdtsc pair (per pair)", rdtsc_pairs},
};
enum { Plain, Fluid, FluidFree, Cyg, Xray, RdtscPair, VariantCount };

static volatile unsigned long long sink;

static double time_per_call(loop_fn loop, unsigned long long iterations) {
  uint64_t start = rdtsc();
  sink = loop(iterations);
  return (double)(rdtsc() - start) / (double)iterations;
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void summarize(struct variant *v, unsigned long long samples) {
  qsort(v->ticks, samples, sizeof(double), compare_double);
  v->min = v->ticks[0];
  v->median = samples % 2 ? v->ticks[samples / 2]
                          : (v->ticks[samples / 2 - 1] + v->ticks[samples / 2]) / 2;
}

/* XRay numbers functions from 1; find the leaf's id from its address. */
static int32_t xray_id_of(uintptr_t address) {
  for (size_t id = 1; id <= __xray_max_function_id(); id++)
    if (__xray_function_address((int32_t)id) == address)
      return (int32_t)id;
  return 0;
}

static const char *verdict(int pass) { return pass ? "PASS" : "MISS"; }

static void print_ratio(const char *what, double median_ratio, double min_ratio,
                        const char *target, int pass) {
  printf("%-58s %6.2f (min %5.2f)  target %s  %s\n", what, median_ratio,
         min_ratio, target, verdict(pass));
}

/* Times SAMPLE calls of every variant per round, interleaved, after a
 * warm-up of WARMUP calls each; fills each variant's median and minimum. */
static void measure(unsigned long long samples, unsigned long long sample,
                    unsigned long long warmup) {
  /* Warm up: bind the PLT, create each profiler's context, fill caches. */
  for (int v = 0; v < VariantCount; v++)
    time_per_call(variants[v].loop, warmup);

  unsigned long long progress_step = samples / 4 ? samples / 4 : 1;
  for (unsigned long long round = 0; round < samples; round++) {
    if (round % progress_step == 0)
      fprintf(stderr, "overhead: round %llu of %llu\n", round + 1, samples);
    for (int k = 0; k < VariantCount; k++) {
      struct variant *v = &variants[(round + k) % VariantCount];
      v->ticks[round] = time_per_call(v->loop, sample);
    }
  }
  for (int v = 0; v < VariantCount; v++)
    summarize(&variants[v], samples);
}

static void print_table(void) {
  printf("%-42s %19s %24s\n", "", "ticks per call", "overhead per call");
  printf("%-42s %9s %9s %12s %11s\n", "variant", "median", "min", "median", "min");
  struct variant *base = &variants[Plain];
  for (int v = 0; v < VariantCount; v++) {
    struct variant *x = &variants[v];
    if (v == Plain || v == RdtscPair)
      printf("%-42s %9.2f %9.2f %12s %11s\n", x->label, x->median, x->min,
             "-", "-");
    else
      printf("%-42s %9.2f %9.2f %12.2f %11.2f\n", x->label, x->median, x->min,
             x->median - base->median, x->min - base->min);
  }
}

/* Variant V's overhead over the plain call: its median and its minimum. */
static double overhead_median(int v) {
  return variants[v].median - variants[Plain].median;
}
static double overhead_min(int v) { return variants[v].min - variants[Plain].min; }

static void print_ratios(void) {
  double pair_med = variants[RdtscPair].median, pair_min = variants[RdtscPair].min;
  double fluid_med = overhead_median(Fluid), fluid_min = overhead_min(Fluid);
  double cyg_med = overhead_median(Cyg), cyg_min = overhead_min(Cyg);
  printf("\n");
  print_ratio("ratio fluid overhead / rdtsc pair", fluid_med / pair_med,
             fluid_min / pair_min, "<= 1.20", fluid_med / pair_med <= 1.2);
  print_ratio("ratio fluid overhead / -finstrument-functions overhead",
             fluid_med / cyg_med, fluid_min / cyg_min, "<  1.00",
             fluid_med / cyg_med < 1.0);
  printf("%-58s %6.2f (min %5.2f)  (for information)\n",
         "ratio fluid overhead / xray overhead", fluid_med / overhead_median(Xray),
         fluid_min / overhead_min(Xray));
  printf("%-58s %6.2f (min %5.2f)  (for information)\n",
         "ratio fluid freestanding overhead / rdtsc pair",
         overhead_median(FluidFree) / pair_med, overhead_min(FluidFree) / pair_min);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s CALLS SAMPLE\n", argv[0]);
    return 2;
  }
  unsigned long long calls = strtoull(argv[1], 0, 10);
  unsigned long long sample = strtoull(argv[2], 0, 10);
  if (sample < 100 || calls < sample) {
    fprintf(stderr, "overhead: need SAMPLE >= 100 and CALLS >= SAMPLE\n");
    return 2;
  }
  unsigned long long samples = calls / sample;
  calls = samples * sample;
  for (int v = 0; v < VariantCount; v++)
    if (!(variants[v].ticks = malloc(samples * sizeof(double))))
      return 1;

  /* XRay: patch all sleds now, with a handler doing the equivalent work. */
  __xray_set_handler(bench_xray_handler);
  if (__xray_patch() != 1) { /* XRayPatchingStatus::SUCCESS */
    fprintf(stderr, "overhead: __xray_patch failed\n");
    return 1;
  }
  unsigned long long warmup = 10 * sample;
  measure(samples, sample, warmup);

  unsigned long long leaf_calls = warmup + calls;
  uint64_t cyg_calls = bench_equiv_calls((uintptr_t)bench_leaf_cyg);
  int32_t xray_id = xray_id_of((uintptr_t)bench_leaf_xray);
  uint64_t xray_calls = xray_id ? bench_equiv_calls(bench_xray_key(xray_id)) : 0;
  print_table();
  print_ratios();
  printf("\nhooks fired: leaf calls per variant %llu; equivalent handler counted "
         "cyg %llu, xray %llu\n",
         leaf_calls, (unsigned long long)cyg_calls,
         (unsigned long long)xray_calls);
  if (cyg_calls != leaf_calls || xray_calls != leaf_calls) {
    fprintf(stderr, "overhead: a handler missed calls: the figures are void\n");
    return 1;
  }
  return 0;
}

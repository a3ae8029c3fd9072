/* overhead_driver.c - times every variant's loop, interleaved, and prints the table.
 *
 * Usage: overhead_driver ITERATIONS REPEATS. Each repetition times every
 * variant once (the starting variant rotates, so drift and position effects
 * hit all alike); the table gives the median and the minimum over the
 * repetitions, in rdtsc ticks per call, and each variant's overhead over the
 * uninstrumented call. The hooks are checked to have fired: the equivalent
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

enum { MaxRepeats = 101 };

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
  double ticks[MaxRepeats];
  double median, min;
};

static struct variant variants[] = {
    {"1 no instrumentation", bench_loop_plain},
    {"2 fluid (-O2 -fpass-plugin, hosted rt)", bench_loop_fluid},
    {"3 -finstrument-functions + equiv handler", bench_loop_cyg},
    {"4 xray (threshold=1, patched, handler)", bench_loop_xray},
    {"5 bare rdtsc pair (per pair)", rdtsc_pairs},
};
enum { Plain, Fluid, Cyg, Xray, RdtscPair, VariantCount };

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

static void summarize(struct variant *v, int repeats) {
  double sorted[MaxRepeats];
  memcpy(sorted, v->ticks, sizeof(double) * repeats);
  qsort(sorted, repeats, sizeof(double), compare_double);
  v->min = sorted[0];
  v->median = repeats % 2 ? sorted[repeats / 2]
                          : (sorted[repeats / 2 - 1] + sorted[repeats / 2]) / 2;
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

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s ITERATIONS REPEATS\n", argv[0]);
    return 2;
  }
  unsigned long long iterations = strtoull(argv[1], 0, 10);
  int repeats = atoi(argv[2]);
  if (iterations < 1000 || repeats < 1 || repeats > MaxRepeats) {
    fprintf(stderr, "overhead: ITERATIONS >= 1000, 1 <= REPEATS <= %d\n",
            MaxRepeats);
    return 2;
  }

  /* XRay: patch all sleds now, with a handler doing the equivalent work. */
  __xray_set_handler(bench_xray_handler);
  if (__xray_patch() != 1) { /* XRayPatchingStatus::SUCCESS */
    fprintf(stderr, "overhead: __xray_patch failed\n");
    return 1;
  }

  /* Warm up: bind the PLT, create each profiler's context, fill caches. */
  unsigned long long warmup = iterations / 10;
  for (int v = 0; v < VariantCount; v++)
    time_per_call(variants[v].loop, warmup);

  for (int rep = 0; rep < repeats; rep++) {
    fprintf(stderr, "overhead: repetition %d/%d\n", rep + 1, repeats);
    for (int k = 0; k < VariantCount; k++) {
      struct variant *v = &variants[(rep + k) % VariantCount];
      v->ticks[rep] = time_per_call(v->loop, iterations);
    }
  }
  for (int v = 0; v < VariantCount; v++)
    summarize(&variants[v], repeats);

  unsigned long long leaf_calls = warmup + iterations * (unsigned long long)repeats;
  uint64_t cyg_calls = bench_equiv_calls((uintptr_t)bench_leaf_cyg);
  int32_t xray_id = xray_id_of((uintptr_t)bench_leaf_xray);
  uint64_t xray_calls = xray_id ? bench_equiv_calls(bench_xray_key(xray_id)) : 0;

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

  double fluid_med = variants[Fluid].median - base->median;
  double fluid_min = variants[Fluid].min - base->min;
  double cyg_med = variants[Cyg].median - base->median;
  double cyg_min = variants[Cyg].min - base->min;
  double xray_med = variants[Xray].median - base->median;
  double xray_min = variants[Xray].min - base->min;
  double pair_med = variants[RdtscPair].median, pair_min = variants[RdtscPair].min;
  printf("\n");
  print_ratio("ratio fluid overhead / rdtsc pair", fluid_med / pair_med,
             fluid_min / pair_min, "<= 1.20", fluid_med / pair_med <= 1.2);
  print_ratio("ratio fluid overhead / -finstrument-functions overhead",
             fluid_med / cyg_med, fluid_min / cyg_min, "<  1.00",
             fluid_med / cyg_med < 1.0);
  printf("%-58s %6.2f (min %5.2f)  (for information)\n",
         "ratio fluid overhead / xray overhead", fluid_med / xray_med,
         fluid_min / xray_min);
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

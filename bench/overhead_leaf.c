/* overhead_leaf.c - the measured function and its calling loop, one copy per variant.
 *
 * bench/overhead.sh compiles this file once per instrumentation variant
 * (BENCH_VARIANT = plain, fluid, cyg, xray), each with that variant's flags,
 * so every variant runs exactly the same machine code around its hooks. The
 * leaf is tiny and noinline; the loop makes each call depend on the previous
 * result, so calls cannot overlap and the figure is the cost of one call.
 * The loop function is instrumented too (one hook pair per measurement), as
 * it would be in a real instrumented program: every leaf call then has an
 * instrumented caller and each variant's profiler updates a caller edge.
 */
#ifndef BENCH_VARIANT
#error "compile with -DBENCH_VARIANT=<name>"
#endif

#define BENCH_JOIN2(a, b) a##_##b
#define BENCH_JOIN(a, b) BENCH_JOIN2(a, b)
#define BENCH_LEAF BENCH_JOIN(bench_leaf, BENCH_VARIANT)
#define BENCH_LOOP BENCH_JOIN(bench_loop, BENCH_VARIANT)

__attribute__((noinline)) unsigned BENCH_LEAF(unsigned x) {
  return x * 2654435761u + 1u;
}

unsigned long long BENCH_LOOP(unsigned long long iterations) {
  unsigned x = (unsigned)iterations;
  for (unsigned long long i = 0; i < iterations; i++)
    x = BENCH_LEAF(x);
  return x;
}

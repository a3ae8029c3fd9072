/* cpu.c - CPU feature set-up and the boot guard.
 *
 * cpu_init runs first thing in kmain. It reads CPUID, enables what the
 * workloads may use: x87 (fninit), SSE (CR4.OSFXSR/OSXMMEXCPT; the x86_64
 * entry code already set them because the ABI needs SSE from the first C
 * instruction), and when CPUID offers them XSAVE (CR4.OSXSAVE) with x87, SSE
 * and AVX state in XCR0. Then the boot guard compares the features the
 * compiler was allowed to use (its predefined macros) with CPUID and stops
 * with a clear message, instead of a later #UD, when one is missing.
 */
#include "defs.h"
#include "x86.h"

#define CR4_OSFXSR (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)
#define CR4_OSXSAVE (1u << 18)
#define XCR0_X87 0x1u
#define XCR0_SSE 0x2u
#define XCR0_AVX 0x4u

enum { LEAF1_ECX, LEAF1_EDX, LEAF7_EBX, LEAF7_ECX, EXT1_ECX, REGISTER_SETS };

struct feature {
  const char *name;
  uint8_t set;
  uint8_t bit;
};

/* Every feature the compiler may have used, from its predefined macros. */
static const struct feature compiled_for[] = {
#ifdef __SSE__
    {"sse", LEAF1_EDX, 25},
#endif
#ifdef __SSE2__
    {"sse2", LEAF1_EDX, 26},
#endif
#ifdef __SSE3__
    {"sse3", LEAF1_ECX, 0},
#endif
#ifdef __PCLMUL__
    {"pclmul", LEAF1_ECX, 1},
#endif
#ifdef __SSSE3__
    {"ssse3", LEAF1_ECX, 9},
#endif
#ifdef __FMA__
    {"fma", LEAF1_ECX, 12},
#endif
#ifdef __GCC_HAVE_SYNC_COMPARE_AND_SWAP_16
    {"cx16", LEAF1_ECX, 13},
#endif
#ifdef __SSE4_1__
    {"sse4.1", LEAF1_ECX, 19},
#endif
#ifdef __SSE4_2__
    {"sse4.2", LEAF1_ECX, 20},
#endif
#ifdef __MOVBE__
    {"movbe", LEAF1_ECX, 22},
#endif
#ifdef __POPCNT__
    {"popcnt", LEAF1_ECX, 23},
#endif
#ifdef __AES__
    {"aes", LEAF1_ECX, 25},
#endif
#ifdef __XSAVE__
    {"xsave", LEAF1_ECX, 26},
#endif
#ifdef __AVX__
    {"avx", LEAF1_ECX, 28},
#endif
#ifdef __F16C__
    {"f16c", LEAF1_ECX, 29},
#endif
#ifdef __RDRND__
    {"rdrnd", LEAF1_ECX, 30},
#endif
#ifdef __BMI__
    {"bmi1", LEAF7_EBX, 3},
#endif
#ifdef __AVX2__
    {"avx2", LEAF7_EBX, 5},
#endif
#ifdef __BMI2__
    {"bmi2", LEAF7_EBX, 8},
#endif
#ifdef __AVX512F__
    {"avx512f", LEAF7_EBX, 16},
#endif
#ifdef __RDSEED__
    {"rdseed", LEAF7_EBX, 18},
#endif
#ifdef __ADX__
    {"adx", LEAF7_EBX, 19},
#endif
#ifdef __CLFLUSHOPT__
    {"clflushopt", LEAF7_EBX, 23},
#endif
#ifdef __CLWB__
    {"clwb", LEAF7_EBX, 24},
#endif
#ifdef __SHA__
    {"sha", LEAF7_EBX, 29},
#endif
#ifdef __GFNI__
    {"gfni", LEAF7_ECX, 8},
#endif
#ifdef __VAES__
    {"vaes", LEAF7_ECX, 9},
#endif
#ifdef __VPCLMULQDQ__
    {"vpclmulqdq", LEAF7_ECX, 10},
#endif
#if defined(__LAHF_SAHF__) && defined(__x86_64__) /* always there in 32-bit mode */
    {"sahf", EXT1_ECX, 0},
#endif
#ifdef __LZCNT__
    {"lzcnt", EXT1_ECX, 5},
#endif
#ifdef __PRFCHW__
    {"prfchw", EXT1_ECX, 8},
#endif
    {0, 0, 0},
};

/* Read by trapasm*.asm: how to save FPU state around IRQ handlers. */
USED uint8_t trap_fpu_mode;

static uint32_t cpu_registers[REGISTER_SETS];
static char vendor[13];

static NOINSTR void read_features(void) {
  uint32_t r[4];
  cpuid(0, 0, r);
  uint32_t max_leaf = r[0];
  *(uint32_t *)&vendor[0] = r[1];
  *(uint32_t *)&vendor[4] = r[3];
  *(uint32_t *)&vendor[8] = r[2];
  cpuid(1, 0, r);
  cpu_registers[LEAF1_ECX] = r[2];
  cpu_registers[LEAF1_EDX] = r[3];
  if (max_leaf >= 7) {
    cpuid(7, 0, r);
    cpu_registers[LEAF7_EBX] = r[1];
    cpu_registers[LEAF7_ECX] = r[2];
  }
  cpuid(0x80000000u, 0, r);
  if (r[0] >= 0x80000001u) {
    cpuid(0x80000001u, 0, r);
    cpu_registers[EXT1_ECX] = r[2];
  }
}

static NOINSTR bool has(int set, int bit) {
  return (cpu_registers[set] >> bit) & 1u;
}

/* Enables x87, SSE and, when offered, XSAVE + AVX state. Returns XCR0. */
static NOINSTR uint64_t enable_vector_state(void) {
  fninit();
  if (has(LEAF1_EDX, 24) && has(LEAF1_EDX, 25)) { /* FXSR and SSE */
    write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
#ifndef __x86_64__
    trap_fpu_mode = 1; /* i386 stubs: fxsave instead of fnsave */
#endif
  }
  if (!has(LEAF1_ECX, 26)) /* no XSAVE: SSE is all we get */
    return 0;
  write_cr4(read_cr4() | CR4_OSXSAVE);
  uint32_t r[4];
  cpuid(0xd, 0, r); /* EAX: XCR0 bits this CPU supports */
  uint64_t xcr0 = XCR0_X87 | XCR0_SSE;
  if (has(LEAF1_ECX, 28) && (r[0] & XCR0_AVX))
    xcr0 |= XCR0_AVX;
  xsetbv(0, xcr0);
#ifdef __x86_64__
  trap_fpu_mode = 1; /* x86_64 stubs: xsave (AVX state too) over fxsave */
#endif
  return xgetbv(0);
}

NOINSTR const char *cpu_vendor(void) { return vendor; }

NOINSTR void cpu_init(void) {
  read_features();
  uint64_t xcr0 = enable_vector_state();
  kprintf("cpu: %s, sse %s, sse2 %s, xsave %s, avx %s, xcr0=%lx\n", vendor,
          has(LEAF1_EDX, 25) ? "yes" : "no", has(LEAF1_EDX, 26) ? "yes" : "no",
          has(LEAF1_ECX, 26) ? "on" : "no", (xcr0 & XCR0_AVX) ? "on" : "no",
          (unsigned long)xcr0);
  int missing = 0;
  for (const struct feature *f = compiled_for; f->name; f++)
    if (!has(f->set, f->bit)) {
      kprintf("cpu: the kernel was compiled for %s, which this CPU lacks\n",
              f->name);
      missing++;
    }
#ifdef __AVX__
  if (!(xcr0 & XCR0_AVX)) {
    kprintf("cpu: the kernel was compiled for AVX, but AVX state is off\n");
    missing++;
  }
#endif
  if (missing) {
    kprintf("cpu: boot guard: %d required feature(s) missing; "
            "rebuild for this CPU model\n", missing);
    qemu_exit(EXIT_CPU);
  }
}

/* cpu.c - CPU feature set-up and the boot guard.
 *
 * cpu_init runs first thing in kmain. It reads CPUID, enables what the
 * workloads may use: x87 (fninit), SSE (CR4.OSFXSR/OSXMMEXCPT; the x86_64
 * entry code already set them because the ABI needs SSE from the first C
 * instruction), and when CPUID offers them XSAVE (CR4.OSXSAVE) with x87, SSE
 * and AVX state in XCR0. Then the boot guard compares the features the
 * compiler was allowed to use (its predefined macros) with CPUID and stops
 * with a clear message, instead of a later #UD, when one is missing. That
 * list lives in features.c, the one kernel file compiled with the modules'
 * full target flags (this file is -mgeneral-regs-only, which hides them).
 */
#include "defs.h"
#include "x86.h"

#define CR4_OSFXSR (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)
#define CR4_OSXSAVE (1u << 18)
#define XCR0_X87 0x1u
#define XCR0_SSE 0x2u
#define XCR0_AVX 0x4u

#include "features.h"

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
  for (const struct feature *f = compiled_features; f->name; f++)
    if (!has(f->set, f->bit)) {
      kprintf("cpu: the kernel was compiled for %s, which this CPU lacks\n",
              f->name);
      missing++;
    }
  if (compiled_for_avx_state && !(xcr0 & XCR0_AVX)) {
    kprintf("cpu: the kernel was compiled for AVX, but AVX state is off\n");
    missing++;
  }
  if (missing) {
    kprintf("cpu: boot guard: %d required feature(s) missing; "
            "rebuild for this CPU model\n", missing);
    qemu_exit(EXIT_CPU);
  }
}

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
 *
 * The guard itself must run on any CPU of the architecture, so every
 * function here is compiled for the baseline ISA whatever -march the build
 * used: -march=skylake -mgeneral-regs-only would still allow lzcnt, movbe,
 * popcnt or BMI2's shlx, which #UD (or, lzcnt, silently misbehave) on
 * qemu64 before the guard could say why. A target attribute with arch=
 * replaces the build's CPU; the feature list keeps explicit -m<feature>
 * flags, hence the no- list of the general-purpose-register extensions.
 */
#ifdef __x86_64__
#pragma clang attribute push(__attribute__((target(                          \
    "arch=x86-64,no-popcnt,no-lzcnt,no-bmi,no-bmi2,no-movbe,no-adx,no-sahf,"  \
    "no-cx16,no-crc32,no-rdrnd,no-rdseed,no-tbm,no-prfchw"))),                \
                             apply_to = function)
#else
#pragma clang attribute push(__attribute__((target(                          \
    "arch=i686,no-popcnt,no-lzcnt,no-bmi,no-bmi2,no-movbe,no-adx,"            \
    "no-crc32,no-rdrnd,no-rdseed,no-tbm,no-prfchw"))),                        \
                             apply_to = function)
#endif
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

#ifndef FLUID_BUILD_FLAGS
#define FLUID_BUILD_FLAGS "?"
#endif

/* Names what the kernel was built for: the -march= and --fluid-cpu= words
 * of its build flags (the compiler's macros do not name the CPU). */
static NOINSTR void print_build_target(void) {
  static const char flags[] = FLUID_BUILD_FLAGS;
  int printed = 0;
  kprintf("cpu: boot guard: this kernel was built for");
  for (const char *word = flags; *word;) {
    const char *end = word;
    while (*end && *end != ' ')
      end++;
    size_t length = (size_t)(end - word);
    if ((length > 7 && kstrncmp(word, "-march=", 7) == 0) ||
        (length > 12 && kstrncmp(word, "--fluid-cpu=", 12) == 0)) {
      kprintf(" ");
      serial_write(word, length);
      printed++;
    }
    word = *end ? end + 1 : end;
  }
  kprintf("%s (flags: %s)\n", printed ? "" : " the default CPU", flags);
}

/* The raw leaves, one line each, in a fixed format the host parses. */
NOINSTR void cpu_dump_cpuid(void) {
  static const uint32_t leaves[][2] = {
      {0, 0}, {1, 0}, {7, 0}, {0xd, 0}, {0xd, 1}, {0x80000000u, 0},
      {0x80000001u, 0}};
  uint32_t r[4];
  cpuid(0, 0, r);
  uint32_t max_leaf = r[0];
  cpuid(0x80000000u, 0, r);
  uint32_t max_extended = r[0];
  for (size_t i = 0; i < sizeof leaves / sizeof leaves[0]; i++) {
    uint32_t leaf = leaves[i][0];
    if (leaf < 0x80000000u ? leaf > max_leaf : leaf > max_extended)
      r[0] = r[1] = r[2] = r[3] = 0; /* absent leaves read as zero */
    else
      cpuid(leaf, leaves[i][1], r);
    kprintf("cpuid: leaf=%x sub=%x eax=%x ebx=%x ecx=%x edx=%x\n", leaf,
            leaves[i][1], r[0], r[1], r[2], r[3]);
  }
  kprintf("cpuid: xcr0=%x\n",
          has(LEAF1_ECX, 26) ? (uint32_t)xgetbv(0) : 0u);
}

NOINSTR void cpu_init(void) {
  read_features();
  uint64_t xcr0 = enable_vector_state();
  kprintf("cpu: %s, sse %s, sse2 %s, xsave %s, avx %s, xcr0=%lx\n", vendor,
          has(LEAF1_EDX, 25) ? "yes" : "no", has(LEAF1_EDX, 26) ? "yes" : "no",
          has(LEAF1_ECX, 26) ? "on" : "no", (xcr0 & XCR0_AVX) ? "on" : "no",
          (unsigned long)xcr0);
  bool avx_state_missing = compiled_for_avx_state && !(xcr0 & XCR0_AVX);
  int missing = avx_state_missing;
  for (const struct feature *f = compiled_features; f->name; f++)
    missing += !has(f->set, f->bit);
  if (missing == 0)
    return;
  print_build_target();
  for (const struct feature *f = compiled_features; f->name; f++)
    if (!has(f->set, f->bit))
      kprintf("cpu: the kernel was compiled for %s, which this CPU lacks\n",
              f->name);
  if (avx_state_missing)
    kprintf("cpu: the kernel was compiled for AVX, but AVX state is off\n");
  kprintf("cpu: boot guard: %d required feature(s) missing; "
          "rebuild for this CPU model\n", missing);
  qemu_exit(EXIT_CPU);
}

#pragma clang attribute pop

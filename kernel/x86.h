/* x86.h - every inline-assembly instruction the kernel uses, one helper each.
 *
 * Keeping all inline asm here (as xv6 does) means the rest of the kernel is
 * plain C that any optimization level, and any instrumenting compiler, can
 * compile. Each helper is static inline and no_instrument_function: they are
 * single instructions, and a hook around `outb` in the serial path would
 * recurse into the profile exporter.
 */
#ifndef FLUID_X86_H
#define FLUID_X86_H

#include "types.h"

static inline NOINSTR void outb(uint16_t port, uint8_t value) {
  __asm__ __volatile__("outb %0, %1" : : "a"(value), "Nd"(port));
}

static inline NOINSTR uint8_t inb(uint16_t port) {
  uint8_t value;
  __asm__ __volatile__("inb %1, %0" : "=a"(value) : "Nd"(port));
  return value;
}

static inline NOINSTR void outl(uint16_t port, uint32_t value) {
  __asm__ __volatile__("outl %0, %1" : : "a"(value), "Nd"(port));
}

static inline NOINSTR uint64_t rdtsc(void) {
  uint32_t lo, hi;
  __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
  return ((uint64_t)hi << 32) | lo;
}

static inline NOINSTR void cpuid(uint32_t leaf, uint32_t subleaf,
                                 uint32_t regs[4]) {
  __asm__ __volatile__("cpuid"
                       : "=a"(regs[0]), "=b"(regs[1]), "=c"(regs[2]),
                         "=d"(regs[3])
                       : "a"(leaf), "c"(subleaf));
}

static inline NOINSTR uintptr_t read_cr0(void) {
  uintptr_t value;
  __asm__ __volatile__("mov %%cr0, %0" : "=r"(value));
  return value;
}

static inline NOINSTR void write_cr0(uintptr_t value) {
  __asm__ __volatile__("mov %0, %%cr0" : : "r"(value) : "memory");
}

static inline NOINSTR uintptr_t read_cr3(void) {
  uintptr_t value;
  __asm__ __volatile__("mov %%cr3, %0" : "=r"(value));
  return value;
}

static inline NOINSTR uintptr_t read_cr2(void) {
  uintptr_t value;
  __asm__ __volatile__("mov %%cr2, %0" : "=r"(value));
  return value;
}

static inline NOINSTR uintptr_t read_cr4(void) {
  uintptr_t value;
  __asm__ __volatile__("mov %%cr4, %0" : "=r"(value));
  return value;
}

static inline NOINSTR void write_cr4(uintptr_t value) {
  __asm__ __volatile__("mov %0, %%cr4" : : "r"(value) : "memory");
}

/* XCR0 selects the register state XSAVE manages; AVX needs bits 1 and 2. */
static inline NOINSTR uint64_t xgetbv(uint32_t index) {
  uint32_t lo, hi;
  __asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(index));
  return ((uint64_t)hi << 32) | lo;
}

static inline NOINSTR void xsetbv(uint32_t index, uint64_t value) {
  __asm__ __volatile__("xsetbv"
                       : : "c"(index), "a"((uint32_t)value),
                         "d"((uint32_t)(value >> 32)));
}

/* Resets the x87 unit to its default control word (all exceptions masked). */
static inline NOINSTR void fninit(void) {
  __asm__ __volatile__("fninit");
}

struct dtr; /* descriptor-table pointer, defined by trap.c */

static inline NOINSTR void lidt(const void *pointer) {
  __asm__ __volatile__("lidt (%0)" : : "r"(pointer) : "memory");
}

static inline NOINSTR void lgdt(const void *pointer) {
  __asm__ __volatile__("lgdt (%0)" : : "r"(pointer) : "memory");
}

/* Loads the task register: the CPU reads IST stacks from that TSS. */
static inline NOINSTR void ltr(uint16_t selector) {
  __asm__ __volatile__("ltr %0" : : "r"(selector));
}

static inline NOINSTR void sti(void) { __asm__ __volatile__("sti"); }
static inline NOINSTR void cli(void) { __asm__ __volatile__("cli"); }
static inline NOINSTR void halt(void) { __asm__ __volatile__("hlt"); }

/* The deliberate faults used by the diagnostic command-line modes. */
static inline NOINSTR void invalid_opcode(void) {
  __asm__ __volatile__("ud2");
}

static inline NOINSTR uint32_t divide(uint32_t dividend, uint32_t divisor) {
  uint32_t quotient, remainder;
  __asm__ __volatile__("divl %3"
                       : "=a"(quotient), "=d"(remainder)
                       : "a"(dividend), "rm"(divisor), "d"(0));
  (void)remainder;
  return quotient;
}

/* fault=stack: point the stack at unmapped memory and push. The #PF that
 * follows cannot push its own frame, so the CPU raises a double fault. */
static inline NOINSTR NORETURN void push_on_bad_stack(uintptr_t bad_stack) {
  __asm__ __volatile__("mov %0, %%" SP_REGISTER "\n\tpush $0" : : "r"(bad_stack));
  __builtin_unreachable();
}

/* The stack pointer, used to check that traps leave it where they found it. */
static inline NOINSTR uintptr_t read_sp(void) {
  uintptr_t value;
  __asm__ __volatile__("mov %%" SP_REGISTER ", %0" : "=r"(value));
  return value;
}

#endif /* FLUID_X86_H */

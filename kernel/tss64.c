/* tss64.c - x86_64 only: a TSS whose IST1 stack catches double faults.
 *
 * A fault whose own delivery faults (the classic case: the stack pointer is
 * bad, so pushing the exception frame faults again) becomes a double fault.
 * If #DF were delivered on the same broken stack it would fault a third
 * time, and the CPU resets: QEMU would exit with no diagnostic. tss_init
 * therefore loads a GDT with a 64-bit TSS whose interrupt stack table entry
 * 1 points at a dedicated stack, and trap.c routes vector 8 through IST1, so
 * the #DF diagnostic always has a good stack. Selectors 0x08 (code) and 0x10
 * (data) keep the values boot/entry64.asm gave them, so CS needs no reload.
 */
#include "defs.h"
#include "x86.h"

#define DOUBLE_FAULT_STACK_BYTES 16384
#define TSS_SELECTOR 0x18

struct tss64 {
  uint32_t reserved0;
  uint64_t rsp[3];
  uint64_t reserved1;
  uint64_t ist[7];
  uint64_t reserved2;
  uint16_t reserved3;
  uint16_t io_map_base;
} __attribute__((packed));

static struct tss64 tss;
static uint8_t double_fault_stack[DOUBLE_FAULT_STACK_BYTES]
    __attribute__((aligned(16)));
static uint64_t gdt[5];

NOINSTR void tss_init(void) {
  uint64_t base = (uintptr_t)&tss, limit = sizeof tss - 1;
  tss.ist[0] = (uintptr_t)(double_fault_stack + DOUBLE_FAULT_STACK_BYTES);
  tss.io_map_base = sizeof tss; /* no I/O permission bitmap */
  gdt[0] = 0;
  gdt[1] = 0x00af9a000000ffffull; /* 0x08: 64-bit code, as in entry64.asm */
  gdt[2] = 0x00cf92000000ffffull; /* 0x10: flat data */
  /* 0x18: 16-byte available 64-bit TSS descriptor (type 9, present). */
  gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
           ((limit >> 16 & 0xf) << 48) | ((base >> 24 & 0xff) << 56);
  gdt[4] = base >> 32;
  struct {
    uint16_t limit;
    uint64_t base;
  } __attribute__((packed)) pointer = {sizeof gdt - 1, (uintptr_t)gdt};
  lgdt(&pointer);
  ltr(TSS_SELECTOR);
}

/* tss32.c - i386 only: a double-fault task with its own stack.
 *
 * 32-bit x86 has no interrupt stack table. A fault whose delivery faults
 * (the stack pointer is bad, so pushing the exception frame faults again)
 * becomes a double fault, and an ordinary #DF gate would push onto the same
 * broken stack: a third fault, a CPU reset, and QEMU exits with no
 * diagnostic. Instead vector 8 is a task gate. tss_init loads a GDT with two
 * TSS descriptors: the kernel's own task (the CPU saves the interrupted
 * registers into it on the switch) and the double-fault task, whose TSS
 * gives a fresh stack, the kernel's segments and page directory, and
 * double_fault_task as its entry point. That task rebuilds a trap frame from
 * the saved state and reports it like any other exception. Selectors 0x08
 * (code) and 0x10 (data) keep the values boot/entry32.asm gave them.
 */
#include "defs.h"
#include "trap.h"
#include "x86.h"

#define DOUBLE_FAULT_STACK_BYTES 16384
#define KERNEL_TSS_SELECTOR 0x18
#define DOUBLE_FAULT_TSS_SELECTOR 0x20
#define KERNEL_CODE 0x08
#define KERNEL_DATA 0x10

struct tss32 {
  uint16_t link, reserved0;
  uint32_t esp0;
  uint16_t ss0, reserved1;
  uint32_t esp1;
  uint16_t ss1, reserved2;
  uint32_t esp2;
  uint16_t ss2, reserved3;
  uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
  uint16_t es, reserved4, cs, reserved5, ss, reserved6, ds, reserved7;
  uint16_t fs, reserved8, gs, reserved9, ldt, reserved10;
  uint16_t trap, io_map_base;
} __attribute__((packed));

static struct tss32 kernel_tss, double_fault_tss;
static uint8_t double_fault_stack[DOUBLE_FAULT_STACK_BYTES]
    __attribute__((aligned(16)));
static uint64_t gdt[5];

/* An available 32-bit TSS descriptor (type 9, present, ring 0). */
static NOINSTR uint64_t tss_descriptor(const struct tss32 *tss) {
  uint64_t base = (uintptr_t)tss, limit = sizeof *tss - 1;
  return (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
         ((limit >> 16 & 0xf) << 48) | ((base >> 24 & 0xff) << 56);
}

/* Entered by the task switch, not called: the CPU pushed the error code
 * where a return address would be, and there is nothing to return to. */
static NOINSTR NORETURN void double_fault_task(void) {
  uint32_t error = *(volatile uint32_t *)(double_fault_stack +
                                          DOUBLE_FAULT_STACK_BYTES - 4);
  static struct trapframe frame;
  const struct tss32 *t = &kernel_tss; /* the faulting task's state */
  frame.eax = t->eax;
  frame.ebx = t->ebx;
  frame.ecx = t->ecx;
  frame.edx = t->edx;
  frame.esi = t->esi;
  frame.edi = t->edi;
  frame.ebp = t->ebp;
  /* trap.c prints esp_at_pushad + 5 words (the stub's and CPU's pushes). */
  frame.esp_at_pushad = t->esp - 5 * 4;
  frame.vector = 8;
  frame.error = error;
  frame.ip = t->eip;
  frame.cs = t->cs;
  frame.flags = t->eflags;
  trap(&frame); /* reports and exits QEMU */
  for (;;)
    halt();
}

NOINSTR void tss_init(void) {
  struct tss32 *df = &double_fault_tss;
  df->eip = (uintptr_t)double_fault_task;
  df->esp = (uintptr_t)(double_fault_stack + DOUBLE_FAULT_STACK_BYTES);
  df->eflags = 0x2; /* reserved bit 1; IF clear: no interrupts in here */
  df->cr3 = read_cr3();
  df->cs = KERNEL_CODE;
  df->ss = df->ds = df->es = KERNEL_DATA;
  df->io_map_base = sizeof *df; /* no I/O permission bitmap */
  kernel_tss.io_map_base = sizeof kernel_tss;
  gdt[0] = 0;
  gdt[1] = 0x00cf9a000000ffffull; /* 0x08: flat 32-bit code, as entry32.asm */
  gdt[2] = 0x00cf92000000ffffull; /* 0x10: flat data */
  gdt[3] = tss_descriptor(&kernel_tss);
  gdt[4] = tss_descriptor(df);
  static struct {
    uint16_t limit;
    uint32_t base;
  } __attribute__((packed)) pointer;
  pointer.limit = sizeof gdt - 1;
  pointer.base = (uintptr_t)gdt;
  lgdt(&pointer);
  ltr(KERNEL_TSS_SELECTOR);
}

/* trap.c - the IDT, the exception diagnostic and IRQ dispatch.
 *
 * trap_init fills the IDT from trap_vectors (trapasm*.asm) and loads it.
 * Every CPU exception ends in exception_report: it prints the vector's name,
 * error code, faulting address (and CR2 for a page fault), the opcode bytes
 * at that address and the registers, then exits QEMU with status 0x20 +
 * vector, so each fault class is distinct and nothing hangs or reboots.
 * IRQs (vectors 32-47, from the remapped PIC) go to a registered handler,
 * bracketed so the profiling runtime knows an interrupt nested into the
 * interrupted function's frames.
 */
#include "defs.h"
#include "trap.h"
#include "x86.h"

#define IDT_VECTORS 48
#define IRQ_BASE 32
#define KERNEL_CODE_SELECTOR 0x08
#define GATE_INTERRUPT 0x8e /* present, ring 0, interrupt gate (IF off) */
#define GATE_TASK 0x85      /* present, ring 0, task gate (i386 #DF) */
#define DOUBLE_FAULT_TSS_SELECTOR 0x20 /* tss32.c */
#define MAPPED_LIMIT 0x40000000u /* the boot page tables map the first GiB */
#define OPCODE_BYTES 16

struct gate {
  uint16_t offset_low;
  uint16_t selector;
#ifdef __x86_64__
  uint8_t ist;
  uint8_t type;
  uint16_t offset_middle;
  uint32_t offset_high;
  uint32_t reserved;
#else
  uint8_t zero;
  uint8_t type;
  uint16_t offset_high;
#endif
} __attribute__((packed));

struct table_pointer {
  uint16_t limit;
  uintptr_t base;
} __attribute__((packed));

extern const uintptr_t trap_vectors[IDT_VECTORS];
static struct gate idt[IDT_VECTORS] __attribute__((aligned(16)));
static void (*irq_handlers[16])(void);
static volatile int trap_depth;

static const char *const exception_names[32] = {
    "#DE divide error",
    "#DB debug",
    "NMI",
    "#BP breakpoint",
    "#OF overflow",
    "#BR bound range exceeded",
    "#UD invalid opcode",
    "#NM device not available",
    "#DF double fault",
    "coprocessor segment overrun",
    "#TS invalid TSS",
    "#NP segment not present",
    "#SS stack-segment fault",
    "#GP general protection",
    "#PF page fault",
    "reserved (15)",
    "#MF x87 floating-point error",
    "#AC alignment check",
    "#MC machine check",
    "#XM SIMD floating-point error",
    "#VE virtualization exception",
    "#CP control protection",
    "reserved (22)",
    "reserved (23)",
    "reserved (24)",
    "reserved (25)",
    "reserved (26)",
    "reserved (27)",
    "#HV hypervisor injection",
    "#VC VMM communication",
    "#SX security exception",
    "reserved (31)",
};

NOINSTR void trap_init(void) {
  tss_init();
  for (int v = 0; v < IDT_VECTORS; v++) {
    uintptr_t target = trap_vectors[v];
    idt[v].offset_low = (uint16_t)target;
    idt[v].selector = KERNEL_CODE_SELECTOR;
    idt[v].type = GATE_INTERRUPT;
#ifdef __x86_64__
    idt[v].offset_middle = (uint16_t)(target >> 16);
    idt[v].offset_high = (uint32_t)(target >> 32);
    idt[v].ist = v == 8 ? 1 : 0; /* #DF on its own stack (tss64.c) */
#else
    idt[v].offset_high = (uint16_t)(target >> 16);
#endif
  }
#ifndef __x86_64__
  /* #DF switches to its own task and stack (tss32.c). */
  idt[8].offset_low = 0;
  idt[8].offset_high = 0;
  idt[8].selector = DOUBLE_FAULT_TSS_SELECTOR;
  idt[8].type = GATE_TASK;
#endif
  static struct table_pointer pointer;
  pointer.limit = sizeof idt - 1;
  pointer.base = (uintptr_t)idt;
  lidt(&pointer);
}

NOINSTR void trap_set_irq_handler(int irq, void (*handler)(void)) {
  irq_handlers[irq] = handler;
}

/* Prints the bytes at the faulting instruction, if they are mapped. */
static NOINSTR void print_opcode_bytes(uintptr_t address) {
  kprintf("trap: bytes at %p:", (void *)address);
  if (address >= MAPPED_LIMIT - OPCODE_BYTES) {
    kprintf(" (unmapped)\n");
    return;
  }
  const volatile uint8_t *code = (const volatile uint8_t *)address;
  for (int i = 0; i < OPCODE_BYTES; i++)
    kprintf(" %02x", code[i]);
  kprintf("\n");
}

static NOINSTR void print_registers(const struct trapframe *f) {
#ifdef __x86_64__
  kprintf("trap: rax=%lx rbx=%lx rcx=%lx rdx=%lx\n", f->rax, f->rbx, f->rcx,
          f->rdx);
  kprintf("trap: rsi=%lx rdi=%lx rbp=%lx rsp=%lx\n", f->rsi, f->rdi, f->rbp,
          f->sp);
  kprintf("trap: cs=%lx rflags=%lx\n", f->cs, f->flags);
#else
  kprintf("trap: eax=%x ebx=%x ecx=%x edx=%x\n", f->eax, f->ebx, f->ecx,
          f->edx);
  kprintf("trap: esi=%x edi=%x ebp=%x esp=%x\n", f->esi, f->edi, f->ebp,
          f->esp_at_pushad + 5 * 4);
  kprintf("trap: cs=%x eflags=%x\n", f->cs, f->flags);
#endif
}

static NOINSTR NORETURN void exception_report(struct trapframe *f) {
  uint32_t vector = (uint32_t)f->vector;
  kprintf("\ntrap: exception %u (%s)\n", vector, exception_names[vector]);
  kprintf("trap: error code %lx\n", (unsigned long)f->error);
  kprintf("trap: at address %p\n", (void *)f->ip);
  if (vector == 14)
    kprintf("trap: page fault address (cr2) %p\n", (void *)read_cr2());
  print_opcode_bytes(f->ip);
  print_registers(f);
  qemu_exit(EXIT_TRAP_BASE + vector);
}

NOINSTR void trap(struct trapframe *frame) {
  if (frame->vector < IRQ_BASE) {
    /* A fault while reporting a fault: exit at once, printing nothing more
     * (the printing may be what faulted). */
    if (trap_depth++ > 0) {
      outl(0xf4, EXIT_NESTED_TRAP);
      for (;;)
        halt();
    }
    exception_report(frame);
  }
  int irq = (int)frame->vector - IRQ_BASE;
  profile_irq_enter();
  if (irq_handlers[irq])
    irq_handlers[irq]();
  profile_irq_exit();
  if (irq >= 8)
    outb(0xa0, 0x20); /* end of interrupt to the secondary PIC */
  outb(0x20, 0x20);   /* and to the primary */
}

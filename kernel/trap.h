/* trap.h - the register frame built by trapasm32.asm / trapasm64.asm.
 *
 * Field order mirrors the pushes in the assembly stubs (the last pushed is
 * the lowest address, so the first field here). Keep the two in step.
 */
#ifndef FLUID_TRAP_H
#define FLUID_TRAP_H

#include "types.h"

#ifdef __x86_64__
struct trapframe {
  uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
  uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
  uint64_t vector, error; /* pushed by the stub */
  uint64_t ip, cs, flags; /* pushed by the CPU */
  uint64_t sp, ss;        /* always pushed in long mode */
};
#else
struct trapframe {
  uint32_t edi, esi, ebp, esp_at_pushad, ebx, edx, ecx, eax; /* pushad */
  uint32_t vector, error; /* pushed by the stub */
  uint32_t ip, cs, flags; /* pushed by the CPU (same privilege: no ss:esp) */
};
#endif

void trap(struct trapframe *frame);

#endif /* FLUID_TRAP_H */

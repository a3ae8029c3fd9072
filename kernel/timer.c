/* timer.c - the PIT as a high-rate interrupt source.
 *
 * timer_start remaps the 8259 PICs to vectors 32-47 (away from the CPU
 * exceptions), unmasks only IRQ 0, programs PIT channel 0 as a rate
 * generator at the requested frequency and enables interrupts. Each tick
 * calls timer_work, an ordinary (instrumented) function: in an instrumented
 * kernel the interrupt therefore nests hooks into whatever workload function
 * it interrupted, which is the case the runtime's shadow stack must survive.
 * Under -icount the PIT runs on instruction-driven virtual time, so the tick
 * pattern (and the profile) is the same on every run.
 */
#include "defs.h"
#include "x86.h"

#define PIT_FREQUENCY 1193182u
#define PIT_CHANNEL0 0x40
#define PIT_COMMAND 0x43
#define PIC1_COMMAND 0x20
#define PIC1_DATA 0x21
#define PIC2_COMMAND 0xa0
#define PIC2_DATA 0xa1

static volatile uint64_t ticks;
static volatile uint32_t work_checksum;

/* Deliberately instrumented and not inlined: the profile must show it. */
__attribute__((noinline)) void timer_work(uint64_t tick) {
  work_checksum = work_checksum * 31u + (uint32_t)tick;
}

__attribute__((noinline)) static void timer_interrupt(void) {
  ticks++;
  timer_work(ticks);
}

static NOINSTR void pic_remap(void) {
  outb(PIC1_COMMAND, 0x11); /* ICW1: initialise, expect ICW4 */
  outb(PIC2_COMMAND, 0x11);
  outb(PIC1_DATA, 32);      /* ICW2: IRQ 0-7 -> vectors 32-39 */
  outb(PIC2_DATA, 40);      /*       IRQ 8-15 -> vectors 40-47 */
  outb(PIC1_DATA, 0x04);    /* ICW3: secondary PIC on IRQ 2 */
  outb(PIC2_DATA, 0x02);
  outb(PIC1_DATA, 0x01);    /* ICW4: 8086 mode */
  outb(PIC2_DATA, 0x01);
  outb(PIC1_DATA, 0xfe);    /* mask everything but IRQ 0 */
  outb(PIC2_DATA, 0xff);
}

NOINSTR void timer_start(uint32_t hz) {
  uint32_t divisor = PIT_FREQUENCY / hz;
  if (divisor < 1)
    divisor = 1;
  if (divisor > 0xffff)
    divisor = 0xffff;
  pic_remap();
  trap_set_irq_handler(0, timer_interrupt);
  outb(PIT_COMMAND, 0x34); /* channel 0, low+high byte, mode 2 */
  outb(PIT_CHANNEL0, (uint8_t)divisor);
  outb(PIT_CHANNEL0, (uint8_t)(divisor >> 8));
  kprintf("timer: PIT at %u Hz (divisor %u)\n", PIT_FREQUENCY / divisor,
          divisor);
  sti();
}

NOINSTR void timer_stop(void) {
  cli();
  outb(PIC1_DATA, 0xff); /* mask every IRQ again */
}

NOINSTR uint64_t timer_ticks(void) { return ticks; }

/* qemu.c - leaving the virtual machine: isa-debug-exit and panic.
 *
 * QEMU's isa-debug-exit device (iobase 0xf4) ends the emulator when a value
 * is written to it, with host exit code (value << 1) | 1. scripts/qemu-run
 * decodes that and checks it against the "fluid: exit status N" line printed
 * here first, which also distinguishes our status 0 from a QEMU error.
 */
#include "defs.h"
#include "x86.h"

#define DEBUG_EXIT_PORT 0xf4

NOINSTR NORETURN void qemu_exit(uint32_t status) {
  cli();
  kprintf("fluid: exit status %u\n", status);
  outl(DEBUG_EXIT_PORT, status);
  /* Without the device (a real machine): stop here, interrupts off. */
  for (;;)
    halt();
}

NOINSTR NORETURN void panic(const char *what) {
  kprintf("panic: %s\n", what);
  qemu_exit(EXIT_PANIC);
}

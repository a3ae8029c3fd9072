/* main.c - kmain: from the boot stub to the exit status.
 *
 * The entry code (boot/entry32.asm or entry64.asm) calls kmain with the
 * loader's magic and info pointer, on the boot stack, interrupts off. kmain
 * brings up the serial line, the CPU state and the IDT, reads the command
 * line (multiboot -append, or the one stage 2 found in fluid.img), then
 * raises a requested fault, or runs the selected modules (optionally under a
 * high-rate timer), exports the profile of an instrumented build, and exits
 * QEMU with the status. kmain is not instrumented: it never returns, so an
 * entry hook here would leave the profiler's stack one frame deep forever.
 */
#include "../modules/module.h"
#include "defs.h"
#include "request.h"
#include "x86.h"

#define MULTIBOOT_LOADER_MAGIC 0x2badb002u /* boot/defs.inc */
#define FLUID_LOADER_MAGIC 0xf1d0b007u     /* boot/defs.inc */
#define INFO_FLAG_CMDLINE (1u << 2)
#define UNMAPPED_ADDRESS 0x7ead0000u       /* above the 1 GiB identity map */

struct boot_info { /* the multiboot 1 info structure, as far as we read it */
  uint32_t flags;
  uint32_t mem_lower, mem_upper;
  uint32_t boot_device;
  uint32_t cmdline;
};

#ifndef FLUID_BUILD_FLAGS
#define FLUID_BUILD_FLAGS "?"
#endif

/* The command line proper: multiboot loaders put the kernel's file name
 * first ("path args..."); Fluid's stage 2 passes only the arguments. */
static NOINSTR const char *boot_cmdline(uint32_t magic, uint32_t info_address) {
  const struct boot_info *info = (const struct boot_info *)(uintptr_t)info_address;
  if (!info || !(info->flags & INFO_FLAG_CMDLINE) || !info->cmdline)
    return "";
  const char *text = (const char *)(uintptr_t)info->cmdline;
  if (magic == MULTIBOOT_LOADER_MAGIC) {
    while (*text && *text != ' ')
      text++;
    while (*text == ' ')
      text++;
  }
  return text;
}

/* noinline: the diagnostic tests expect the faulting address in here. */
static NOINSTR __attribute__((noinline)) void raise_fault(enum fault_mode fault) {
  if (fault == FAULT_NONE)
    return;
  kprintf("fault: raising the requested exception\n");
  switch (fault) {
  case FAULT_UD2:
    invalid_opcode();
    break;
  case FAULT_DIVIDE: {
    volatile uint32_t zero = 0;
    divide(1, zero);
    break;
  }
  case FAULT_PAGE:
    *(volatile uint32_t *)(uintptr_t)UNMAPPED_ADDRESS = 0xf1d0;
    break;
  case FAULT_STACK:
    push_on_bad_stack(UNMAPPED_ADDRESS);
  case FAULT_NONE:
    return;
  }
  panic("fault: the requested exception did not happen");
}

NOINSTR NORETURN void kmain(uint32_t magic, uint32_t info) {
  static struct run_request request;
  serial_init();
  const char *loader = magic == MULTIBOOT_LOADER_MAGIC ? "multiboot"
                       : magic == FLUID_LOADER_MAGIC   ? "fluid-boot"
                                                       : "unknown";
  kprintf("\nfluid: kernel %s, booted by %s, built with %s\n", FLUID_ARCH_NAME,
          loader, FLUID_BUILD_FLAGS);
  if (magic != MULTIBOOT_LOADER_MAGIC && magic != FLUID_LOADER_MAGIC) {
    kprintf("fluid: unknown loader magic %x\n", magic);
    panic("boot: not started by a multiboot loader or fluid stage 2");
  }
  cpu_init();
  trap_init();
  const char *cmdline = boot_cmdline(magic, info);
  kprintf("fluid: cmdline \"%s\"\n", cmdline);
  if (cmdline_parse(cmdline, &request) < 0)
    qemu_exit(EXIT_CMDLINE);
  if (request.list_only) {
    runner_list();
    qemu_exit(EXIT_OK);
  }
  raise_fault(request.fault);
  profile_begin(&request);
  if (request.timer_hz)
    timer_start(request.timer_hz);
  int status = runner_run(&request);
  if (request.timer_hz) {
    timer_stop();
    kprintf("timer: %llu interrupts during the run\n",
            (unsigned long long)timer_ticks());
  }
  int profile_status = profile_finish(&request);
  qemu_exit(status != EXIT_OK ? (uint32_t)status : (uint32_t)profile_status);
}

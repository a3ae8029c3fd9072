/* defs.h - the kernel's internal interfaces, one block per subsystem file.
 *
 * Like xv6's defs.h: every cross-file function is declared here, so a reader
 * sees the whole kernel's shape in one place.
 */
#ifndef FLUID_DEFS_H
#define FLUID_DEFS_H

#include "types.h"

/* Exit statuses written to isa-debug-exit (QEMU exits with (status<<1)|1). */
enum exit_status {
  EXIT_OK = 0,             /* every selected module's checksum was right */
  EXIT_CHECKSUM = 1,       /* at least one module computed a wrong answer */
  EXIT_CMDLINE = 2,        /* the command line could not be parsed */
  EXIT_PANIC = 3,          /* a kernel invariant failed */
  EXIT_CPU = 4,            /* the CPU lacks a feature the kernel was built for */
  EXIT_IRQ_UNBALANCED = 5, /* the timer run left the profiler's stack unbalanced */
  EXIT_NESTED_TRAP = 6,    /* an exception inside the exception handler */
  EXIT_TRAP_BASE = 0x20,   /* + vector: an unexpected CPU exception */
};

/* serial.c */
void serial_init(void);
void serial_putc(char c);
void serial_write(const char *bytes, size_t length);

/* console.c */
void kprintf(const char *format, ...);
void kputs(const char *text);

/* qemu.c */
NORETURN void qemu_exit(uint32_t status);
NORETURN void panic(const char *what);

/* string.c */
size_t kstrlen(const char *text);
int kstrcmp(const char *left, const char *right);
int kstrncmp(const char *left, const char *right, size_t count);
void *memset(void *destination, int value, size_t count);
void *memcpy(void *destination, const void *source, size_t count);
void *memmove(void *destination, const void *source, size_t count);
int memcmp(const void *left, const void *right, size_t count);

/* cpu.c */
void cpu_init(void);
const char *cpu_vendor(void);

/* trap.c */
void trap_init(void);
void trap_set_irq_handler(int irq, void (*handler)(void));

/* tss64.c (x86_64: IST stack) or tss32.c (i386: task gate) for #DF */
void tss_init(void);

/* timer.c */
void timer_start(uint32_t hz);
void timer_stop(void);
uint64_t timer_ticks(void);

/* cmdline.c */
struct run_request;
int cmdline_parse(const char *text, struct run_request *request);

/* runner.c */
int runner_run(const struct run_request *request);
void runner_list(void);

/* profile.c */
void profile_begin(const struct run_request *request);
void profile_irq_enter(void);
void profile_irq_exit(void);
int profile_finish(const struct run_request *request);

#endif /* FLUID_DEFS_H */

/* six-main.c - a -nostdlib program (x86_64 or i386) that runs six.c's
 * functions, prints their checksum and exports the profile to stdout. */
#include <fluid_rt.h>

#include "../../../Inputs/nostdlib_syscalls.h"

int f0(int), f1(int), f2(int), f3(const int *, int), fs(int), fz(int *, int);

static NO_HOOKS void put_number(unsigned v) {
  char text[12];
  int n = 0;
  do
    text[11 - n++] = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  sys_write(text + 12 - n, n);
}

static int a[32];

/* The kernel enters _start with the stack 16-byte aligned, not as after a
 * call: realign it for compiled code that keeps vectors on the stack. */
NO_HOOKS __attribute__((force_align_arg_pointer)) void _start(void) {
  for (int i = 0; i < 32; i++)
    a[i] = i * 5 - 40;
  unsigned sum = f0(100) + f1(100) + f2(100) + f3(a, 32) + fs(100) + fz(a, 32);
  sys_write("checksum ", 9);
  put_number(sum);
  sys_write("\n", 1);
  __fluid_export(to_stdout, 0);
  sys_exit(0);
}

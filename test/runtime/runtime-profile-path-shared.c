// A fixed profile path (no %p) shared by a parent and its fork child: the
// last writer's profile stays, and the process that replaces the other's
// profile says so once on stderr. A profile left by an earlier run is
// replaced without a word.
// RUN: %clang -O1 %fluid_cc_instrument %s -o %t %fluid_link_hosted
// RUN: rm -f %t.profile
// RUN: env FLUID_PROFILE_FILE=%t.profile %t fork 2> %t.err | %FileCheck --check-prefix=OUT %s
// RUN: %FileCheck --check-prefix=WARN %s < %t.err
// RUN: %profile_check %t.profile | %FileCheck %s
// RUN: env FLUID_PROFILE_FILE=%t.profile %t alone 2> %t.alone.err
// RUN: %count 0 < %t.alone.err
// RUN: %profile_check %t.profile | %FileCheck --check-prefix=ALONE %s
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

volatile int sink;

__attribute__((noinline)) void parent_work(void) { sink++; }
__attribute__((noinline)) void child_work(void) { sink++; }

int main(int argc, char **argv) {
  parent_work();
  parent_work();
  if (argc != 2 || strcmp(argv[1], "fork") != 0)
    return 0;
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    for (int i = 0; i < 3; i++)
      child_work();
    return 0; // writes first
  }
  int status;
  waitpid(child, &status, 0);
  printf("child status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return 0; // writes last, over the child's profile
}
// OUT: child status 0
// WARN: fluid-rt: warning: profile '{{.*}}.profile' was written by another process since this one started and is replaced; put %p in FLUID_PROFILE_FILE to keep one profile per process
// WARN-NOT: fluid-rt
// CHECK: function child_work calls=0
// CHECK-NEXT: function main calls=1
// CHECK-NEXT: function parent_work calls=2
// ALONE: function child_work calls=0
// ALONE-NEXT: function main calls=1
// ALONE-NEXT: function parent_work calls=2

// exec and _exit end a program's image without exit()'s destructors: the
// hosted runtime writes the profile first (frames open then closed with
// their time so far). execl and execvp are covered through their own
// entry points (the C library's calls between its exec functions are not
// interposable). A fork child that execs writes nothing: its counts are its
// parent's, whose own profile is the only one.
// RUN: %clang -O1 %fluid_cc_instrument %s -o %t %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.execl.profile %t execl | %FileCheck --check-prefix=REPLACED %s
// RUN: %profile_check %t.execl.profile | %FileCheck %s
// RUN: env FLUID_PROFILE_FILE=%t.execvp.profile %t execvp | %FileCheck --check-prefix=REPLACED %s
// RUN: %profile_check %t.execvp.profile | %FileCheck %s
// RUN: env FLUID_PROFILE_FILE=%t.exit.profile not %t _exit
// RUN: %profile_check %t.exit.profile | %FileCheck %s
// RUN: rm -rf %t.fork && mkdir %t.fork
// RUN: env FLUID_PROFILE_FILE=%t.fork/%%p.profile %t fork | %FileCheck --check-prefix=REPLACED %s
// RUN: ls %t.fork | count 1
// RUN: %profile_check %t.fork/*.profile | %FileCheck --check-prefix=FORK %s
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

volatile int sink;

__attribute__((noinline)) void step(int x) { sink += x; }

__attribute__((noinline)) int leave(const char *how) {
  for (int i = 0; i < 3; i++)
    step(i);
  fflush(stdout);
  char *argv[] = {"echo", "replaced", NULL};
  if (strcmp(how, "execl") == 0)
    execl("/bin/echo", "echo", "replaced", (char *)NULL);
  else if (strcmp(how, "execvp") == 0)
    execvp("echo", argv);
  else if (strcmp(how, "_exit") == 0)
    _exit(7);
  else if (strcmp(how, "fork") == 0) {
    pid_t child = fork();
    if (child == 0)
      execv("/bin/echo", argv);
    int status;
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
  }
  return 1;
}

int main(int argc, char **argv) {
  return argc == 2 ? leave(argv[1]) : 2;
}
// REPLACED: replaced
// CHECK: function leave calls=1 self={{[0-9]+}} total={{[1-9][0-9]*}}
// CHECK: function main calls=1 self={{[0-9]+}} total={{[1-9][0-9]*}}
// CHECK: function step calls=3
// CHECK: edge leave -> step calls=3
// CHECK: edge main -> leave calls=1
// CHECK: event closed_at_exit=2
// FORK: function step calls=3
// FORK: event closed_at_exit=0

// Where the hosted runtime writes its profile: a relative FLUID_PROFILE_FILE
// is taken from the directory the program started in, not the one it moved
// to (chdir) before exiting; unset, the profile is fluid-<pid>.profile there;
// a profile that cannot be written is named as configured (not by its
// temporary file) in a one-line error, and the program's own exit status
// and output are unchanged.
// RUN: rm -rf %t && mkdir -p %t/start/elsewhere
// RUN: %clang -O1 %fluid_cc_instrument %s -o %t/prog %fluid_link_hosted
// RUN: cd %t/start && env FLUID_PROFILE_FILE=relative.profile %t/prog elsewhere | %FileCheck --check-prefix=OUT %s
// RUN: %profile_check %t/start/relative.profile | %FileCheck %s
// RUN: not ls %t/start/elsewhere/relative.profile
// RUN: cd %t/start && env -u FLUID_PROFILE_FILE %t/prog elsewhere > %t/default.out
// RUN: ls %t/start | %FileCheck --check-prefix=DEFAULT %s
// RUN: cat %t/default.out | %FileCheck --check-prefix=OUT %s
// RUN: %profile_check %t/start/fluid-*.profile | %FileCheck %s
// RUN: env FLUID_PROFILE_FILE=%t/missing-dir/p.profile %t/prog . 2> %t/error.txt | %FileCheck --check-prefix=OUT %s
// RUN: %FileCheck --check-prefix=ERROR %s < %t/error.txt
#include <stdio.h>
#include <unistd.h>

__attribute__((noinline)) int move_to(const char *directory) {
  return chdir(directory);
}

int main(int argc, char **argv) {
  if (argc != 2 || move_to(argv[1]) != 0)
    return 2;
  printf("moved\n");
  return 0;
}
// OUT: moved
// CHECK: function move_to calls=1
// DEFAULT: {{^}}fluid-{{[0-9]+}}.profile{{$}}
// ERROR: fluid-rt: error: cannot write profile '{{.*}}missing-dir/p.profile': No such file or directory
// ERROR-NOT: tmp

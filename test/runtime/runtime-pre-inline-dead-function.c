// Pre-inline profiles list every source function, also one the optimizer
// deletes later as dead: rarely() is called only when choose() gets a
// nonzero mode, which constant propagation rules out at -O2, so its body is
// deleted, yet the profile lists it with 0 calls (its record is kept in
// llvm.compiler.used). After inlining only what remains is instrumented,
// and rarely() is absent.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %fluid_cc --fluid-instrument=pre-inline -O2 %s -o %t/pre
// RUN: env FLUID_PROFILE_FILE=%t/pre.profile %t/pre | FileCheck --check-prefix=OUT %s
// RUN: %profile_check %t/pre.profile | FileCheck --check-prefix=PRE %s
// RUN: %llvm_nm %t/pre | FileCheck --check-prefix=DELETED %s
// RUN: %fluid_cc --fluid-instrument -O2 %s -o %t/post
// RUN: env FLUID_PROFILE_FILE=%t/post.profile %t/post | FileCheck --check-prefix=OUT %s
// RUN: %profile_check %t/post.profile | FileCheck --check-prefix=POST %s
// OUT: sum=15
// PRE: function main calls=1
// PRE-NEXT: function {{.*}}:choose calls=5
// PRE-NEXT: function {{.*}}:rarely calls=0 self=0 total=0
// DELETED-NOT: rarely
// POST-NOT: rarely
// POST: function main calls=1
// POST-NOT: rarely
#include <stdio.h>

static int rarely(int x) { return x * 7 + 3; }

static int choose(int mode, int x) { return mode ? rarely(x) : x + 1; }

int main(void) {
  int sum = 0;
  for (int i = 0; i < 5; i++)
    sum += choose(0, i);
  printf("sum=%d\n", sum);
  return 0;
}

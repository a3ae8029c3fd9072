// Through clang, every record names the level of the pipeline that
// instrumented it, at each level, with either placement: post-inline (the
// optimizer's end: at -O1 and up `helper` is inlined and has no record) and
// pre-inline (the pipeline's start: `helper` keeps its record), on x86_64
// and i386.
// RUN: %clang --target=x86_64-unknown-linux-gnu -O0 %fluid_cc_instrument -S -emit-llvm -o - %s | %FileCheck %s --check-prefixes=POST,POST-O0 -DLEVEL=O0
// RUN: %clang --target=x86_64-unknown-linux-gnu -O1 %fluid_cc_instrument -S -emit-llvm -o - %s | %FileCheck %s --check-prefix=POST -DLEVEL=O1
// RUN: %clang --target=x86_64-unknown-linux-gnu -O2 %fluid_cc_instrument -S -emit-llvm -o - %s | %FileCheck %s --check-prefix=POST -DLEVEL=O2
// RUN: %clang --target=x86_64-unknown-linux-gnu -O3 %fluid_cc_instrument -S -emit-llvm -o - %s | %FileCheck %s --check-prefix=POST -DLEVEL=O3
// RUN: %clang --target=x86_64-unknown-linux-gnu -Os %fluid_cc_instrument -S -emit-llvm -o - %s | %FileCheck %s --check-prefix=POST -DLEVEL=Os
// RUN: %clang --target=x86_64-unknown-linux-gnu -Oz %fluid_cc_instrument -S -emit-llvm -o - %s | %FileCheck %s --check-prefix=POST -DLEVEL=Oz
// RUN: %clang --target=i386-unknown-linux-gnu -O0 %fluid_cc_instrument -mllvm -fluid-placement=pre-inline -S -emit-llvm -o - %s | %FileCheck %s --check-prefix=PRE -DLEVEL=O0
// RUN: %clang --target=i386-unknown-linux-gnu -O1 %fluid_cc_instrument -mllvm -fluid-placement=pre-inline -S -emit-llvm -o - %s | %FileCheck %s --check-prefix=PRE -DLEVEL=O1
// RUN: %clang --target=i386-unknown-linux-gnu -O2 %fluid_cc_instrument -mllvm -fluid-placement=pre-inline -S -emit-llvm -o - %s | %FileCheck %s --check-prefix=PRE -DLEVEL=O2
// RUN: %clang --target=i386-unknown-linux-gnu -O3 %fluid_cc_instrument -mllvm -fluid-placement=pre-inline -S -emit-llvm -o - %s | %FileCheck %s --check-prefix=PRE -DLEVEL=O3
// RUN: %clang --target=i386-unknown-linux-gnu -Os %fluid_cc_instrument -mllvm -fluid-placement=pre-inline -S -emit-llvm -o - %s | %FileCheck %s --check-prefix=PRE -DLEVEL=Os
// RUN: %clang --target=i386-unknown-linux-gnu -Oz %fluid_cc_instrument -mllvm -fluid-placement=pre-inline -S -emit-llvm -o - %s | %FileCheck %s --check-prefix=PRE -DLEVEL=Oz

// POST:     @__fluid_names.api = private unnamed_addr constant {{.*}} c"api\00\01[[LEVEL]]\00{{[^"]*}}clang-record-level.c\00"
// POST-O0:  @__fluid_names.helper = private unnamed_addr constant {{.*}} c"clang-record-level.c:helper\00\01O0\00{{[^"]*}}clang-record-level.c\00"

// PRE-DAG: @__fluid_names.api = private unnamed_addr constant {{.*}} c"api\00\01[[LEVEL]]\00{{[^"]*}}clang-record-level.c\00"
// PRE-DAG: @__fluid_names.helper = private unnamed_addr constant {{.*}} c"clang-record-level.c:helper\00\01[[LEVEL]]\00{{[^"]*}}clang-record-level.c\00"

static int helper(int x) {
  int s = 0;
  for (int i = 0; i < x; i++)
    s += i * x;
  return s;
}

int api(int x) { return helper(x) + helper(x + 1); }

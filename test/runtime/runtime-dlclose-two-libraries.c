// Two instrumented libraries unloaded one after the other: the runtime's
// copy of the second one's records may be mapped where the first one was,
// so edges must follow their records to the copies when a library goes,
// not be looked up by address later (found in Lua's test suite, where
// lib11's luaopen_lib11 -> lib1_export came out as onefunction ->
// lib1_export). Every edge names its true caller and callee, with exact
// counts.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %fluid_cc --fluid-instrument -O2 -fPIC -shared -DNAME=a %S/Inputs/unload-pair-lib.c -o %t/liba.so
// RUN: %fluid_cc --fluid-instrument -O2 -fPIC -shared -DNAME=b %S/Inputs/unload-pair-lib.c -o %t/libb.so
// RUN: %fluid_cc --fluid-instrument -O2 %s -o %t/main -ldl
// RUN: cd %t && env FLUID_PROFILE_FILE=%t/p.profile ./main | FileCheck --check-prefix=OUT %s
// RUN: %profile_check %t/p.profile | FileCheck %s
// OUT: unloaded both
// CHECK: function a_entry calls=1
// CHECK: function a_work calls=1
// CHECK: function b_entry calls=2
// CHECK: function b_work calls=2
// CHECK-NOT: edge a_entry -> b_
// CHECK: edge a_entry -> a_work calls=1
// CHECK-NEXT: edge b_entry -> b_work calls=2
// CHECK-NEXT: edge main -> a_entry calls=1
// CHECK-NEXT: edge main -> b_entry calls=2
// CHECK: event orphan_exits=0
#include <dlfcn.h>
#include <stdio.h>

static int call(void *library, const char *name, int x) {
  int (*entry)(int) = (int (*)(int))dlsym(library, name);
  return entry(x);
}

int main(void) {
  void *a = dlopen("./liba.so", RTLD_NOW | RTLD_LOCAL);
  void *b = dlopen("./libb.so", RTLD_NOW | RTLD_LOCAL);
  if (!a || !b) {
    printf("dlopen: %s\n", dlerror());
    return 1;
  }
  int sum = call(a, "a_entry", 100) + call(b, "b_entry", 100) +
            call(b, "b_entry", 50);
  dlclose(a);
  dlclose(b);
  printf("unloaded both (%d)\n", sum);
  return 0;
}

// Functions in an instrumented shared library are profiled by the one hosted
// runtime (found through the library's .note.fluid), calls across the
// boundary make edges, and an inline function instantiated in both objects
// appears once with the calls of both (10 from the program, 20 from the lib,
// whose copy is hidden so it keeps its own record).
// RUN: %clangxx -O1 -fno-inline -fvisibility-inlines-hidden -fPIC -shared %fluid_cc_instrument %S/Inputs/shared-lib.cpp -o %t.lib.so %fluid_link_hosted
// RUN: %clangxx -O1 %fluid_cc_instrument -fno-inline %s -o %t -I%S/Inputs %t.lib.so -Wl,-rpath,%T %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.profile %t | %FileCheck --check-prefix=OUT %s
// RUN: %python %S/../Inputs/profile_check.py %t.profile | %FileCheck %s
#include "shared-lib.h"
#include <cstdio>

int main() {
  int total = 0;
  for (int i = 0; i < 500; i++)
    total += lib_square(i % 10);
  for (int i = 0; i < 10; i++)
    total += twice(i);
  total += lib_sum_twice(20);
  std::printf("total=%d\n", total);
  return 0;
}
// OUT: total=14720
// CHECK: function _Z10lib_squarei calls=500
// CHECK: function _Z13lib_sum_twicei calls=1
// CHECK: function _Z5twicei calls=30
// CHECK: edge _Z13lib_sum_twicei -> _Z5twicei calls=20
// CHECK: edge main -> _Z10lib_squarei calls=500
// CHECK: edge main -> _Z5twicei calls=10

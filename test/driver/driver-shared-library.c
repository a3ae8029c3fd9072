// fluid-cc --fluid-instrument -shared links the hosted runtime into an
// instrumented shared library; a program built by fluid-cc against it
// reports the library's functions with exact counts and the calls across
// the boundary as edges.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %fluid_cc --fluid-instrument --fluid-time-all -O1 -fPIC -shared %S/Inputs/shapes-lib.c -o %t/libshapes.so
// RUN: %llvm_readelf -d %t/libshapes.so | FileCheck --check-prefix=NEEDED %s
// RUN: %fluid_cc --fluid-instrument --fluid-time-all -O1 %s -o %t/prog -L%t -lshapes -Wl,-rpath,%t
// RUN: env FLUID_PROFILE_FILE=%t/prog.profile %t/prog | FileCheck --check-prefix=OUT %s
// RUN: %python %S/../Inputs/profile_check.py %t/prog.profile | FileCheck %s
#include <stdio.h>

int lib_area(int w, int h);
int lib_total_area(int n);

int main(void) {
  int sum = 0;
  for (int i = 0; i < 7; i++)
    sum += lib_area(i, 3);
  sum += lib_total_area(12);
  printf("sum=%d\n", sum);
  return 0;
}
// NEEDED: (NEEDED) Shared library: [libfluid_rt_hosted.so]
// OUT: sum=791
// CHECK: function lib_area calls=19
// CHECK: function lib_total_area calls=1
// CHECK: function main calls=1
// CHECK: edge lib_total_area -> lib_area calls=12
// CHECK: edge main -> lib_area calls=7
// CHECK: edge main -> lib_total_area calls=1
// CHECK: event orphan_exits=0

// An inline function two objects decided differently about: one object
// (built with -fluid-untimed-size=0) times it, the other counts its calls
// only (too small to time). The linker keeps one record for it, the counted
// object's (linked first). Hooks of the timed copies on that untimed record
// count the call and leave the time to the caller: the function stays
// untimed with every call counted and no cycles, and the profile's figures
// add up (profile_check runs fluid-prof validate).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %fluid_cxx -O2 --fluid-instrument=pre-inline -c %s -o %t/counted.o
// RUN: %fluid_cxx -O2 --fluid-instrument=pre-inline -mllvm -fluid-untimed-size=0 \
// RUN:   -DTIMED_SIDE -c %s -o %t/timed.o
// RUN: %fluid_cxx --fluid-instrument=pre-inline %t/counted.o %t/timed.o -o %t/prog
// RUN: env FLUID_PROFILE_FILE=%t/prog.profile %t/prog | FileCheck --check-prefix=OUT %s
// RUN: %profile_check %t/prog.profile | FileCheck %s
// OUT: sum 4997000
// CHECK: function _Z5timedi calls=1 self=
// CHECK: function _Z5twicei calls=3000 self=0 total=0 min=0 max=0 untimed
inline int twice(int X) { return 2 * X; }

#ifdef TIMED_SIDE
int timed(int N) {
  int Sum = 0;
  for (int I = 0; I < N; ++I)
    Sum += twice(I);
  return Sum;
}
#else
#include <cstdio>
int timed(int N);
int counted(int N) {
  int Sum = 0;
  for (int I = 0; I < N; ++I)
    Sum += twice(I);
  return Sum;
}
int main() {
  std::printf("sum %d\n", counted(1000) + timed(2000));
  return 0;
}
#endif

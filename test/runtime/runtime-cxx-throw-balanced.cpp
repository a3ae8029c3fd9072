// 1,000 C++ throws through three instrumented frames: frames with cleanups
// exit through their hook before `resume`, frames without are closed by the
// runtime (stack-pointer resync); counts are exact and the stack balanced.
// RUN: %clangxx -O1 %fluid_cc_instrument %s -o %t %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.profile %t | %FileCheck --check-prefix=OUT %s
// RUN: %python %S/../Inputs/profile_check.py %t.profile | %FileCheck %s
#include <fluid_rt.h>
#include <cstdio>
#include <stdexcept>
#include <string>

volatile int sink;

__attribute__((noinline)) void thrower(int i) {
  sink += i;
  throw std::runtime_error("escape");
}
// A local with a destructor: this frame has a landing pad and a resume.
__attribute__((noinline)) void middle(int i) {
  std::string keep(40, 'x');
  thrower(i);
  sink += keep.size();
}
__attribute__((noinline)) void outer(int i) { middle(i); sink++; }
__attribute__((noinline)) void after(int i) { sink -= i; }

__attribute__((noinline)) int run() {
  int caught = 0;
  for (int i = 0; i < 1000; i++) {
    try {
      outer(i);
    } catch (const std::runtime_error &) {
      caught++;
    }
    after(i);
  }
  return caught;
}

int main() {
  int caught = run();
  std::printf("caught=%d depth=%u\n", caught, __fluid_depth());
  return 0;
}
// OUT: caught=1000 depth=1
// CHECK: function _Z5afteri calls=1000
// CHECK: function _Z5outeri calls=1000
// CHECK: function _Z6middlei calls=1000
// CHECK: function _Z7throweri calls=1000
// CHECK: edge _Z3runv -> _Z5outeri calls=1000
// CHECK: edge _Z5outeri -> _Z6middlei calls=1000
// CHECK: edge _Z6middlei -> _Z7throweri calls=1000
// CHECK: event orphan_exits=0
// outer and thrower have no cleanup, so each throw leaves their two frames
// for the runtime to close; middle leaves through its hook before resume.
// CHECK: event unwound_frames=2000

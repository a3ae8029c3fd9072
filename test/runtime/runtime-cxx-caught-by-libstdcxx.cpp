// A stream buffer's underflow() throws and libstdc++ (istream::read, not
// instrumented) catches it: the frames the exception skipped are closed at
// the catch, so the inlined destructors the pre-inline library runs next
// (guard, chunk destroy: hooks with a null frame) nest in the right frame.
// Every exit finds its entry (no orphan exit), every count and edge is
// exact. Library pre-inline, program post-inline, as fluid-c++ builds them.
// RUN: %fluid_cxx --fluid-instrument=pre-inline --fluid-time-all -O2 -fPIC -shared %S/Inputs/caught-lib.cpp -o %t.lib.so
// RUN: %fluid_cxx --fluid-instrument=post-inline --fluid-time-all -O2 %s %t.lib.so -o %t -Wl,-rpath,%T
// RUN: env FLUID_PROFILE_FILE=%t.profile %t | %FileCheck --check-prefix=OUT %s
// RUN: %profile_check %t.profile | %FileCheck %s
#include <cstdio>
#include <istream>
#include <stdexcept>
#include <streambuf>

namespace lib {
long load(std::istream &in);
}

struct throwing_buffer : std::streambuf {
  int_type underflow() override { throw std::runtime_error("no data"); }
};

int main() {
  int failed = 0;
  for (int i = 0; i < 3; i++) {
    throwing_buffer buffer;
    std::istream in(&buffer);
    failed += lib::load(in) == -1;
  }
  std::printf("failed=%d\n", failed);
  return 0;
}
// OUT: failed=3
// CHECK: function _ZN15throwing_buffer9underflowEv calls=3
// CHECK: function _ZN3lib12auto_deleterINS_5chunkEEC2EPS1_PFvS3_E calls=3
// CHECK-NEXT: function _ZN3lib12auto_deleterINS_5chunkEED2Ev calls=3
// CHECK-NEXT: function _ZN3lib4loadERSi calls=3
// CHECK-NEXT: function _ZN3lib5chunk6createEv calls=3
// CHECK-NEXT: function _ZN3lib5chunk7destroyEPS0_ calls=3
// CHECK: function main calls=1
// CHECK-NEXT: edge _ZN3lib12auto_deleterINS_5chunkEED2Ev -> _ZN3lib5chunk7destroyEPS0_ calls=3
// CHECK-NEXT: edge _ZN3lib4loadERSi -> _ZN15throwing_buffer9underflowEv calls=3
// CHECK-NEXT: edge _ZN3lib4loadERSi -> _ZN3lib12auto_deleterINS_5chunkEEC2EPS1_PFvS3_E calls=3
// CHECK-NEXT: edge _ZN3lib4loadERSi -> _ZN3lib12auto_deleterINS_5chunkEED2Ev calls=3
// CHECK-NEXT: edge _ZN3lib4loadERSi -> _ZN3lib5chunk6createEv calls=3
// CHECK: event orphan_exits=0
// CHECK: event unwound_frames=3

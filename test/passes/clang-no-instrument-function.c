// Under fluid-cc's flags (%fluid_cc_instrument), a function declared
// no_instrument_function gets no hooks and no record while its neighbour is
// instrumented, at -O0 and at -O2; clang's instrument-function marks are
// gone from the IR, so the code generator adds no __cyg_profile_* calls.
// RUN: %clang --target=x86_64-unknown-linux-gnu -O0 %fluid_cc_instrument -S -emit-llvm -o - %s | %FileCheck %s
// RUN: %clang --target=i386-unknown-linux-gnu -O0 %fluid_cc_instrument -S -emit-llvm -o - %s | %FileCheck %s
// RUN: %clang --target=x86_64-unknown-linux-gnu -O2 %fluid_cc_instrument -S -emit-llvm -o - %s | %FileCheck %s
// RUN: %clang --target=i386-unknown-linux-gnu -O2 %fluid_cc_instrument -S -emit-llvm -o - %s | %FileCheck %s
// RUN: %clang --target=x86_64-unknown-linux-gnu -O2 %fluid_cc_instrument -S -o - %s | %FileCheck %s --check-prefix=ASM
// RUN: %clang --target=i386-unknown-linux-gnu -O2 %fluid_cc_instrument -S -o - %s | %FileCheck %s --check-prefix=ASM

// CHECK-NOT: @__fluid_{{names|rec}}.quiet
// CHECK:     @__fluid_rec.loud = private global
// CHECK-NOT: @__fluid_{{names|rec}}.quiet

// CHECK-LABEL: define dso_local {{.*}}i32 @quiet(
// CHECK-NOT:     call void @__fluid_
// CHECK:         ret i32
// CHECK-NEXT:  }
__attribute__((no_instrument_function)) int quiet(int x) { return x + 1; }

// CHECK-LABEL: define dso_local {{.*}}i32 @loud(
// CHECK-NOT:     {{call|store|load}}
// CHECK:         [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
// CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.loud, ptr [[FRAME]])
// CHECK:         call void @__fluid_exit(ptr @__fluid_rec.loud, ptr [[FRAME]])
// CHECK-NEXT:    ret i32
// CHECK-NEXT:  }
int loud(int x) { return quiet(x) * 2; }

// CHECK-NOT: instrument-function-{{entry|exit}}
// CHECK-NOT: __cyg_profile

// ASM-LABEL: quiet:
// ASM-NOT:   __fluid_
// ASM-LABEL: loud:
// ASM:       call{{[lq]?}} __fluid_enter
// ASM:       call{{[lq]?}} __fluid_exit
// ASM-NOT:   __cyg_profile

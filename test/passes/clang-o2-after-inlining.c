// At -O2 the plugin instruments after inlining (its default placement): a
// static helper inlined into its only caller is gone, with no record and no
// hooks of its own, and the caller's hooks surround the inlined body.
// RUN: %clang --target=x86_64-unknown-linux-gnu -O2 -fpass-plugin=%fluid_plugin -Xclang -load -Xclang %fluid_plugin -mllvm -fluid-untimed-size=0 -S -emit-llvm -o - %s | %FileCheck %s
// RUN: %clang --target=i386-unknown-linux-gnu -O2 -fpass-plugin=%fluid_plugin -Xclang -load -Xclang %fluid_plugin -mllvm -fluid-untimed-size=0 -S -emit-llvm -o - %s | %FileCheck %s

// CHECK-NOT: @__fluid_{{names|rec}}.helper
// CHECK:     @__fluid_rec.api = private global
// CHECK-NOT: @__fluid_{{names|rec}}.helper

// CHECK-LABEL: define dso_local {{.*}}i32 @api(
// CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
// CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.api, ptr [[FRAME]])
// CHECK-NEXT:    %3 = mul nsw i32 %0, 3
// CHECK-NEXT:    %4 = add nsw i32 %3, 3
// CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.api, ptr [[FRAME]])
// CHECK-NEXT:    ret i32 %4
// CHECK-NEXT:  }
// CHECK-NOT:   @helper
static int helper(int x) { return x * 3 + 1; }
int api(int x) { return helper(x) + 2; }

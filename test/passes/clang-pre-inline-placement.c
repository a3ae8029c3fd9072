// With -mllvm -fluid-placement=pre-inline (the option lives in the plugin, so
// clang must also -load it), functions are instrumented before inlining: the
// static helper inlined at -O2 keeps its record, and its hooks sit inside
// the caller with null frames, nested in the caller's own hooks.
// RUN: %clang --target=x86_64-unknown-linux-gnu -O2 -fpass-plugin=%fluid_plugin -Xclang -load -Xclang %fluid_plugin -mllvm -fluid-placement=pre-inline -mllvm -fluid-untimed-size=0 -S -emit-llvm -o - %s | %FileCheck %s
// RUN: %clang --target=i386-unknown-linux-gnu -O2 -fpass-plugin=%fluid_plugin -Xclang -load -Xclang %fluid_plugin -mllvm -fluid-placement=pre-inline -mllvm -fluid-untimed-size=0 -S -emit-llvm -o - %s | %FileCheck %s

// CHECK: @__fluid_names.api = private unnamed_addr constant {{.*}} c"api\00{{.*}}clang-pre-inline-placement.c\00"
// CHECK: @__fluid_names.helper = private unnamed_addr constant {{.*}} c"clang-pre-inline-placement.c:helper\00{{.*}}clang-pre-inline-placement.c\00"
// CHECK: @__fluid_rec.helper = private global

// CHECK-LABEL: define dso_local {{.*}}i32 @api(
// CHECK-NEXT:    [[FRAME:%.*]] = tail call ptr @llvm.addressofreturnaddress.p0()
// CHECK-NEXT:    tail call void @__fluid_enter(ptr nonnull @__fluid_rec.api, ptr [[FRAME]])
// CHECK-NEXT:    tail call void @__fluid_enter(ptr nonnull @__fluid_rec.helper, ptr null)
// CHECK-NEXT:    %3 = mul nsw i32 %0, 3
// CHECK-NEXT:    tail call void @__fluid_exit(ptr nonnull @__fluid_rec.helper, ptr null)
// CHECK-NEXT:    %4 = add nsw i32 %3, 3
// CHECK-NEXT:    tail call void @__fluid_exit(ptr nonnull @__fluid_rec.api, ptr [[FRAME]])
// CHECK-NEXT:    ret i32 %4
// CHECK-NEXT:  }
// CHECK-NOT:   define {{.*}}@helper
static int helper(int x) { return x * 3 + 1; }
int api(int x) { return helper(x) + 2; }

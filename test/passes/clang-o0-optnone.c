// At -O0 clang marks every function optnone, and the plugin's pass still runs
// (it is required): each function gets its record, its entry hook after the
// allocas and its exit hook before the ret, through -fpass-plugin alone.
// RUN: %clang --target=x86_64-unknown-linux-gnu -O0 -fpass-plugin=%fluid_plugin -Xclang -load -Xclang %fluid_plugin -mllvm -fluid-untimed-size=0 -S -emit-llvm -o - %s | %FileCheck %s
// RUN: %clang --target=i386-unknown-linux-gnu -O0 -fpass-plugin=%fluid_plugin -Xclang -load -Xclang %fluid_plugin -mllvm -fluid-untimed-size=0 -S -emit-llvm -o - %s | %FileCheck %s

// CHECK: @__fluid_rec.square = private global { i64, i64, i64, i64, i64, i64, ptr, i32, i32{{(, \[4 x i8\])?}} } {{.*}}, section "fluid_records", align 64

// CHECK-LABEL: define dso_local i32 @square(
// CHECK-SAME:    [[SQUARE_ATTRS:#[0-9]+]] !fluid.record !{{[0-9]+}} {
// CHECK-NEXT:    %2 = alloca i32, align 4
// CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
// CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.square, ptr [[FRAME]])
// CHECK-NEXT:    store i32 %0, ptr %2, align 4
// CHECK:         call void @__fluid_exit(ptr @__fluid_rec.square, ptr [[FRAME]])
// CHECK-NEXT:    ret i32
// CHECK-NEXT:  }
int square(int x) { return x * x; }

// CHECK: attributes [[SQUARE_ATTRS]] = { noinline nounwind optnone {{.*}}"fluid-hash"="{{[0-9a-f]+}}" "fluid-instrumented"

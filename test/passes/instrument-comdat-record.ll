; The record of a function in a comdat joins that comdat as a linkonce_odr
; hidden global (its names string joins it too, privately), so the linker keeps
; exactly one record for the one body it keeps, and no other module can see
; it. This holds whatever the comdat is called (here a constructor-style
; group). A function outside any comdat keeps a private record with no comdat.
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

$inline_fn = comdat any
$ctor_group = comdat any

; CHECK:      @__fluid_names.inline_fn = private unnamed_addr constant [18 x i8] c"inline_fn\00<stdin>\00", comdat($inline_fn), align 1
; CHECK-NEXT: @__fluid_rec.inline_fn = linkonce_odr hidden global { i64, i64, i64, i64, i64, i64, ptr, i32, i32{{(, \[4 x i8\])?}} } { i64 0, i64 0, i64 0, i64 -1, i64 0, i64 {{-?[0-9]+}}, ptr @__fluid_names.inline_fn, i32 0, i32 0{{(, \[4 x i8\] zeroinitializer)?}} }, section "fluid_records", comdat($inline_fn), align 64
; CHECK-NEXT: @__fluid_names.ctor = private unnamed_addr constant [13 x i8] c"ctor\00<stdin>\00", comdat($ctor_group), align 1
; CHECK-NEXT: @__fluid_rec.ctor = linkonce_odr hidden global { i64, i64, i64, i64, i64, i64, ptr, i32, i32{{(, \[4 x i8\])?}} } { i64 0, i64 0, i64 0, i64 -1, i64 0, i64 {{-?[0-9]+}}, ptr @__fluid_names.ctor, i32 0, i32 0{{(, \[4 x i8\] zeroinitializer)?}} }, section "fluid_records", comdat($ctor_group), align 64
; CHECK-NEXT: @__fluid_names.plain = private unnamed_addr constant [14 x i8] c"plain\00<stdin>\00", align 1
; CHECK-NEXT: @__fluid_rec.plain = private global { i64, i64, i64, i64, i64, i64, ptr, i32, i32{{(, \[4 x i8\])?}} } { i64 0, i64 0, i64 0, i64 -1, i64 0, i64 {{-?[0-9]+}}, ptr @__fluid_names.plain, i32 0, i32 0{{(, \[4 x i8\] zeroinitializer)?}} }, section "fluid_records", align 64

; CHECK-LABEL: define linkonce_odr i32 @inline_fn(i32 %x) #0 comdat !fluid.record !{{[0-9]+}} {
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.inline_fn, ptr [[FRAME]])
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.inline_fn, ptr [[FRAME]])
; CHECK-NEXT:    ret i32 %x
define linkonce_odr i32 @inline_fn(i32 %x) comdat {
  ret i32 %x
}

; CHECK-LABEL: define weak_odr void @ctor() #0 comdat($ctor_group) !fluid.record !{{[0-9]+}} {
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.ctor, ptr [[FRAME]])
define weak_odr void @ctor() comdat($ctor_group) {
  ret void
}

; CHECK-LABEL: define void @plain() #0 !fluid.record !{{[0-9]+}} {
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.plain, ptr [[FRAME]])
define void @plain() {
  ret void
}

; Every defined function gets one entry hook (after its allocas) and one exit
; hook before each return, both with the function's record and its
; return-address slot; the record lands in section fluid_records and fills
; its 64 bytes on both targets (the runtime writes its last two words; a
; 32-bit pointer leaves 4 bytes of padding).
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S < %s | %FileCheck %s --check-prefixes=CHECK,X64
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S | %FileCheck %s --check-prefixes=CHECK,X86

target triple = "x86_64-unknown-linux-gnu"

; CHECK: @__fluid_names.two_returns = private unnamed_addr constant {{.*}} c"two_returns\00<stdin>\00"
; X64: @__fluid_rec.two_returns = private global { i64, i64, i64, i64, i64, i64, ptr, i32, i32 } { i64 0, i64 0, i64 0, i64 -1, i64 0, i64 {{-?[0-9]+}}, ptr @__fluid_names.two_returns, i32 0, i32 0 }, section "fluid_records", align 64
; X86: @__fluid_rec.two_returns = private global { i64, i64, i64, i64, i64, i64, ptr, i32, i32, [4 x i8] } { i64 0, i64 0, i64 0, i64 -1, i64 0, i64 {{-?[0-9]+}}, ptr @__fluid_names.two_returns, i32 0, i32 0, [4 x i8] zeroinitializer }, section "fluid_records", align 64

; CHECK-LABEL: define i32 @two_returns(
; CHECK-NEXT:    %slot = alloca i32
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.two_returns, ptr [[FRAME]])
; CHECK:       then:
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.two_returns, ptr [[FRAME]])
; CHECK-NEXT:    ret i32 1
; CHECK:       else:
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.two_returns, ptr [[FRAME]])
; CHECK-NEXT:    ret i32 2
define i32 @two_returns(i1 %c) {
  %slot = alloca i32
  br i1 %c, label %then, label %else
then:
  ret i32 1
else:
  ret i32 2
}

; CHECK: declare void @__fluid_enter(ptr, ptr) [[NOUNWIND:#[0-9]+]]
; CHECK: declare void @__fluid_exit(ptr, ptr) [[NOUNWIND]]
; CHECK: attributes [[NOUNWIND]] = { nounwind }

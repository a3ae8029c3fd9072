; An available_externally body is only a copy for the optimizer; the real
; definition (and its record) lives in another object. It gets no hooks, no
; record and no mark, while an ordinary neighbour is instrumented.
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK-NOT: @__fluid_{{names|rec}}.inline_copy
; CHECK:     @__fluid_rec.user = private global
; CHECK-NOT: @__fluid_{{names|rec}}.inline_copy

; CHECK-LABEL: define available_externally i32 @inline_copy(i32 %x) {
; CHECK-NEXT:    %r = add i32 %x, 1
; CHECK-NEXT:    ret i32 %r
; CHECK-NEXT:  }
define available_externally i32 @inline_copy(i32 %x) {
  %r = add i32 %x, 1
  ret i32 %r
}

; CHECK-LABEL: define i32 @user(
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.user, ptr [[FRAME]])
; CHECK-NEXT:    %r = call i32 @inline_copy(i32 %x)
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.user, ptr [[FRAME]])
; CHECK-NEXT:    ret i32 %r
define i32 @user(i32 %x) {
  %r = call i32 @inline_copy(i32 %x)
  ret i32 %r
}

; A declaration has no body to instrument: it gets no record, no names string
; and no "fluid-instrumented" mark, while the defined function calling it is
; instrumented in the same run.
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK-NOT: @__fluid_{{names|rec}}.external
; CHECK:     @__fluid_rec.caller = private global
; CHECK-NOT: @__fluid_{{names|rec}}.external

; CHECK: declare i32 @external(i32) [[EXTERNAL_ATTRS:#[0-9]+]]
declare i32 @external(i32) nounwind

; CHECK-LABEL: define i32 @caller(
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.caller, ptr [[FRAME]])
; CHECK-NEXT:    %r = call i32 @external(i32 %x)
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.caller, ptr [[FRAME]])
; CHECK-NEXT:    ret i32 %r
define i32 @caller(i32 %x) {
  %r = call i32 @external(i32 %x)
  ret i32 %r
}

; The declaration's attributes are exactly what it had.
; CHECK: attributes [[EXTERNAL_ATTRS]] = { nounwind }

; A function carrying "fluid-instrumented" was instrumented by an earlier run
; and is left alone: no second record and no new hooks (here it has none at
; all, so any hook in it would come from this run), while an unmarked
; neighbour is instrumented.
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK-NOT: @__fluid_{{names|rec}}.done
; CHECK:     @__fluid_rec.fresh = private global
; CHECK-NOT: @__fluid_{{names|rec}}.done

; CHECK-LABEL: define i32 @done(i32 %x) #0 {
; CHECK-NEXT:    %r = mul i32 %x, 7
; CHECK-NEXT:    ret i32 %r
; CHECK-NEXT:  }
define i32 @done(i32 %x) "fluid-instrumented" {
  %r = mul i32 %x, 7
  ret i32 %r
}

; CHECK-LABEL: define i32 @fresh(i32 %x) #0 !fluid.record !{{[0-9]+}} {
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.fresh, ptr [[FRAME]])
; CHECK-NEXT:    %r = call i32 @done(i32 %x)
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.fresh, ptr [[FRAME]])
; CHECK-NEXT:    ret i32 %r
define i32 @fresh(i32 %x) {
  %r = call i32 @done(i32 %x)
  ret i32 %r
}

; CHECK: attributes #0 = { "fluid-instrumented" }

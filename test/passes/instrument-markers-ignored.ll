; Without -fluid-honor-no-instrument, clang's "instrument-function-entry-inlined"
; marks do not select anything: marked and unmarked functions are both
; instrumented, and the marks are left for whoever put them there.
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK: @__fluid_rec.unmarked = private global
; CHECK: @__fluid_rec.marked = private global

; CHECK-LABEL: define i32 @unmarked(i32 %x)
; CHECK-SAME:    [[UNMARKED_ATTRS:#[0-9]+]] !fluid.record !{{[0-9]+}} {
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.unmarked, ptr [[FRAME]])
; CHECK-NEXT:    %r = add i32 %x, 1
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.unmarked, ptr [[FRAME]])
; CHECK-NEXT:    ret i32 %r
define i32 @unmarked(i32 %x) nounwind {
  %r = add i32 %x, 1
  ret i32 %r
}

; CHECK-LABEL: define i32 @marked(i32 %x)
; CHECK-SAME:    [[MARKED_ATTRS:#[0-9]+]] !fluid.record !{{[0-9]+}} {
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.marked, ptr [[FRAME]])
; CHECK-NEXT:    %r = call i32 @unmarked(i32 %x)
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.marked, ptr [[FRAME]])
; CHECK-NEXT:    ret i32 %r
define i32 @marked(i32 %x) nounwind "instrument-function-entry-inlined"="__cyg_profile_func_enter" {
  %r = call i32 @unmarked(i32 %x)
  ret i32 %r
}

; CHECK-DAG: attributes [[UNMARKED_ATTRS]] = { nounwind "fluid-instrumented" }
; CHECK-DAG: attributes [[MARKED_ATTRS]] = { nounwind "fluid-instrumented" "instrument-function-entry-inlined"="__cyg_profile_func_enter" }

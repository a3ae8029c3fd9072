; With -fluid-honor-no-instrument the pass instruments exactly the functions
; clang marked "instrument-function-entry-inlined" (all but those declared
; no_instrument_function, under -finstrument-functions-after-inlining) and
; removes the entry and exit marks from every function, so the code
; generator's own entry/exit instrumenter adds no __cyg_profile_* calls.
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -fluid-honor-no-instrument -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -fluid-honor-no-instrument -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK-NOT: @__fluid_{{names|rec}}.quiet
; CHECK:     @__fluid_rec.loud = private global
; CHECK-NOT: @__fluid_{{names|rec}}.quiet

; CHECK-LABEL: define i32 @quiet(i32 %x)
; CHECK-SAME:    [[QUIET_ATTRS:#[0-9]+]] {
; CHECK-NEXT:    %r = add i32 %x, 1
; CHECK-NEXT:    ret i32 %r
; CHECK-NEXT:  }
define i32 @quiet(i32 %x) nounwind {
  %r = add i32 %x, 1
  ret i32 %r
}

; CHECK-LABEL: define i32 @loud(i32 %x)
; CHECK-SAME:    [[LOUD_ATTRS:#[0-9]+]] !fluid.record !{{[0-9]+}} {
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.loud, ptr [[FRAME]])
; CHECK-NEXT:    %r = call i32 @quiet(i32 %x)
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.loud, ptr [[FRAME]])
; CHECK-NEXT:    ret i32 %r
define i32 @loud(i32 %x) nounwind "instrument-function-entry-inlined"="__cyg_profile_func_enter" "instrument-function-exit-inlined"="__cyg_profile_func_exit" {
  %r = call i32 @quiet(i32 %x)
  ret i32 %r
}

; CHECK-NOT: __cyg_profile
; CHECK-DAG: attributes [[QUIET_ATTRS]] = { nounwind }
; CHECK-DAG: attributes [[LOUD_ATTRS]] = { nounwind "fluid-instrumented" }
; CHECK-NOT: instrument-function-{{entry|exit}}-inlined

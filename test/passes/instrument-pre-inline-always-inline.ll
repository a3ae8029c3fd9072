; End to end: instrumenting before inlining, inlining, and running the pass
; again leaves the inlined callee's hooks inside its caller with null frames,
; beside the caller's own hooks with the caller's frame; the callee's body is
; gone but its record stays. Run as an explicit pipeline and as the plugin's
; registration in default<O2> with -fluid-placement=pre-inline.
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument<pre-inline>,always-inline,fluid-instrument<pre-inline>,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument<pre-inline>,always-inline,fluid-instrument<pre-inline>,verify' -S | %FileCheck %s
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='default<O2>' -fluid-placement=pre-inline -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='default<O2>' -fluid-placement=pre-inline -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK: @__fluid_rec.helper = private global
; CHECK: @__fluid_rec.caller = private global

; CHECK-NOT: define {{.*}} @helper(
; CHECK-LABEL: define i32 @caller(
; CHECK-NEXT:    [[FRAME:%.*]] = {{(tail )?}}call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    {{(tail )?}}call void @__fluid_enter(ptr {{(nonnull )?}}@__fluid_rec.caller, ptr [[FRAME]])
; CHECK-NOT:     @__fluid_rec.caller
; CHECK:         {{(tail )?}}call void @__fluid_enter(ptr {{(nonnull )?}}@__fluid_rec.helper, ptr null)
; CHECK-NEXT:    %r.i = mul i32 %x, 3
; CHECK-NEXT:    {{(tail )?}}call void @__fluid_exit(ptr {{(nonnull )?}}@__fluid_rec.helper, ptr null)
; CHECK-NEXT:    %b = add i32 %r.i, 1
; CHECK-NEXT:    {{(tail )?}}call void @__fluid_exit(ptr {{(nonnull )?}}@__fluid_rec.caller, ptr [[FRAME]])
; CHECK-NEXT:    ret i32 %b
; CHECK-NOT: define {{.*}} @helper(

define internal i32 @helper(i32 %x) alwaysinline {
  %r = mul i32 %x, 3
  ret i32 %r
}

define i32 @caller(i32 %x) {
  %a = call i32 @helper(i32 %x)
  %b = add i32 %a, 1
  ret i32 %b
}

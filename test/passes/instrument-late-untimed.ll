; Pre-inline, the pass's second run (the optimizer's end) gives a timed
; function the call counter instead of its hooks when every copy of it is
; now too small to time: its own body has no loops, no calls but
; intrinsics and its hooks, and at most -fluid-untimed-size instructions;
; from each inlined copy's entry hook, every path reaches its exit hook
; without a loop, with only intrinsics called and as many instructions on
; the way. Its record is then marked untimed (i32 -1). A loop, in its body
; or in a copy, a call inside a copy, a record shared through a comdat, and
; -fluid-untimed-size=0 keep the hooks.
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument<pre-inline>,verify' -S < %s | %FileCheck %s
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-count-update=single -passes='fluid-instrument<pre-inline>,verify' -S < %s | %FileCheck %s --check-prefix=SINGLE
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument<pre-inline>,verify' -S < %s | %FileCheck %s --check-prefix=ALL
; Post-inline placement instruments optimized code in one run: nothing to do.
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument<post-inline>,verify' -S < %s | %FileCheck %s --check-prefix=ALL

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

$shared = comdat any

; CHECK: @rec.small = private global {{.*}} i32 -1, i32 0 }
; CHECK: @rec.inlined = private global {{.*}} i32 -1, i32 0 }
; CHECK: @rec.loops = private global {{.*}} i32 0, i32 0 }
; CHECK: @rec.calls = private global {{.*}} i32 0, i32 0 }
; CHECK: @rec.diamond = private global {{.*}} i32 -1, i32 0 }
; CHECK: @rec.looped = private global {{.*}} i32 0, i32 0 }
; CHECK: @rec.shared = linkonce_odr hidden global {{.*}} i32 0, i32 0 }, section "fluid_records", comdat($shared)
; ALL-NOT: i32 -1, i32 0 }
@rec.small = private global { i64, i64, i64, i64, i64, i64, ptr, i32, i32 } { i64 0, i64 0, i64 0, i64 -1, i64 0, i64 1, ptr null, i32 0, i32 0 }, section "fluid_records", align 64
@rec.inlined = private global { i64, i64, i64, i64, i64, i64, ptr, i32, i32 } { i64 0, i64 0, i64 0, i64 -1, i64 0, i64 2, ptr null, i32 0, i32 0 }, section "fluid_records", align 64
@rec.loops = private global { i64, i64, i64, i64, i64, i64, ptr, i32, i32 } { i64 0, i64 0, i64 0, i64 -1, i64 0, i64 3, ptr null, i32 0, i32 0 }, section "fluid_records", align 64
@rec.calls = private global { i64, i64, i64, i64, i64, i64, ptr, i32, i32 } { i64 0, i64 0, i64 0, i64 -1, i64 0, i64 4, ptr null, i32 0, i32 0 }, section "fluid_records", align 64
@rec.diamond = private global { i64, i64, i64, i64, i64, i64, ptr, i32, i32 } { i64 0, i64 0, i64 0, i64 -1, i64 0, i64 5, ptr null, i32 0, i32 0 }, section "fluid_records", align 64
@rec.looped = private global { i64, i64, i64, i64, i64, i64, ptr, i32, i32 } { i64 0, i64 0, i64 0, i64 -1, i64 0, i64 8, ptr null, i32 0, i32 0 }, section "fluid_records", align 64
@rec.shared = linkonce_odr hidden global { i64, i64, i64, i64, i64, i64, ptr, i32, i32 } { i64 0, i64 0, i64 0, i64 -1, i64 0, i64 6, ptr null, i32 0, i32 0 }, section "fluid_records", comdat($shared), align 64
@rec.caller = private global { i64, i64, i64, i64, i64, i64, ptr, i32, i32 } { i64 0, i64 0, i64 0, i64 -1, i64 0, i64 7, ptr null, i32 0, i32 0 }, section "fluid_records", align 64

declare void @__fluid_enter(ptr, ptr)
declare void @__fluid_exit(ptr, ptr)
declare ptr @llvm.addressofreturnaddress.p0()
declare void @ext()

; Its own body: two exits, a few instructions.
; CHECK-LABEL: define i32 @small(
; CHECK-NEXT: atomicrmw add ptr @rec.small, i64 1 monotonic
; CHECK-NOT: __fluid_
; CHECK-NOT: addressofreturnaddress
; CHECK: }
; SINGLE-LABEL: define i32 @small(
; SINGLE-NEXT: %[[C:.*]] = load i64, ptr @rec.small
; SINGLE-NEXT: %[[D:.*]] = add i64 %[[C]], 1
; SINGLE-NEXT: store i64 %[[D]], ptr @rec.small
define i32 @small(i32 %x) !fluid.record !0 {
  %f = call ptr @llvm.addressofreturnaddress.p0()
  call void @__fluid_enter(ptr @rec.small, ptr %f)
  %c = icmp eq i32 %x, 0
  br i1 %c, label %zero, label %other
zero:
  call void @__fluid_exit(ptr @rec.small, ptr %f)
  ret i32 1
other:
  %y = mul i32 %x, 3
  call void @__fluid_exit(ptr @rec.small, ptr %f)
  ret i32 %y
}

; CHECK-LABEL: define i32 @loops(
; CHECK: call void @__fluid_enter(ptr @rec.loops
define i32 @loops(i32 %n) !fluid.record !1 {
entry:
  %f = call ptr @llvm.addressofreturnaddress.p0()
  call void @__fluid_enter(ptr @rec.loops, ptr %f)
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %loop ]
  %i.next = add i32 %i, 1
  %more = icmp ult i32 %i.next, %n
  br i1 %more, label %loop, label %exit
exit:
  call void @__fluid_exit(ptr @rec.loops, ptr %f)
  ret i32 %i.next
}

; The caller keeps its own hooks; the copies inlined into it are judged
; one by one.
; CHECK-LABEL: define i32 @caller(
; CHECK: call void @__fluid_enter(ptr @rec.caller
; CHECK: atomicrmw add ptr @rec.inlined, i64 1 monotonic
; CHECK-NEXT: %a = add i32 %x, 1
; CHECK-NEXT: atomicrmw add ptr @rec.inlined, i64 1 monotonic
; CHECK-NEXT: %b = add i32 %a, 1
; CHECK-NEXT: call void @__fluid_enter(ptr @rec.calls, ptr null)
; CHECK-NEXT: call void @ext()
; CHECK-NEXT: call void @__fluid_exit(ptr @rec.calls, ptr null)
; CHECK-NEXT: atomicrmw add ptr @rec.diamond, i64 1 monotonic
; CHECK-NEXT: br i1 %p
; CHECK: join:
; CHECK-NEXT: %v = phi
; CHECK-NEXT: call void @__fluid_enter(ptr @rec.looped, ptr null)
; CHECK: call void @__fluid_exit(ptr @rec.looped, ptr null)
; CHECK: call void @__fluid_enter(ptr @rec.shared, ptr null)
; CHECK: call void @__fluid_exit(ptr @rec.caller
define i32 @caller(i32 %x, i1 %p) !fluid.record !2 {
entry:
  %f = call ptr @llvm.addressofreturnaddress.p0()
  call void @__fluid_enter(ptr @rec.caller, ptr %f)
  call void @__fluid_enter(ptr @rec.inlined, ptr null)
  %a = add i32 %x, 1
  call void @__fluid_exit(ptr @rec.inlined, ptr null)
  call void @__fluid_enter(ptr @rec.inlined, ptr null)
  %b = add i32 %a, 1
  call void @__fluid_exit(ptr @rec.inlined, ptr null)
  call void @__fluid_enter(ptr @rec.calls, ptr null)
  call void @ext()
  call void @__fluid_exit(ptr @rec.calls, ptr null)
  call void @__fluid_enter(ptr @rec.diamond, ptr null)
  br i1 %p, label %then, label %join
then:
  %t = mul i32 %b, 5
  br label %join
join:
  %v = phi i32 [ %t, %then ], [ %b, %entry ]
  call void @__fluid_exit(ptr @rec.diamond, ptr null)
  call void @__fluid_enter(ptr @rec.looped, ptr null)
  br label %spin
spin:
  %i = phi i32 [ 0, %join ], [ %i.next, %spin ]
  %i.next = add i32 %i, 1
  %more = icmp ult i32 %i.next, %v
  br i1 %more, label %spin, label %done
done:
  call void @__fluid_exit(ptr @rec.looped, ptr null)
  call void @__fluid_enter(ptr @rec.shared, ptr null)
  call void @__fluid_exit(ptr @rec.shared, ptr null)
  call void @__fluid_exit(ptr @rec.caller, ptr %f)
  ret i32 %b
}

!llvm.module.flags = !{!3}
!0 = !{ptr @rec.small}
!1 = !{ptr @rec.loops}
!2 = !{ptr @rec.caller}
!3 = !{i32 7, !"fluid.instrumented", i32 1}

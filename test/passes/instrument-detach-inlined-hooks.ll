; Hooks an inliner copied into another function carry the callee's record
; but the caller's return-address slot; the pass sets their frame argument to
; null so the runtime nests them inside the caller's frame. Here @callee's
; body is pasted by hand into @caller_fresh (not yet instrumented: it also
; gets its own hooks) and @caller_done (instrumented by an earlier run: its
; own hooks keep their frame). @callee's own hooks are left alone.
; The pass finds a function's own record through its !fluid.record link, not
; its name: @caller_done was renamed after instrumentation, as ThinLTO's
; promotion does, and still keeps its own frame.
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

@__fluid_names.callee = private unnamed_addr constant [15 x i8] c"callee\00<stdin>\00", align 1
@__fluid_rec.callee = private global { i64, i64, i64, i64, i64, i64, ptr, ptr } { i64 0, i64 0, i64 0, i64 -1, i64 0, i64 1, ptr @__fluid_names.callee, ptr null }, section "fluid_records", align 64
@__fluid_names.caller_done = private unnamed_addr constant [20 x i8] c"caller_done\00<stdin>\00", align 1
@__fluid_rec.caller_done = private global { i64, i64, i64, i64, i64, i64, ptr, ptr } { i64 0, i64 0, i64 0, i64 -1, i64 0, i64 2, ptr @__fluid_names.caller_done, ptr null }, section "fluid_records", align 64

declare void @work()

; CHECK-LABEL: define void @callee(
; CHECK-NEXT:    %frame = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.callee, ptr %frame)
; CHECK-NEXT:    call void @work()
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.callee, ptr %frame)
; CHECK-NEXT:    ret void
define void @callee() "fluid-instrumented" !fluid.record !0 {
  %frame = call ptr @llvm.addressofreturnaddress.p0()
  call void @__fluid_enter(ptr @__fluid_rec.callee, ptr %frame)
  call void @work()
  call void @__fluid_exit(ptr @__fluid_rec.callee, ptr %frame)
  ret void
}

; CHECK-LABEL: define void @caller_fresh(
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.caller_fresh, ptr [[FRAME]])
; CHECK-NEXT:    %inlined.frame = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.callee, ptr null)
; CHECK-NEXT:    call void @work()
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.callee, ptr null)
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.caller_fresh, ptr [[FRAME]])
; CHECK-NEXT:    ret void
define void @caller_fresh() {
  %inlined.frame = call ptr @llvm.addressofreturnaddress.p0()
  call void @__fluid_enter(ptr @__fluid_rec.callee, ptr %inlined.frame)
  call void @work()
  call void @__fluid_exit(ptr @__fluid_rec.callee, ptr %inlined.frame)
  ret void
}

; CHECK-LABEL: define void @caller_done.llvm.42(
; CHECK-NEXT:    %frame = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.caller_done, ptr %frame)
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.callee, ptr null)
; CHECK-NEXT:    call void @work()
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.callee, ptr null)
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.caller_done, ptr %frame)
; CHECK-NEXT:    ret void
define void @caller_done.llvm.42() "fluid-instrumented" !fluid.record !1 {
  %frame = call ptr @llvm.addressofreturnaddress.p0()
  call void @__fluid_enter(ptr @__fluid_rec.caller_done, ptr %frame)
  call void @__fluid_enter(ptr @__fluid_rec.callee, ptr %frame)
  call void @work()
  call void @__fluid_exit(ptr @__fluid_rec.callee, ptr %frame)
  call void @__fluid_exit(ptr @__fluid_rec.caller_done, ptr %frame)
  ret void
}

declare void @__fluid_enter(ptr, ptr) nounwind
declare void @__fluid_exit(ptr, ptr) nounwind
declare ptr @llvm.addressofreturnaddress.p0()

!0 = !{ptr @__fluid_rec.callee}
!1 = !{ptr @__fluid_rec.caller_done}

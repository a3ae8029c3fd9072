; A module that already went through the instrumenter (module flag
; fluid.instrumented, as an LTO link sees it) gets no new hooks: @plain was
; skipped on purpose or compiled without Fluid. Hooks inlined into it are
; still detached (null frame), so the runtime nests them.
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

@__fluid_rec.callee = private global { i64, i64, i64, i64, i64, i64, ptr, ptr } zeroinitializer, section "fluid_records", align 64

; CHECK-NOT: @__fluid_rec.plain
; CHECK-LABEL: define void @plain() {
; CHECK-NEXT:    %frame = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.callee, ptr null)
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.callee, ptr null)
; CHECK-NEXT:    ret void
define void @plain() {
  %frame = call ptr @llvm.addressofreturnaddress.p0()
  call void @__fluid_enter(ptr @__fluid_rec.callee, ptr %frame)
  call void @__fluid_exit(ptr @__fluid_rec.callee, ptr %frame)
  ret void
}

declare void @__fluid_enter(ptr, ptr) nounwind
declare void @__fluid_exit(ptr, ptr) nounwind
declare ptr @llvm.addressofreturnaddress.p0()

!llvm.module.flags = !{!0}
!0 = !{i32 7, !"fluid.instrumented", i32 1}

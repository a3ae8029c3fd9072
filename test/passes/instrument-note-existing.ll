; A module that already carries the note (instrumented by an earlier run)
; keeps that one note when the pass instruments a function added since: no
; second note, no second pair of bounds, llvm.compiler.used unchanged.
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; The earlier run's output for @old.
@__fluid_names.old = private unnamed_addr constant [12 x i8] c"old\00<stdin>\00", align 1
@__fluid_rec.old = private global { i64, i64, i64, i64, i64, i64, ptr, ptr } { i64 0, i64 0, i64 0, i64 -1, i64 0, i64 1, ptr @__fluid_names.old, ptr null }, section "fluid_records", align 64
@__start_fluid_records = extern_weak hidden global i8
@__stop_fluid_records = extern_weak hidden global i8
@__fluid_note = private constant { i32, i32, i32, [8 x i8], i32, i32 } { i32 6, i32 8, i32 1146440774, [8 x i8] c"Fluid\00\00\00", i32 trunc (i64 sub (i64 ptrtoint (ptr @__start_fluid_records to i64), i64 ptrtoint (ptr getelementptr inbounds ({ i32, i32, i32, [8 x i8], i32, i32 }, ptr @__fluid_note, i32 0, i32 4) to i64)) to i32), i32 trunc (i64 sub (i64 ptrtoint (ptr @__stop_fluid_records to i64), i64 ptrtoint (ptr getelementptr inbounds ({ i32, i32, i32, [8 x i8], i32, i32 }, ptr @__fluid_note, i32 0, i32 5) to i64)) to i32) }, section ".note.fluid", align 4
@llvm.compiler.used = appending global [1 x ptr] [ptr @__fluid_note], section "llvm.metadata"

; CHECK:      @__fluid_rec.old = private global
; CHECK-NEXT: @__start_fluid_records = extern_weak hidden global i8
; CHECK-NEXT: @__stop_fluid_records = extern_weak hidden global i8
; CHECK-NEXT: @__fluid_note = private constant
; CHECK-NEXT: @llvm.compiler.used = appending global [1 x ptr] [ptr @__fluid_note], section "llvm.metadata"
; CHECK-NEXT: @__fluid_names.new = private unnamed_addr constant
; CHECK-NEXT: @__fluid_rec.new = private global
; CHECK-EMPTY:

define void @old() "fluid-instrumented" {
  %frame = call ptr @llvm.addressofreturnaddress.p0()
  call void @__fluid_enter(ptr @__fluid_rec.old, ptr %frame)
  call void @__fluid_exit(ptr @__fluid_rec.old, ptr %frame)
  ret void
}

; CHECK-LABEL: define void @new(
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.new, ptr [[FRAME]])
define void @new() {
  ret void
}

declare void @__fluid_enter(ptr, ptr) nounwind
declare void @__fluid_exit(ptr, ptr) nounwind
declare ptr @llvm.addressofreturnaddress.p0()

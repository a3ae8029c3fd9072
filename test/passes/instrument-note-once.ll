; However many functions a module has, it gets one .note.fluid note: a
; private constant {namesz 6, descsz 8, type 'FLUD', "Fluid", start - &field,
; stop - &field}, the section bounds declared once as extern_weak hidden
; globals, and the note alone kept alive through llvm.compiler.used.
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK:      @__fluid_rec.three = private global
; CHECK-NEXT: @__start_fluid_records = extern_weak hidden global i8
; CHECK-NEXT: @__stop_fluid_records = extern_weak hidden global i8
; CHECK-NEXT: @__fluid_note = private constant { i32, i32, i32, [8 x i8], i32, i32 } { i32 6, i32 8, i32 1146440774, [8 x i8] c"Fluid\00\00\00",
; CHECK-SAME:   i32 trunc (i64 sub (i64 ptrtoint (ptr @__start_fluid_records to i64), i64 ptrtoint (ptr getelementptr inbounds ({ i32, i32, i32, [8 x i8], i32, i32 }, ptr @__fluid_note, i32 0, i32 4) to i64)) to i32),
; CHECK-SAME:   i32 trunc (i64 sub (i64 ptrtoint (ptr @__stop_fluid_records to i64), i64 ptrtoint (ptr getelementptr inbounds ({ i32, i32, i32, [8 x i8], i32, i32 }, ptr @__fluid_note, i32 0, i32 5) to i64)) to i32) }, section ".note.fluid", align 4
; CHECK-NEXT: @llvm.compiler.used = appending global [1 x ptr] [ptr @__fluid_note], section "llvm.metadata"
; CHECK-EMPTY:
; CHECK-NOT:  @__fluid_note
; CHECK-NOT:  fluid_records

define void @one() {
  ret void
}

define void @two() {
  ret void
}

define void @three() {
  ret void
}

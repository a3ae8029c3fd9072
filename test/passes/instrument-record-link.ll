; Each instrumented function is linked to its record by !fluid.record, the
; link later runs (and renamed functions) use to tell a function's own hooks
; from hooks an inliner copied in.
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK-LABEL: define void @first()
; CHECK-SAME:    !fluid.record [[FIRST:![0-9]+]] {
define void @first() {
  ret void
}

; CHECK-LABEL: define internal void @second()
; CHECK-SAME:    !fluid.record [[SECOND:![0-9]+]] {
define internal void @second() {
  ret void
}

; CHECK-DAG: [[FIRST]] = !{ptr @__fluid_rec.first}
; CHECK-DAG: [[SECOND]] = !{ptr @__fluid_rec.second}

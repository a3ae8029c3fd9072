; fluid-hash stamps every definition with "fluid-hash"="<16 lowercase hex
; digits>" and nothing else: declarations keep their attributes, a stamp
; already present is kept as it is, and no hook or record is emitted.
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes='fluid-hash,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -passes='fluid-hash,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK-NOT: __fluid

; CHECK: declare i32 @external(i32) [[EXTERNAL_ATTRS:#[0-9]+]]
declare i32 @external(i32) nounwind

; CHECK: define i32 @defined(i32 %x) [[DEFINED_ATTRS:#[0-9]+]] {
define i32 @defined(i32 %x) nounwind {
  %r = call i32 @external(i32 %x)
  ret i32 %r
}

; CHECK: define internal void @local() [[LOCAL_ATTRS:#[0-9]+]] {
define internal void @local() {
  ret void
}

; CHECK: define void @prestamped() [[PRESTAMPED_ATTRS:#[0-9]+]] {
define void @prestamped() "fluid-hash"="00000000000000ff" {
  ret void
}

; CHECK-NOT: __fluid
; CHECK-DAG: attributes [[EXTERNAL_ATTRS]] = { nounwind }{{$}}
; CHECK-DAG: attributes [[DEFINED_ATTRS]] = { nounwind "fluid-hash"="{{([0-9a-f]{16})}}" }{{$}}
; CHECK-DAG: attributes [[LOCAL_ATTRS]] = { "fluid-hash"="{{([0-9a-f]{16})}}" }{{$}}
; CHECK-DAG: attributes [[PRESTAMPED_ATTRS]] = { "fluid-hash"="00000000000000ff" }{{$}}

; A function whose record other objects share (an inline function of a
; header: a comdat) must be timed or untimed alike in all of them, so it is
; judged by callees every such object defines too: inline (comdat) or
; internal ones. A call to an external function defined in this object
; only (elsewhere a declaration, and then the function would be timed)
; keeps it timed here as well; the same call from a function of this
; object alone does not.
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S < %s | %FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

$inline_calls_external = comdat any
$inline_calls_inline = comdat any
$inline_leaf = comdat any

; CHECK: @__fluid_rec.external_leaf = private global {{.*}} i32 -1,
; CHECK: @__fluid_rec.inline_leaf = linkonce_odr hidden global {{.*}} i32 -1,
; CHECK: @__fluid_rec.static_leaf = private global {{.*}} i32 -1,
; CHECK: @__fluid_rec.inline_calls_external = linkonce_odr hidden global {{.*}} i32 0,
; CHECK: @__fluid_rec.inline_calls_inline = linkonce_odr hidden global {{.*}} i32 -1,
; CHECK: @__fluid_rec.local_calls_external = private global {{.*}} i32 -1,

define i32 @external_leaf(i32 %x) {
  %y = mul i32 %x, 3
  ret i32 %y
}

define linkonce_odr i32 @inline_leaf(i32 %x) comdat {
  %y = add i32 %x, 7
  ret i32 %y
}

define internal i32 @static_leaf(i32 %x) {
  %y = sub i32 %x, 1
  ret i32 %y
}

define linkonce_odr i32 @inline_calls_external(i32 %x) comdat {
  %y = call i32 @external_leaf(i32 %x)
  ret i32 %y
}

define linkonce_odr i32 @inline_calls_inline(i32 %x) comdat {
  %y = call i32 @inline_leaf(i32 %x)
  %z = call i32 @static_leaf(i32 %y)
  ret i32 %z
}

define i32 @local_calls_external(i32 %x) {
  %y = call i32 @external_leaf(i32 %x)
  ret i32 %y
}

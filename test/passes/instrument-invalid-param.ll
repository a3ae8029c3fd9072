; An unknown pass parameter is an error that names the parameter and the
; accepted ones; opt fails instead of silently instrumenting with a default.
; RUN: %not %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument<bogus>' -S < %s 2>&1 | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %not %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -passes='fluid-instrument<bogus>' -S 2>&1 | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK: fluid-instrument: invalid fluid-instrument parameter 'bogus' (expected 'pre-inline' or 'post-inline', and optionally a level: O0, O1, O2, O3, Os, Oz)
; CHECK-NOT: __fluid_enter

define void @work() {
  ret void
}

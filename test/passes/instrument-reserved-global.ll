; A user global named like a hook (__fluid_enter here is a variable) cannot
; be called: the pass stops with an error naming the symbol and the module's
; source file instead of emitting calls to a variable.
; RUN: %not %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument' -S < %s 2>&1 | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %not %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -passes='fluid-instrument' -S 2>&1 | %FileCheck %s

source_filename = "app/counter.c"
target triple = "x86_64-unknown-linux-gnu"

; CHECK: error: fluid-instrument: '__fluid_enter' is reserved by the Fluid runtime (hook: void(ptr, ptr)); rename the symbol in 'app/counter.c'
; CHECK-NOT: call void @__fluid_enter

@__fluid_enter = global i32 0

define void @work() {
  ret void
}

; A user function named like a hook but with another signature (here
; `int __fluid_exit(int)`) would be called with the wrong arguments: the pass
; stops with an error naming the symbol and the module's source file.
; RUN: %not %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument' -S < %s 2>&1 | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %not %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -passes='fluid-instrument' -S 2>&1 | %FileCheck %s

source_filename = "app/exit.c"
target triple = "x86_64-unknown-linux-gnu"

; CHECK: error: fluid-instrument: '__fluid_exit' is reserved by the Fluid runtime (hook: void(ptr, ptr)); rename the symbol in 'app/exit.c'
; CHECK-NOT: call void @__fluid_exit

declare i32 @__fluid_exit(i32)

define i32 @work(i32 %x) {
  %r = call i32 @__fluid_exit(i32 %x)
  ret i32 %r
}

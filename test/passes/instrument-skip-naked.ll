; A naked function has no prologue, so no hook may be inserted into it: its
; body stays exactly the inline assembly it was, with no record, while an
; ordinary neighbour is instrumented.
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK-NOT: @__fluid_{{names|rec}}.trampoline
; CHECK:     @__fluid_rec.ordinary = private global
; CHECK-NOT: @__fluid_{{names|rec}}.trampoline

; CHECK-LABEL: define void @trampoline()
; CHECK-SAME:    [[NAKED_ATTRS:#[0-9]+]] {
; CHECK-NEXT:    call void asm sideeffect "ret", ""()
; CHECK-NEXT:    unreachable
; CHECK-NEXT:  }
define void @trampoline() naked {
  call void asm sideeffect "ret", ""()
  unreachable
}

; CHECK-LABEL: define void @ordinary(
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.ordinary, ptr [[FRAME]])
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.ordinary, ptr [[FRAME]])
; CHECK-NEXT:    ret void
define void @ordinary() {
  ret void
}

; CHECK: attributes [[NAKED_ATTRS]] = { naked }

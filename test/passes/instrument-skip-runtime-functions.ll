; Functions named __fluid_* belong to the runtime and are never instrumented:
; not even the hooks themselves when their definitions are in the module (as
; in an LTO link with the runtime), which would otherwise recurse forever. The
; pass then calls those definitions from the user's function.
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

@depth = global i32 0

; Only the user's function has a record.
; CHECK-NOT: @__fluid_rec.__fluid
; CHECK:     @__fluid_rec.user = private global
; CHECK-NOT: @__fluid_rec.__fluid

; CHECK-LABEL: define void @__fluid_enter(ptr %record, ptr %frame) {
; CHECK-NEXT:    call void @__fluid_bump()
; CHECK-NEXT:    ret void
; CHECK-NEXT:  }
define void @__fluid_enter(ptr %record, ptr %frame) {
  call void @__fluid_bump()
  ret void
}

; CHECK-LABEL: define void @__fluid_exit(ptr %record, ptr %frame) {
; CHECK-NEXT:    ret void
; CHECK-NEXT:  }
define void @__fluid_exit(ptr %record, ptr %frame) {
  ret void
}

; CHECK-LABEL: define void @__fluid_bump() {
; CHECK-NEXT:    %d = load i32, ptr @depth
; CHECK-NEXT:    %n = add i32 %d, 1
; CHECK-NEXT:    store i32 %n, ptr @depth
; CHECK-NEXT:    ret void
; CHECK-NEXT:  }
define void @__fluid_bump() {
  %d = load i32, ptr @depth
  %n = add i32 %d, 1
  store i32 %n, ptr @depth
  ret void
}

; CHECK-LABEL: define void @user() #0 !fluid.record !{{[0-9]+}} {
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.user, ptr [[FRAME]])
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.user, ptr [[FRAME]])
; CHECK-NEXT:    ret void
define void @user() {
  ret void
}

; CHECK:     attributes #0 = { "fluid-instrumented" }
; CHECK-NOT: "fluid-instrumented"

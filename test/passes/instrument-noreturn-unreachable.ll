; A path that ends in `unreachable` (after a noreturn call) never leaves the
; function, so it gets no exit hook; the function's ret paths still do, and a
; function with no ret at all gets only its entry hook.
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

declare void @abort() noreturn nounwind

; CHECK-LABEL: define i32 @check(
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.check, ptr [[FRAME]])
; CHECK-NEXT:    br i1 %bad, label %die, label %ok
; CHECK:       die:
; CHECK-NEXT:    call void @abort()
; CHECK-NEXT:    unreachable
; CHECK:       ok:
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.check, ptr [[FRAME]])
; CHECK-NEXT:    ret i32 0
; CHECK-NEXT:  }
define i32 @check(i1 %bad) {
  br i1 %bad, label %die, label %ok
die:
  call void @abort()
  unreachable
ok:
  ret i32 0
}

; CHECK-LABEL: define void @fatal(
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.fatal, ptr [[FRAME]])
; CHECK-NEXT:    call void @abort()
; CHECK-NEXT:    unreachable
; CHECK-NEXT:  }
define void @fatal() noreturn {
  call void @abort()
  unreachable
}

; No exit hook anywhere but the one in @check's ok block.
; CHECK-NOT: call void @__fluid_exit

; Nothing may separate a musttail call from its ret (or from the no-op
; bitcast allowed between them), so the exit hook goes before the musttail
; call; a ret on another path still gets its own hook right before it.
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

declare i32 @target(i32)
declare ptr @target_ptr(ptr)
declare void @target_void(ptr)
declare i32 @pick(i1, i32)

; CHECK-LABEL: define i32 @forward(
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.forward, ptr [[FRAME]])
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.forward, ptr [[FRAME]])
; CHECK-NEXT:    %r = musttail call i32 @target(i32 %x)
; CHECK-NEXT:    ret i32 %r
; CHECK-NEXT:  }
define i32 @forward(i32 %x) {
  %r = musttail call i32 @target(i32 %x)
  ret i32 %r
}

; CHECK-LABEL: define ptr @forward_cast(
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.forward_cast, ptr [[FRAME]])
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.forward_cast, ptr [[FRAME]])
; CHECK-NEXT:    %r = musttail call ptr @target_ptr(ptr %p)
; CHECK-NEXT:    %c = bitcast ptr %r to ptr
; CHECK-NEXT:    ret ptr %c
; CHECK-NEXT:  }
define ptr @forward_cast(ptr %p) {
  %r = musttail call ptr @target_ptr(ptr %p)
  %c = bitcast ptr %r to ptr
  ret ptr %c
}

; CHECK-LABEL: define void @forward_void(
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.forward_void, ptr [[FRAME]])
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.forward_void, ptr [[FRAME]])
; CHECK-NEXT:    musttail call void @target_void(ptr %p)
; CHECK-NEXT:    ret void
; CHECK-NEXT:  }
define void @forward_void(ptr %p) {
  musttail call void @target_void(ptr %p)
  ret void
}

; CHECK-LABEL: define i32 @maybe_forward(
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.maybe_forward, ptr [[FRAME]])
; CHECK-NEXT:    br i1 %c, label %tail, label %direct
; CHECK:       tail:
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.maybe_forward, ptr [[FRAME]])
; CHECK-NEXT:    %r = musttail call i32 @pick(i1 %c, i32 %x)
; CHECK-NEXT:    ret i32 %r
; CHECK:       direct:
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.maybe_forward, ptr [[FRAME]])
; CHECK-NEXT:    ret i32 0
; CHECK-NEXT:  }
define i32 @maybe_forward(i1 %c, i32 %x) {
  br i1 %c, label %tail, label %direct
tail:
  %r = musttail call i32 @pick(i1 %c, i32 %x)
  ret i32 %r
direct:
  ret i32 0
}

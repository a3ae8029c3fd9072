; A variadic function is instrumented like any other: hooks at entry (after
; the va_list alloca) and before the ret, with va_start, va_arg and va_end
; left exactly in place and in order.
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK-LABEL: define i32 @second_of(i32 %n, ...)
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %ap = alloca [24 x i8], align 16
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.second_of, ptr [[FRAME]])
; CHECK-NEXT:    call void @llvm.va_start.p0(ptr %ap)
; CHECK-NEXT:    %first = va_arg ptr %ap, i32
; CHECK-NEXT:    %second = va_arg ptr %ap, i32
; CHECK-NEXT:    call void @llvm.va_end.p0(ptr %ap)
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.second_of, ptr [[FRAME]])
; CHECK-NEXT:    ret i32 %second
; CHECK-NEXT:  }
define i32 @second_of(i32 %n, ...) {
entry:
  %ap = alloca [24 x i8], align 16
  call void @llvm.va_start.p0(ptr %ap)
  %first = va_arg ptr %ap, i32
  %second = va_arg ptr %ap, i32
  call void @llvm.va_end.p0(ptr %ap)
  ret i32 %second
}

; A variadic function that never touches its va_list.
; CHECK-LABEL: define void @ignores_rest(ptr %fmt, ...)
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.ignores_rest, ptr [[FRAME]])
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.ignores_rest, ptr [[FRAME]])
; CHECK-NEXT:    ret void
define void @ignores_rest(ptr %fmt, ...) {
  ret void
}

declare void @llvm.va_start.p0(ptr)
declare void @llvm.va_end.p0(ptr)

; Allocas stay together at the top of the entry block, so they remain static
; stack slots: the entry hook goes after the last of them, before the first
; other instruction. An alloca outside the entry block is left where it is.
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK-LABEL: define i32 @locals(
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %count = alloca i32, align 4
; CHECK-NEXT:    %total = alloca i64, align 8
; CHECK-NEXT:    %buffer = alloca [64 x i8], align 16
; CHECK-NEXT:    %pair = alloca { ptr, i32 }, align 8
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.locals, ptr [[FRAME]])
; CHECK-NEXT:    store i32 %x, ptr %count, align 4
; CHECK-NEXT:    br i1 %c, label %more, label %done
; CHECK:       more:
; CHECK-NEXT:    %late = alloca i32, i32 %x, align 4
; CHECK-NEXT:    store i32 0, ptr %late, align 4
; CHECK-NEXT:    br label %done
; CHECK:       done:
; CHECK-NEXT:    %v = load i32, ptr %count, align 4
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.locals, ptr [[FRAME]])
; CHECK-NEXT:    ret i32 %v
define i32 @locals(i32 %x, i1 %c) {
entry:
  %count = alloca i32, align 4
  %total = alloca i64, align 8
  %buffer = alloca [64 x i8], align 16
  %pair = alloca { ptr, i32 }, align 8
  store i32 %x, ptr %count, align 4
  br i1 %c, label %more, label %done
more:
  %late = alloca i32, i32 %x, align 4
  store i32 0, ptr %late, align 4
  br label %done
done:
  %v = load i32, ptr %count, align 4
  ret i32 %v
}

; An entry block made only of allocas and the terminator.
; CHECK-LABEL: define void @only_allocas(
; CHECK-NEXT:    %a = alloca i32, align 4
; CHECK-NEXT:    %b = alloca i32, align 4
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.only_allocas, ptr [[FRAME]])
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.only_allocas, ptr [[FRAME]])
; CHECK-NEXT:    ret void
define void @only_allocas() {
  %a = alloca i32, align 4
  %b = alloca i32, align 4
  ret void
}

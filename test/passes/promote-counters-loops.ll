; fluid-promote-counters takes atomic call counters (monotonic adds to a
; record in fluid_records whose old value nobody reads) out of loops that call
; nothing that could reach the runtime: a register counts inside, each exit
; adds it to the record once.
; An inner loop's exit add then leaves the outer loop too. A loop with a call
; (but to a function of the module that only counts its calls),
; a loop with no exit, an add to anything but a record, and an add whose
; result is read keep their adds; the pass gives a loop without a preheader
; or dedicated exits both first.
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes='fluid-promote-counters,verify' -S < %s | %FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@rec = private global [8 x i64] zeroinitializer, section "fluid_records", align 64
@other = global i64 0
declare void @ext()

; CHECK-LABEL: define void @simple(
; CHECK: loop:
; CHECK-NEXT: %[[C:.*]] = phi i64 [ 0, %entry ], [ %[[N:.*]], %loop ]
; CHECK-NOT: atomicrmw
; CHECK: %[[N]] = add i64 %[[C]], 1
; CHECK-NOT: atomicrmw
; CHECK: exit:
; CHECK-NEXT: atomicrmw add ptr @rec, i64 %[[N]] monotonic
define void @simple(i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %0 = atomicrmw add ptr @rec, i64 1 monotonic, align 8
  %i.next = add i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; Two exits to a block the entry also reaches: the pass gives the loop a
; preheader and an exit block of its own.
; CHECK-LABEL: define void @shared_exit(
; CHECK: loop.preheader:
; CHECK-NOT: atomicrmw
; CHECK: exit.loopexit:
; CHECK-NEXT: atomicrmw add ptr @rec, i64 %
; CHECK-NOT: atomicrmw
; CHECK: ret void
define void @shared_exit(i64 %n, i1 %skip) {
entry:
  br i1 %skip, label %exit, label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %latch ]
  %0 = atomicrmw add ptr @rec, i64 1 monotonic, align 8
  %early = icmp eq i64 %i, 7
  br i1 %early, label %exit, label %latch
latch:
  %i.next = add i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; CHECK-LABEL: define void @nested(
; CHECK-NOT: atomicrmw
; CHECK: exit:
; CHECK: atomicrmw add ptr @rec, i64 %
; CHECK-NOT: atomicrmw
; CHECK: ret void
define void @nested(i64 %n) {
entry:
  br label %outer
outer:
  %i = phi i64 [ 0, %entry ], [ %i.next, %outer.latch ]
  br label %inner
inner:
  %j = phi i64 [ 0, %outer ], [ %j.next, %inner ]
  %0 = atomicrmw add ptr @rec, i64 1 monotonic, align 8
  %j.next = add i64 %j, 1
  %jdone = icmp eq i64 %j.next, %n
  br i1 %jdone, label %outer.latch, label %inner
outer.latch:
  %i.next = add i64 %i, 1
  %idone = icmp eq i64 %i.next, %n
  br i1 %idone, label %exit, label %outer
exit:
  ret void
}

; CHECK-LABEL: define void @calls(
; CHECK: loop:
; CHECK-NEXT: %i = phi
; CHECK-NEXT: atomicrmw add ptr @rec, i64 1 monotonic
define void @calls(i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %0 = atomicrmw add ptr @rec, i64 1 monotonic, align 8
  call void @ext()
  %i.next = add i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; CHECK-LABEL: define void @endless(
; CHECK: loop:
; CHECK-NEXT: atomicrmw add ptr @rec, i64 1 monotonic
define void @endless() {
entry:
  br label %loop
loop:
  %0 = atomicrmw add ptr @rec, i64 1 monotonic, align 8
  br label %loop
}

; CHECK-LABEL: define i64 @not_counters(
; CHECK: loop:
; CHECK-NEXT: %i = phi
; CHECK-NEXT: atomicrmw add ptr @other, i64 1 monotonic
; CHECK-NEXT: %old = atomicrmw add ptr @rec, i64 1 monotonic
; CHECK-NEXT: atomicrmw add ptr @rec, i64 1 seq_cst
define i64 @not_counters(i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %0 = atomicrmw add ptr @other, i64 1 monotonic, align 8
  %old = atomicrmw add ptr @rec, i64 1 monotonic, align 8
  %1 = atomicrmw add ptr @rec, i64 1 seq_cst, align 8
  %i.next = add i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i64 %old
}

; A loop calling a function of this module that only counts its calls (its
; record marked untimed) is promoted; one calling a timed function is not.
@rec.untimed = private global { i64, i64, i64, i64, i64, i64, ptr, i32, i32 } { i64 0, i64 0, i64 0, i64 -1, i64 0, i64 1, ptr null, i32 -1, i32 0 }, section "fluid_records", align 64
@rec.timed = private global { i64, i64, i64, i64, i64, i64, ptr, i32, i32 } { i64 0, i64 0, i64 0, i64 -1, i64 0, i64 2, ptr null, i32 0, i32 0 }, section "fluid_records", align 64

define void @counted() noinline !fluid.record !0 {
  %1 = atomicrmw add ptr @rec.untimed, i64 1 monotonic, align 8
  ret void
}

define void @timed() noinline !fluid.record !1 {
  ret void
}

; CHECK-LABEL: define void @calls_counted(
; CHECK: loop:
; CHECK-NOT: atomicrmw add ptr @rec, i64 1
; CHECK: exit:
; CHECK-NEXT: atomicrmw add ptr @rec, i64 %
define void @calls_counted(i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %0 = atomicrmw add ptr @rec, i64 1 monotonic, align 8
  call void @counted()
  %i.next = add i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; CHECK-LABEL: define void @calls_timed(
; CHECK: loop:
; CHECK-NEXT: %i = phi
; CHECK-NEXT: atomicrmw add ptr @rec, i64 1 monotonic
define void @calls_timed(i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %0 = atomicrmw add ptr @rec, i64 1 monotonic, align 8
  call void @timed()
  %i.next = add i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

!0 = !{ptr @rec.untimed}
!1 = !{ptr @rec.timed}

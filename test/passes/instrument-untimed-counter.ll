; A function too small to time (no loops but short constant ones, no calls
; but to functions like it, at most -fluid-untimed-size IR instructions run
; per call with theirs, 48 by default; stack traffic, casts and
; unconditional branches are not counted) gets one atomic add to its
; record's call count instead of the hooks, and its record is marked
; untimed (last_edge_offset 0xffffffff, -1 as i32). A loop of unknown or
; long trip count, a call of an external or timed function, recursion,
; inline assembly, a memory intrinsic or one instruction too many keeps a
; function timed; size 0 times every function.
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=5 -passes='fluid-instrument,verify' -S < %s | %FileCheck %s --check-prefix=SMALL
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S < %s | %FileCheck %s --check-prefix=ALL
; -fluid-count-update=single: a plain load, add and store instead.
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-count-update=single -passes='fluid-instrument,verify' -S < %s | %FileCheck %s --check-prefix=SINGLE

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; CHECK: @__fluid_rec.tiny = private global {{.*}} i32 -1,
; CHECK: @__fluid_rec.unoptimized = private global {{.*}} i32 -1,
; CHECK: @__fluid_rec.loops = private global {{.*}} i32 0,
; CHECK: @__fluid_rec.four_bytes = private global {{.*}} i32 -1,
; CHECK: @__fluid_rec.long_loop = private global {{.*}} i32 0,
; CHECK: @__fluid_rec.calls = private global {{.*}} i32 -1,
; CHECK: @__fluid_rec.external = private global {{.*}} i32 0,
; CHECK: @__fluid_rec.recursive = private global {{.*}} i32 0,
; CHECK: @__fluid_rec.asm = private global {{.*}} i32 0,
; CHECK: @__fluid_rec.copies = private global {{.*}} i32 0,
; ALL-NOT: i32 -1,

; CHECK-LABEL: define i32 @tiny(
; CHECK-NEXT: atomicrmw add ptr @__fluid_rec.tiny, i64 1 monotonic, align 8
; CHECK-NEXT: %r = add i32 %x, 3
; CHECK-NOT: __fluid_
; CHECK: ret i32 %r
; SINGLE-LABEL: define i32 @tiny(
; SINGLE-NEXT: [[CALLS:%.*]] = load i64, ptr @__fluid_rec.tiny, align 8
; SINGLE-NEXT: [[MORE:%.*]] = add i64 [[CALLS]], 1
; SINGLE-NEXT: store i64 [[MORE]], ptr @__fluid_rec.tiny, align 8
; SINGLE-NOT: atomicrmw
; SMALL-LABEL: define i32 @tiny(
; SMALL-NEXT: atomicrmw add
; ALL-LABEL: define i32 @tiny(
; ALL: call void @__fluid_enter(ptr @__fluid_rec.tiny
define i32 @tiny(i32 %x) {
  %r = add i32 %x, 3
  ret i32 %r
}

; Before optimization: the alloca and its loads and stores are not
; counted (5 instructions remain, `ret` included, of 10), so it is untimed
; by default and still at a size of 5.
; CHECK-LABEL: define i32 @unoptimized(
; CHECK: alloca
; CHECK-NEXT: atomicrmw add ptr @__fluid_rec.unoptimized
; SMALL-LABEL: define i32 @unoptimized(
; SMALL: atomicrmw add
define i32 @unoptimized(i32 %x) {
  %slot = alloca i32
  store i32 %x, ptr %slot
  %a = load i32, ptr %slot
  %b = mul i32 %a, 5
  %c = add i32 %b, 1
  %d = xor i32 %c, 7
  %e = sub i32 %d, %a
  store i32 %e, ptr %slot
  %r = load i32, ptr %slot
  ret i32 %r
}

; CHECK-LABEL: define i32 @loops(
; CHECK: call void @__fluid_enter(ptr @__fluid_rec.loops
define i32 @loops(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
  %next = add i32 %i, 1
  %done = icmp eq i32 %next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i32 %next
}

; Calling a function too small to time, it is too small itself (2 + 2).
; Four trips of 7 counted instructions (icmp, br, lshr, and, xor, mul, add),
; the header's five: 35, plus the ret. Untimed, still in its front end's form.
; CHECK-LABEL: define i64 @four_bytes(
; CHECK: atomicrmw add ptr @__fluid_rec.four_bytes
define i64 @four_bytes(i64 %hash0, i32 %value) {
entry:
  %hash = alloca i64
  %byte = alloca i32
  store i64 %hash0, ptr %hash
  store i32 0, ptr %byte
  br label %cond
cond:
  %b = load i32, ptr %byte
  %more = icmp slt i32 %b, 4
  br i1 %more, label %body, label %done
body:
  %shift = shl i32 %b, 3
  %part = lshr i32 %value, %shift
  %low = and i32 %part, 255
  %wide = zext i32 %low to i64
  %h = load i64, ptr %hash
  %x = xor i64 %h, %wide
  %m = mul i64 %x, 1099511628211
  store i64 %m, ptr %hash
  %next = add nsw i32 %b, 1
  store i32 %next, ptr %byte
  br label %cond
done:
  %r = load i64, ptr %hash
  ret i64 %r
}

; The same loop 1000 times: timed.
; CHECK-LABEL: define i32 @long_loop(
; CHECK: call void @__fluid_enter(ptr @__fluid_rec.long_loop
define i32 @long_loop(i32 %x) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
  %acc = phi i32 [ %x, %entry ], [ %sum, %loop ]
  %sum = add i32 %acc, %i
  %next = add i32 %i, 1
  %done = icmp eq i32 %next, 1000
  br i1 %done, label %exit, label %loop
exit:
  ret i32 %sum
}

; CHECK-LABEL: define i32 @calls(
; CHECK-NEXT: atomicrmw add ptr @__fluid_rec.calls
define i32 @calls(i32 %x) {
  %r = call i32 @tiny(i32 %x)
  ret i32 %r
}

; CHECK-LABEL: define i32 @external(
; CHECK: call void @__fluid_enter(ptr @__fluid_rec.external
define i32 @external(i32 %x) {
  %r = call i32 @elsewhere(i32 %x)
  ret i32 %r
}

; CHECK-LABEL: define i32 @recursive(
; CHECK: call void @__fluid_enter(ptr @__fluid_rec.recursive
define i32 @recursive(i32 %x) {
  %small = icmp ult i32 %x, 2
  br i1 %small, label %done, label %more
more:
  %y = sub i32 %x, 1
  %r = call i32 @recursive(i32 %y)
  ret i32 %r
done:
  ret i32 %x
}

; CHECK-LABEL: define void @asm(
; CHECK: call void @__fluid_enter(ptr @__fluid_rec.asm
define void @asm() {
  call void asm sideeffect "pause", ""()
  ret void
}

; An empty asm statement is a compiler barrier, not code: still untimed.
; CHECK-LABEL: define void @barrier(
; CHECK-NEXT: atomicrmw add ptr @__fluid_rec.barrier
define void @barrier() {
  call void asm sideeffect "", "~{memory}"()
  ret void
}

; CHECK-LABEL: define void @copies(
; CHECK: call void @__fluid_enter(ptr @__fluid_rec.copies
define void @copies(ptr %d, ptr %s) {
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 64, i1 false)
  ret void
}

; Six instructions: untimed by default, timed at a size of 5.
; CHECK-LABEL: define i32 @six(
; CHECK-NEXT: atomicrmw add ptr @__fluid_rec.six
; SMALL-LABEL: define i32 @six(
; SMALL: call void @__fluid_enter(ptr @__fluid_rec.six
define i32 @six(i32 %x) {
  %a = add i32 %x, 1
  %b = mul i32 %a, 3
  %c = xor i32 %b, 5
  %d = sub i32 %c, %x
  %e = shl i32 %d, 2
  ret i32 %e
}

declare i32 @elsewhere(i32)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

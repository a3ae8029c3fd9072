; A function that calls itself keeps its hooks, and its recursion is folded
; into its outermost call: its calls to itself go to a copy, F.fluid.rec,
; that takes the address of F's stack counter, adds 1 to it on entry (a plain
; add: the counter is the running thread's), has no hooks and passes the
; counter on; before each exit hook F hands a non-zero count to
; __fluid_fold. Loops do not matter, nor a missing nounwind when the
; function has no exception handling (C++ without noexcept: calling
; nothing that throws, it cannot throw). A function that calls anything but
; itself, intrinsics and functions too small to time (which could longjmp
; or exit with the count still waiting), one that handles exceptions
; (invoke), mutual recursion, a function larger than -fluid-fold-size, and
; every function under -fluid-untimed-size=0 (time every call) are hooked
; as before, with no copy.
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S < %s | %FileCheck %s --check-prefix=ALL
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-fold-size=15 -passes='fluid-instrument,verify' -S < %s | %FileCheck %s --check-prefix=SMALL
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-fold-size=0 -passes='fluid-instrument,verify' -S < %s | %FileCheck %s --check-prefix=ALL

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; CHECK: @__fluid_rec.fib = private global {{.*}} i32 0,

; CHECK-LABEL: define i32 @fib(i32 noundef %0)
; CHECK: %fluid.calls = alloca i64, align 8
; CHECK: call void @__fluid_enter(ptr @__fluid_rec.fib
; CHECK: store i64 0, ptr %fluid.calls, align 8
; CHECK: call i32 @fib.fluid.rec(i32 noundef %{{[0-9]+}}, ptr %fluid.calls)
; CHECK: call i32 @fib.fluid.rec(i32 noundef %{{[0-9]+}}, ptr %fluid.calls)
; CHECK: %[[N:.*]] = load i64, ptr %fluid.calls, align 8
; CHECK-NEXT: %[[R:.*]] = icmp ne i64 %[[N]], 0
; CHECK-NEXT: br i1 %[[R]]
; CHECK: call void @__fluid_fold(ptr @__fluid_rec.fib, i64 %[[N]])
; CHECK: call void @__fluid_exit(ptr @__fluid_rec.fib
; CHECK-NEXT: ret i32

; CHECK-LABEL: define i32 @may_unwind(
; CHECK: call i32 @may_unwind.fluid.rec(
; CHECK-LABEL: define i32 @handles_exceptions(
; CHECK: invoke i32 @handles_exceptions(
; CHECK-LABEL: define i32 @loops(
; CHECK: call i32 @loops.fluid.rec(i32 %m, ptr %fluid.calls)
; CHECK: call void @__fluid_fold(ptr @__fluid_rec.loops
; CHECK-LABEL: define i32 @calls_out(
; CHECK: call i32 @calls_out(
; CHECK-LABEL: define i32 @ping(
; CHECK: call i32 @pong(
; CHECK-LABEL: define i32 @pong(
; CHECK: call i32 @ping(

; CHECK-LABEL: define internal i32 @fib.fluid.rec(i32 noundef %0, ptr noalias nocapture noundef %fluid.calls)
; CHECK-NOT: __fluid_
; CHECK: %[[C:.*]] = load i64, ptr %fluid.calls, align 8
; CHECK-NEXT: %[[D:.*]] = add i64 %[[C]], 1
; CHECK-NEXT: store i64 %[[D]], ptr %fluid.calls, align 8
; CHECK-NOT: __fluid_
; CHECK: call i32 @fib.fluid.rec(i32 noundef %{{[0-9]+}}, ptr %fluid.calls)
; CHECK-NOT: __fluid_
; CHECK: call i32 @fib.fluid.rec(i32 noundef %{{[0-9]+}}, ptr %fluid.calls)
; CHECK-NOT: __fluid_
; CHECK: ret i32
; CHECK-NEXT: }
; CHECK-LABEL: define internal i32 @loops.fluid.rec(i32 %n, ptr noalias nocapture noundef %fluid.calls)
; CHECK: call i32 @loops.fluid.rec(i32 %m, ptr %fluid.calls)
; Nothing else is copied.
; CHECK-NOT: fluid.rec(

; fib is 16 instructions (allocas aside), loops 12.
; SMALL-NOT: call i32 @fib.fluid.rec(
; SMALL: call i32 @loops.fluid.rec(

; ALL-NOT: fluid.rec(
; ALL-NOT: __fluid_fold

define i32 @fib(i32 noundef %0) #0 {
  %2 = alloca i32, align 4
  store i32 %0, ptr %2, align 4
  %3 = load i32, ptr %2, align 4
  %4 = icmp ult i32 %3, 2
  br i1 %4, label %5, label %7

5:
  %6 = load i32, ptr %2, align 4
  br label %15

7:
  %8 = load i32, ptr %2, align 4
  %9 = sub i32 %8, 1
  %10 = call i32 @fib(i32 noundef %9)
  %11 = load i32, ptr %2, align 4
  %12 = sub i32 %11, 2
  %13 = call i32 @fib(i32 noundef %12)
  %14 = add i32 %10, %13
  br label %15

15:
  %16 = phi i32 [ %6, %5 ], [ %14, %7 ]
  ret i32 %16
}

define i32 @may_unwind(i32 %n) {
  %small = icmp ult i32 %n, 2
  br i1 %small, label %done, label %recurse
recurse:
  %m = sub i32 %n, 1
  %r = call i32 @may_unwind(i32 %m)
  br label %done
done:
  %v = phi i32 [ %n, %0 ], [ %r, %recurse ]
  ret i32 %v
}

declare void @ext() #0

define i32 @handles_exceptions(i32 %n) personality ptr @__gxx_personality_v0 {
  %small = icmp ult i32 %n, 2
  br i1 %small, label %done, label %recurse
recurse:
  %m = sub i32 %n, 1
  %r = invoke i32 @handles_exceptions(i32 %m) to label %done unwind label %pad
pad:
  %lp = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %lp
done:
  %v = phi i32 [ %n, %0 ], [ %r, %recurse ]
  ret i32 %v
}

declare i32 @__gxx_personality_v0(...)

define i32 @loops(i32 %n) #0 {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %loop ]
  %i.next = add i32 %i, 1
  %more = icmp ult i32 %i.next, %n
  br i1 %more, label %loop, label %exit
exit:
  %small = icmp ult i32 %n, 2
  br i1 %small, label %done, label %recurse
recurse:
  %m = sub i32 %n, 1
  %r = call i32 @loops(i32 %m)
  br label %done
done:
  %v = phi i32 [ %n, %exit ], [ %r, %recurse ]
  ret i32 %v
}

define i32 @calls_out(i32 %n) #0 {
  %small = icmp ult i32 %n, 2
  br i1 %small, label %done, label %recurse
recurse:
  call void @ext()
  %m = sub i32 %n, 1
  %r = call i32 @calls_out(i32 %m)
  br label %done
done:
  %v = phi i32 [ %n, %0 ], [ %r, %recurse ]
  ret i32 %v
}

define i32 @ping(i32 %n) #0 {
  %small = icmp ult i32 %n, 2
  br i1 %small, label %done, label %recurse
recurse:
  %m = sub i32 %n, 1
  %r = call i32 @pong(i32 %m)
  br label %done
done:
  %v = phi i32 [ %n, %0 ], [ %r, %recurse ]
  ret i32 %v
}

define i32 @pong(i32 %n) #0 {
  %r = call i32 @ping(i32 %n)
  ret i32 %r
}

attributes #0 = { nounwind }

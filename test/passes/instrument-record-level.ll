; A level among the pass parameters (the plugin's clang registration passes
; its pipeline's) goes into every record the pass creates, marked between
; the name and the file ("<name>\0\01<level>\0<file>\0", runtime/fluid_rt.h),
; for functions timed and counted alike, and prints back with the
; placement. Without a level the names are "<name>\0<file>\0", as records
; made by hand are. An unknown level is an error naming it.
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=4 -passes='fluid-instrument<post-inline;O2>,verify' -S < %s | %FileCheck %s --check-prefixes=CHECK,O2
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=4 -passes='fluid-instrument<pre-inline;Oz>,verify' -S < %s | %FileCheck %s --check-prefixes=CHECK,OZ
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=4 -passes='fluid-instrument<O0>,verify' -S < %s | %FileCheck %s --check-prefixes=CHECK,O0
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=4 -passes='fluid-instrument,verify' -S < %s | %FileCheck %s --check-prefixes=CHECK,NONE
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument<post-inline;Os>' -print-pipeline-passes -disable-output < %s | %FileCheck %s --check-prefix=PRINT-OS
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument<pre-inline;O3>' -print-pipeline-passes -disable-output < %s | %FileCheck %s --check-prefix=PRINT-O3
; RUN: %not %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument<post-inline;O4>' -S < %s 2>&1 | %FileCheck %s --check-prefix=BAD

target triple = "x86_64-unknown-linux-gnu"

; O2:   @__fluid_names.work = private unnamed_addr constant [17 x i8] c"work\00\01O2\00<stdin>\00", align 1
; OZ:   @__fluid_names.work = private unnamed_addr constant [17 x i8] c"work\00\01Oz\00<stdin>\00", align 1
; O0:   @__fluid_names.work = private unnamed_addr constant [17 x i8] c"work\00\01O0\00<stdin>\00", align 1
; NONE: @__fluid_names.work = private unnamed_addr constant [13 x i8] c"work\00<stdin>\00", align 1
; CHECK: @__fluid_rec.work = private global {{.*}} ptr @__fluid_names.work, i32 0, i32 0 }
; O2:   @__fluid_names.tiny = private unnamed_addr constant [17 x i8] c"tiny\00\01O2\00<stdin>\00", align 1
; OZ:   @__fluid_names.tiny = private unnamed_addr constant [17 x i8] c"tiny\00\01Oz\00<stdin>\00", align 1
; O0:   @__fluid_names.tiny = private unnamed_addr constant [17 x i8] c"tiny\00\01O0\00<stdin>\00", align 1
; NONE: @__fluid_names.tiny = private unnamed_addr constant [13 x i8] c"tiny\00<stdin>\00", align 1
; The untimed mark: tiny only counts its calls.
; CHECK: @__fluid_rec.tiny = private global {{.*}} ptr @__fluid_names.tiny, i32 -1, i32 0 }

; PRINT-OS: {{^}}fluid-instrument<post-inline;Os>{{,|$}}
; PRINT-O3: {{^}}fluid-instrument<pre-inline;O3>{{,|$}}
; BAD: fluid-instrument: invalid fluid-instrument parameter 'O4' (expected 'pre-inline' or 'post-inline', and optionally a level: O0, O1, O2, O3, Os, Oz)

; CHECK-LABEL: define i32 @work(
; CHECK:         call void @__fluid_enter(ptr @__fluid_rec.work,
define i32 @work(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
  %next = add i32 %i, 1
  %done = icmp eq i32 %next, %n
  br i1 %done, label %exit, label %loop
exit:
  %r = call i32 @tiny(i32 %next)
  ret i32 %r
}

; CHECK-LABEL: define i32 @tiny(
; CHECK-NOT:     call void @__fluid_enter
; CHECK:         atomicrmw add ptr @__fluid_rec.tiny, i64 1 monotonic
define i32 @tiny(i32 %x) {
  %r = add i32 %x, 1
  ret i32 %r
}

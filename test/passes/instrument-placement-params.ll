; Both placements parse as pass parameters, print back as given, and
; instrument what they are given when run from opt: the placement only
; matters to where the plugin puts the pass in clang's pipeline. With no
; parameter the pass is post-inline.
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument<pre-inline>,verify' -S < %s | %FileCheck %s
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument<post-inline>,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument<pre-inline>,verify' -S | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument<post-inline>,verify' -S | %FileCheck %s
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument<pre-inline>' -print-pipeline-passes -disable-output < %s | %FileCheck %s --check-prefix=PRINT-PRE
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument<post-inline>' -print-pipeline-passes -disable-output < %s | %FileCheck %s --check-prefix=PRINT-POST
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument' -print-pipeline-passes -disable-output < %s | %FileCheck %s --check-prefix=PRINT-POST

target triple = "x86_64-unknown-linux-gnu"

; PRINT-PRE:  {{^}}fluid-instrument<pre-inline>{{,|$}}
; PRINT-POST: {{^}}fluid-instrument<post-inline>{{,|$}}

; CHECK: @__fluid_rec.work = private global

; CHECK-LABEL: define i32 @work(
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.work, ptr [[FRAME]])
; CHECK-NEXT:    %r = add i32 %x, 1
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.work, ptr [[FRAME]])
; CHECK-NEXT:    ret i32 %r
define i32 @work(i32 %x) {
  %r = add i32 %x, 1
  ret i32 %r
}

; In a function with invokes, the entry hook precedes the first invoke, the
; normal path's ret gets an exit hook, and the landingpad stays the first
; instruction of its block: the only hook in the landing block is the exit
; hook right before its resume. The invokes themselves are not rewritten.
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

declare i32 @__gxx_personality_v0(...)
declare i32 @may_throw(i32)

; CHECK-LABEL: define i32 @guarded(
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %slot = alloca i32
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.guarded, ptr [[FRAME]])
; CHECK-NEXT:    %a = invoke i32 @may_throw(i32 %x)
; CHECK-NEXT:            to label %cont unwind label %lpad
; CHECK-EMPTY:
; CHECK-NEXT:  cont:
; CHECK-NEXT:    %b = invoke i32 @may_throw(i32 %a)
; CHECK-NEXT:            to label %ok unwind label %lpad
; CHECK-EMPTY:
; CHECK-NEXT:  ok:
; CHECK-NEXT:    store i32 %b, ptr %slot
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.guarded, ptr [[FRAME]])
; CHECK-NEXT:    ret i32 %b
; CHECK-EMPTY:
; CHECK-NEXT:  lpad:
; CHECK-NEXT:    %lp = landingpad { ptr, i32 }
; CHECK-NEXT:            catch ptr null
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.guarded, ptr [[FRAME]])
; CHECK-NEXT:    resume { ptr, i32 } %lp
; CHECK-NEXT:  }
define i32 @guarded(i32 %x) personality ptr @__gxx_personality_v0 {
entry:
  %slot = alloca i32
  %a = invoke i32 @may_throw(i32 %x) to label %cont unwind label %lpad
cont:
  %b = invoke i32 @may_throw(i32 %a) to label %ok unwind label %lpad
ok:
  store i32 %b, ptr %slot
  ret i32 %b
lpad:
  %lp = landingpad { ptr, i32 } catch ptr null
  resume { ptr, i32 } %lp
}

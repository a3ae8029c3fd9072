; Unwinding out of a function is a way out too: every `resume` gets one exit
; hook immediately before it (the frame is still live there), wherever the
; resume sits, and the cleanup code before it is untouched.
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

declare i32 @__gxx_personality_v0(...)
declare void @may_throw()
declare void @cleanup(i32)

; CHECK-LABEL: define void @two_resumes(
; CHECK:       entry:
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.two_resumes, ptr [[FRAME]])
; CHECK-NEXT:    invoke void @may_throw()
; CHECK:       {{^}}lpad:
; CHECK-NEXT:    %lp = landingpad { ptr, i32 }
; CHECK-NEXT:            cleanup
; CHECK-NEXT:    br i1 %c, label %first, label %second
; CHECK:       {{^}}first:
; CHECK-NEXT:    call void @cleanup(i32 1)
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.two_resumes, ptr [[FRAME]])
; CHECK-NEXT:    resume { ptr, i32 } %lp
; CHECK:       {{^}}second:
; CHECK-NEXT:    call void @cleanup(i32 2)
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.two_resumes, ptr [[FRAME]])
; CHECK-NEXT:    resume { ptr, i32 } %lp
; CHECK:       {{^}}done:
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.two_resumes, ptr [[FRAME]])
; CHECK-NEXT:    ret void
; CHECK-NEXT:  }
define void @two_resumes(i1 %c) personality ptr @__gxx_personality_v0 {
entry:
  invoke void @may_throw() to label %done unwind label %lpad
lpad:
  %lp = landingpad { ptr, i32 } cleanup
  br i1 %c, label %first, label %second
first:
  call void @cleanup(i32 1)
  resume { ptr, i32 } %lp
second:
  call void @cleanup(i32 2)
  resume { ptr, i32 } %lp
done:
  ret void
}

; A function that can only leave by unwinding still gets its exit hook.
; CHECK-LABEL: define void @always_rethrows(
; CHECK:       entry:
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.always_rethrows, ptr [[FRAME]])
; CHECK-NEXT:    invoke void @may_throw()
; CHECK-NEXT:            to label %never unwind label %lpad
; CHECK:       {{^}}never:
; CHECK-NEXT:    unreachable
; CHECK:       {{^}}lpad:
; CHECK-NEXT:    %lp = landingpad { ptr, i32 }
; CHECK-NEXT:            cleanup
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.always_rethrows, ptr [[FRAME]])
; CHECK-NEXT:    resume { ptr, i32 } %lp
; CHECK-NEXT:  }
define void @always_rethrows() personality ptr @__gxx_personality_v0 {
entry:
  invoke void @may_throw() to label %never unwind label %lpad
never:
  unreachable
lpad:
  %lp = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %lp
}

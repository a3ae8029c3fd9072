; Instrumented functions write their record on every call, so the memory
; effects inferred before the hooks existed must go: otherwise a later pass
; (LTO, a second opt run; here dce and early-cse) deletes or merges calls and
; the profile loses them. The pass drops memory(...) and speculatable from
; instrumented functions, from their call sites, and from uninstrumented
; callers (here one clang left unmarked: no_instrument_function), and leaves
; everything else alone.
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -fluid-honor-no-instrument -passes='fluid-instrument,dce,early-cse,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -fluid-honor-no-instrument -passes='fluid-instrument,dce,early-cse,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK-LABEL: define i32 @square(i32 %x)
; CHECK-SAME:    [[SQUARE_ATTRS:#[0-9]+]]
; CHECK:         call void @__fluid_enter(ptr @__fluid_rec.square
define i32 @square(i32 %x) memory(none) nounwind willreturn speculatable "instrument-function-entry-inlined"="__cyg_profile_func_enter" {
  %r = mul i32 %x, %x
  ret i32 %r
}

; Both calls survive dce (result unused) and early-cse (same argument).
; CHECK-LABEL: define void @caller(i32 %x)
; CHECK-SAME:    [[SQUARE_ATTRS]]
; CHECK:         call i32 @square(i32 %x){{$}}
; CHECK-NEXT:    call i32 @square(i32 %x){{$}}
define void @caller(i32 %x) memory(none) nounwind willreturn "instrument-function-entry-inlined"="__cyg_profile_func_enter" {
  %a = call i32 @square(i32 %x) memory(none)
  %b = call i32 @square(i32 %x) memory(none)
  ret void
}

; Not instrumented (no marker), but it calls an instrumented function: its
; own readonly claim is now false too, and so is its caller's call site.
; CHECK-LABEL: define i32 @quiet(i32 %x)
; CHECK-SAME:    [[QUIET_ATTRS:#[0-9]+]] {
; CHECK-NEXT:    %r = call i32 @square(i32 %x){{$}}
define i32 @quiet(i32 %x) memory(read) nounwind willreturn {
  %r = call i32 @square(i32 %x)
  ret i32 %r
}

; CHECK-LABEL: define void @outer(i32 %x)
; CHECK:         call i32 @quiet(i32 %x){{$}}
define void @outer(i32 %x) nounwind "instrument-function-entry-inlined"="__cyg_profile_func_enter" {
  %unused = call i32 @quiet(i32 %x) memory(read)
  ret void
}

; A function that calls nothing instrumented keeps its attributes.
; CHECK-LABEL: define i32 @untouched(i32 %x)
; CHECK-SAME:    [[UNTOUCHED_ATTRS:#[0-9]+]] {
define i32 @untouched(i32 %x) memory(none) nounwind willreturn {
  ret i32 %x
}

; CHECK-DAG: attributes [[SQUARE_ATTRS]] = { nounwind willreturn "fluid-instrumented" }
; CHECK-DAG: attributes [[QUIET_ATTRS]] = { nounwind willreturn }
; CHECK-DAG: attributes [[UNTOUCHED_ATTRS]] = { nounwind willreturn memory(none) }

; Instrumented IR written out and run through the pass again (two opt
; processes, as when a build feeds instrumented bitcode back to the
; optimizer) is instrumented once: the module's globals are exactly one set,
; and each body has exactly one entry hook and one exit hook.
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S < %s | %opt -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -passes='fluid-instrument,verify' -S | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; Anything a second run added would follow llvm.compiler.used.
; CHECK:      @__fluid_names.first = private unnamed_addr constant
; CHECK-NEXT: @__fluid_rec.first = private global
; CHECK-NEXT: @__fluid_names.second = private unnamed_addr constant
; CHECK-NEXT: @__fluid_rec.second = private global
; CHECK-NEXT: @__start_fluid_records = extern_weak hidden global i8
; CHECK-NEXT: @__stop_fluid_records = extern_weak hidden global i8
; CHECK-NEXT: @__fluid_note = private constant
; CHECK-NEXT: @llvm.compiler.used = appending global [1 x ptr] [ptr @__fluid_note], section "llvm.metadata"
; CHECK-EMPTY:

; CHECK-LABEL: define void @first(
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.first, ptr [[FRAME]])
; CHECK-NEXT:    call void @second()
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.first, ptr [[FRAME]])
; CHECK-NEXT:    ret void
; CHECK-NEXT:  }
define void @first() {
  call void @second()
  ret void
}

; CHECK-LABEL: define void @second(
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.second, ptr [[FRAME]])
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.second, ptr [[FRAME]])
; CHECK-NEXT:    ret void
; CHECK-NEXT:  }
define void @second() {
  ret void
}

; One declaration of each hook.
; CHECK-COUNT-1: declare void @__fluid_enter(ptr, ptr)
; CHECK-COUNT-1: declare void @__fluid_exit(ptr, ptr)
; CHECK-NOT:     declare void @__fluid_

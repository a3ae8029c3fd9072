; The record's hash field is the value fluid-hash stamped before
; optimization, read back from the attribute, not a hash of the body
; fluid-instrument sees: here instcombine rewrites both bodies between the two
; passes (as clang's pipeline does between pipeline start and optimizer
; last), and each record still holds its function's stamp. The record stores
; the 64-bit stamp as a signed i64, so a stamp of 2^63 or more reads as the
; stamp minus 2^64. A third run instruments the same optimized bodies without
; stamps, to show their recomputed hashes differ from the stamps.
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes=fluid-hash -S < %s -o %t.stamped.ll
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='function(instcombine),fluid-instrument,verify' -S < %t.stamped.ll -o %t.instrumented.ll
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='function(instcombine),fluid-instrument,verify' -S < %s -o %t.unstamped.ll
; RUN: cat %t.stamped.ll %t.instrumented.ll %t.unstamped.ll | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s > %t.i386.ll
; RUN: %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes=fluid-hash -S < %t.i386.ll -o %t.i386.stamped.ll
; RUN: %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='function(instcombine),fluid-instrument,verify' -S < %t.i386.stamped.ll -o %t.i386.instrumented.ll
; RUN: %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='function(instcombine),fluid-instrument,verify' -S < %t.i386.ll -o %t.i386.unstamped.ll
; RUN: cat %t.i386.stamped.ll %t.i386.instrumented.ll %t.i386.unstamped.ll | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; The stamped module: capture each stamp as a 64-bit unsigned number.
; CHECK:     define i32 @identity(i32 %x) [[IDENTITY_ATTRS:#[0-9]+]] {
; CHECK:     define i32 @negate(i32 %x) [[NEGATE_ATTRS:#[0-9]+]] {
; CHECK-DAG: attributes [[IDENTITY_ATTRS]] = { "fluid-hash"="[[#%.16x,IDENTITY_HASH:]]" }
; CHECK-DAG: attributes [[NEGATE_ATTRS]] = { "fluid-hash"="[[#%.16x,NEGATE_HASH:]]" }

; The instrumented module: sub(H, mul(div(H, 2^63), 2^64)) is H read as i64.
; CHECK:      @__fluid_rec.identity = private global { i64, i64, i64, i64, i64, i64, ptr, i32, i32{{(, \[4 x i8\])?}} } { i64 0, i64 0, i64 0, i64 -1, i64 0,
; CHECK-SAME:   i64 [[#%d,sub(IDENTITY_HASH, mul(div(IDENTITY_HASH, 0x8000000000000000), 0x10000000000000000))]], ptr @__fluid_names.identity, i32 0, i32 0{{(, \[4 x i8\] zeroinitializer)?}} }
; CHECK:      @__fluid_rec.negate = private global { i64, i64, i64, i64, i64, i64, ptr, i32, i32{{(, \[4 x i8\])?}} } { i64 0, i64 0, i64 0, i64 -1, i64 0,
; CHECK-SAME:   i64 [[#%d,sub(NEGATE_HASH, mul(div(NEGATE_HASH, 0x8000000000000000), 0x10000000000000000))]], ptr @__fluid_names.negate, i32 0, i32 0{{(, \[4 x i8\] zeroinitializer)?}} }
; CHECK:        define i32 @identity(
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.identity, ptr [[FRAME]])
; CHECK-NEXT:    call void @__fluid_exit(ptr @__fluid_rec.identity, ptr [[FRAME]])
; CHECK-NEXT:    ret i32 %x

; The unstamped module: the optimized bodies hash to something else.
; CHECK:      @__fluid_rec.identity = private global
; CHECK-NOT:    i64 [[#%d,sub(IDENTITY_HASH, mul(div(IDENTITY_HASH, 0x8000000000000000), 0x10000000000000000))]], ptr
; CHECK-SAME:   ptr @__fluid_names.identity, i32 0, i32 0{{(, \[4 x i8\] zeroinitializer)?}} }
; CHECK:      @__fluid_rec.negate = private global
; CHECK-NOT:    i64 [[#%d,sub(NEGATE_HASH, mul(div(NEGATE_HASH, 0x8000000000000000), 0x10000000000000000))]], ptr
; CHECK-SAME:   ptr @__fluid_names.negate, i32 0, i32 0{{(, \[4 x i8\] zeroinitializer)?}} }

define i32 @identity(i32 %x) {
  %a = add i32 %x, 0
  %b = mul i32 %a, 1
  ret i32 %b
}

define i32 @negate(i32 %x) {
  %a = sub i32 0, %x
  %b = sub i32 0, %a
  %c = sub i32 0, %b
  ret i32 %c
}

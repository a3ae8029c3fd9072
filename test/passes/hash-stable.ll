; The structural hash depends on the body's shape only: two functions that
; differ just in their own and their values' names hash the same, so do two
; that differ just in lifetime markers (clang emits those only when
; optimizing), and a different opcode changes the hash. Hashing the same IR
; in two separate runs gives the same stamps.
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes=fluid-hash -S < %s -o %t.first.ll
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes=fluid-hash -S < %s -o %t.second.ll
; RUN: cat %t.first.ll %t.second.ll | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s > %t.i386.ll
; RUN: %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -passes=fluid-hash -S < %t.i386.ll -o %t.i386.first.ll
; RUN: %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -passes=fluid-hash -S < %t.i386.ll -o %t.i386.second.ll
; RUN: cat %t.i386.first.ll %t.i386.second.ll | %FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; Equal attribute sets share one attribute group, so equal hashes show as the
; same group number, and different hashes as different groups.
; CHECK:      define i32 @sum(i32 %x, i32 %y) [[SUM:#[0-9]+]] {
; CHECK:      define i32 @renamed_sum(i32 %a, i32 %b) [[SUM]] {
; CHECK:      define i32 @difference(i32 %x, i32 %y) [[DIFFERENCE:#[0-9]+]] {
; CHECK:      define void @store_one(ptr %p) [[STORE_ONE:#[0-9]+]] {
; CHECK:      define void @store_one_with_lifetime(ptr %p) [[STORE_ONE]] {
; CHECK:      attributes [[SUM]] = { "fluid-hash"="[[SUM_HASH:[0-9a-f]+]]" }
; CHECK:      attributes [[DIFFERENCE]] = { "fluid-hash"="[[DIFFERENCE_HASH:[0-9a-f]+]]" }
; CHECK:      attributes [[STORE_ONE]] = { "fluid-hash"="[[STORE_ONE_HASH:[0-9a-f]+]]" }

; The second run's module: the same stamps.
; CHECK:      define i32 @sum(i32 %x, i32 %y) [[SUM2:#[0-9]+]] {
; CHECK:      define i32 @difference(i32 %x, i32 %y) [[DIFFERENCE2:#[0-9]+]] {
; CHECK:      define void @store_one(ptr %p) [[STORE_ONE2:#[0-9]+]] {
; CHECK-DAG:  attributes [[SUM2]] = { "fluid-hash"="[[SUM_HASH]]" }
; CHECK-DAG:  attributes [[DIFFERENCE2]] = { "fluid-hash"="[[DIFFERENCE_HASH]]" }
; CHECK-DAG:  attributes [[STORE_ONE2]] = { "fluid-hash"="[[STORE_ONE_HASH]]" }

define i32 @sum(i32 %x, i32 %y) {
  %s = add i32 %x, %y
  ret i32 %s
}

define i32 @renamed_sum(i32 %a, i32 %b) {
  %total = add i32 %a, %b
  ret i32 %total
}

define i32 @difference(i32 %x, i32 %y) {
  %s = sub i32 %x, %y
  ret i32 %s
}

define void @store_one(ptr %p) {
  %slot = alloca i32
  store i32 1, ptr %slot
  ret void
}

define void @store_one_with_lifetime(ptr %p) {
  %slot = alloca i32
  call void @llvm.lifetime.start.p0(i64 4, ptr %slot)
  store i32 1, ptr %slot
  call void @llvm.lifetime.end.p0(i64 4, ptr %slot)
  ret void
}

declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)

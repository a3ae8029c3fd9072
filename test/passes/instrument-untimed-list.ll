; -fluid-untimed-list=FILE (fluid-cc --fluid-untimed): a function the
; list names, with its hash, is untimed (only counts its calls) whatever its
; size, unless it calls a function of the module that stays timed, or its
; record is shared with other objects (a comdat: they could judge it
; otherwise). A name listed with another hash (an older version of the
; function) is timed. A damaged list is one error naming the file and line.
; RUN: rm -rf %t && mkdir -p %t
; The list names three functions by the hashes an unlisted run gives them.
; RUN: %opt -load-pass-plugin=%fluid_plugin -passes=fluid-instrument -S < %s > %t/plain.ll
; RUN: %python -c "import re, sys; print('# fluid-untimed 1'); [print('%%s\t%%016x' %% (m[0], int(m[1]) %% 2**64)) for m in re.findall(r'@__fluid_rec\.(\w+) = .*? i64 (-?\d+), ptr', open(sys.argv[1]).read()) if m[0] in ('listed', 'calls_timed', 'calls_listed', 'shared')]" %t/plain.ll > %t/list
; RUN: printf 'wrong_hash\t0000000000000001\n' >> %t/list
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-list=%t/list -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: printf 'not a list\n' > %t/bad1
; RUN: not %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-list=%t/bad1 -passes=fluid-instrument -disable-output < %s 2>&1 | %FileCheck %s --check-prefix=BAD1
; RUN: printf '# fluid-untimed 1\nlisted 12\n' > %t/bad2
; RUN: not %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-list=%t/bad2 -passes=fluid-instrument -disable-output < %s 2>&1 | %FileCheck %s --check-prefix=BAD2
; A list of the old format (before the term was untimed) is refused too.
; RUN: printf '# fluid-count-only 1\n' > %t/old
; RUN: not %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-list=%t/old -passes=fluid-instrument -disable-output < %s 2>&1 | %FileCheck %s --check-prefix=OLD
; RUN: not %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-list=%t/missing -passes=fluid-instrument -disable-output < %s 2>&1 | %FileCheck %s --check-prefix=MISSING

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; CHECK: @__fluid_rec.shared = {{.*}} i32 0, {{.*}} comdat($shared)
; CHECK: @__fluid_rec.listed = {{.*}} i32 -1,
; CHECK: @__fluid_rec.wrong_hash = {{.*}} i32 0,
; CHECK: @__fluid_rec.timed = {{.*}} i32 0,
; CHECK: @__fluid_rec.calls_timed = {{.*}} i32 0,
; CHECK: @__fluid_rec.calls_listed = {{.*}} i32 -1,
; CHECK-LABEL: define i32 @listed(
; CHECK-NEXT: entry:
; CHECK-NEXT: atomicrmw add ptr @__fluid_rec.listed, i64 1 monotonic
; CHECK-NOT: __fluid_
; CHECK: }
; BAD1: error: fluid-instrument: {{.*}}bad1:1: not an untimed list (its first line must be '# fluid-untimed 1'; 'fluid-prof untimed' writes one)
; BAD2: error: fluid-instrument: {{.*}}bad2:2: expected '<function name><tab><16 hex digits>', got 'listed 12'
; OLD: error: fluid-instrument: {{.*}}old:1: not an untimed list (its first line must be '# fluid-untimed 1'; 'fluid-prof untimed' writes one)
; MISSING: error: fluid-instrument: {{.*}}missing: cannot read the untimed list:

$shared = comdat any

declare void @ext()

define linkonce_odr i32 @shared(i32 %n) comdat {
  call void @ext()
  ret i32 %n
}

; A loop: timed by its size, counted by the list.
define i32 @listed(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %loop ]
  call void @ext()
  %i.next = add i32 %i, 1
  %more = icmp ult i32 %i.next, %n
  br i1 %more, label %loop, label %exit
exit:
  ret i32 %i.next
}

define i32 @wrong_hash(i32 %n) {
  call void @ext()
  ret i32 %n
}

define i32 @timed(i32 %n) {
  call void @ext()
  ret i32 %n
}

define i32 @calls_timed(i32 %n) {
  %r = call i32 @timed(i32 %n)
  ret i32 %r
}

define i32 @calls_listed(i32 %n) {
  %r = call i32 @listed(i32 %n)
  ret i32 %r
}

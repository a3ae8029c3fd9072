; An internal function's profile name is qualified by its file's base name,
; as clang's PGO names it ("util.c:helper", the directory dropped so the name
; does not depend on where the build ran), so two static helpers of the same
; name in different files stay apart; the names string's second field keeps
; the full source path. An external function's name is its plain symbol.
; RUN: %opt -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S < %s | %FileCheck %s
; RUN: sed 's/^target triple.*/target triple = "i386-unknown-linux-gnu"/' %s | %opt -mtriple=i386-unknown-linux-gnu -load-pass-plugin=%fluid_plugin -fluid-untimed-size=0 -passes='fluid-instrument,verify' -S | %FileCheck %s

source_filename = "src/lib/util.c"
target triple = "x86_64-unknown-linux-gnu"

; CHECK:      @__fluid_names.helper = private unnamed_addr constant [29 x i8] c"util.c:helper\00src/lib/util.c\00", align 1
; CHECK-NEXT: @__fluid_rec.helper = private global {{.*}} ptr @__fluid_names.helper, i32 0, i32 0{{(, \[4 x i8\] zeroinitializer)?}} }, section "fluid_records", align 64
; CHECK-NEXT: @__fluid_names.api = private unnamed_addr constant [19 x i8] c"api\00src/lib/util.c\00", align 1
; CHECK-NEXT: @__fluid_rec.api = private global {{.*}} ptr @__fluid_names.api, i32 0, i32 0{{(, \[4 x i8\] zeroinitializer)?}} }, section "fluid_records", align 64

; CHECK-LABEL: define internal i32 @helper(
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.helper, ptr [[FRAME]])
define internal i32 @helper(i32 %x) {
  %r = mul i32 %x, 3
  ret i32 %r
}

; CHECK-LABEL: define i32 @api(
; CHECK-NEXT:    [[FRAME:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
; CHECK-NEXT:    call void @__fluid_enter(ptr @__fluid_rec.api, ptr [[FRAME]])
define i32 @api(i32 %x) {
  %r = call i32 @helper(i32 %x)
  ret i32 %r
}

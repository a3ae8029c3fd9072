// The record's file field never holds the machine's directories: a source
// given by absolute path is named relative to the directory the compiler ran
// in, whether it lies below it or beside it; a relative path stays as given.
// RUN: rm -rf %t && mkdir -p %t/src %t/build && cp %s %t/src/unit.c
// RUN: cd %t && %clang -O0 -S -emit-llvm %fluid_cc_instrument %t/src/unit.c -o - | %FileCheck %s --check-prefix=BELOW
// RUN: cd %t/build && %clang -O0 -S -emit-llvm %fluid_cc_instrument %t/src/unit.c -o - | %FileCheck %s --check-prefix=BESIDE
// RUN: cd %t && %clang -O0 -S -emit-llvm %fluid_cc_instrument ./src/../src/unit.c -o - | %FileCheck %s --check-prefix=GIVEN
// RUN: cd %t/build && %clang -m32 -O0 -S -emit-llvm %fluid_cc_instrument %t/src/unit.c -o - | %FileCheck %s --check-prefix=BESIDE

// BELOW:  @__fluid_names.answer = {{.*}} c"answer\00\01O0\00src/unit.c\00"
// BESIDE: @__fluid_names.answer = {{.*}} c"answer\00\01O0\00../src/unit.c\00"
// GIVEN:  @__fluid_names.answer = {{.*}} c"answer\00\01O0\00./src/../src/unit.c\00"
int answer(void) { return 42; }

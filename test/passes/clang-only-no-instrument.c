// A file whose every function is no_instrument_function, compiled with
// fluid-cc's flags, stays entirely uninstrumented: no hooks, no records, no
// note and no section bounds, at -O0 and -O2 (the functions are still there).
// RUN: %clang --target=x86_64-unknown-linux-gnu -O0 %fluid_cc_instrument -S -emit-llvm -o - %s | %FileCheck %s --implicit-check-not=__fluid --implicit-check-not=fluid_records --implicit-check-not=.note.fluid --implicit-check-not=fluid-instrumented --implicit-check-not=__cyg_profile
// RUN: %clang --target=i386-unknown-linux-gnu -O0 %fluid_cc_instrument -S -emit-llvm -o - %s | %FileCheck %s --implicit-check-not=__fluid --implicit-check-not=fluid_records --implicit-check-not=.note.fluid --implicit-check-not=fluid-instrumented --implicit-check-not=__cyg_profile
// RUN: %clang --target=x86_64-unknown-linux-gnu -O2 %fluid_cc_instrument -S -emit-llvm -o - %s | %FileCheck %s --implicit-check-not=__fluid --implicit-check-not=fluid_records --implicit-check-not=.note.fluid --implicit-check-not=fluid-instrumented --implicit-check-not=__cyg_profile
// RUN: %clang --target=i386-unknown-linux-gnu -O2 %fluid_cc_instrument -S -emit-llvm -o - %s | %FileCheck %s --implicit-check-not=__fluid --implicit-check-not=fluid_records --implicit-check-not=.note.fluid --implicit-check-not=fluid-instrumented --implicit-check-not=__cyg_profile

// CHECK: define dso_local {{.*}}i32 @first(
// CHECK: define dso_local {{.*}}i32 @second(
__attribute__((no_instrument_function)) int first(int x) { return x + 1; }
__attribute__((no_instrument_function)) int second(int x) { return first(x) * 2; }

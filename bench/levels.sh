#!/usr/bin/env bash
# levels.sh - what per-function levels (fluid-cc --fluid-profile) cost to
# compile, measured side by side in one run. (What they buy, the kernel
# rebuilt from its profile beside uniform kernels, is bench/rebuild.sh's.)
#
# Two builds, each first profiled for real (instrumented build, run, plan
# with the default policy), then compiled file by file at uniform -O2 and
# profile-driven, rounds interleaved:
#   kernel     the test kernel's sources and modules (x86_64, its flags);
#   generated  a generated 50-file C program (bench/generated_program.sh).
# CPU seconds (user + system of every process) per build, median of the
# rounds; ratio profile-driven / uniform -O2 (target <= 1.5, printed). The
# profile-driven program must print what the plain one prints.
#
# Options: --build-dir=DIR (default: ../build next to this script)
#          --rounds=N      timed rounds (default 5)
#          --files=N       files of the generated program (default 50)
#          --warmup=N      untimed compile rounds before the timed ones
#                          (default 1; the smoke test's 0: no figure of it is
#                          asserted)
#          --keep          keep the temporary directory
# Environment: LLVM_ROOT (default /usr/lib/llvm-19).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/generated_program.sh"
repo="$here/.."
rounds=5
for arg in "$@"; do
  common_option "$arg" || corpus_option "$arg" || unknown_argument "$arg"
done
fluid_cc="$build_dir/bin/fluid-cc"
fluid_prof="$build_dir/bin/fluid-prof"
instrumented_kernel="$build_dir/kernel/x86_64-instrumented/kernel.elf"
need_built "$build_dir" "$clang" "$fluid_cc" "$fluid_prof" "$instrumented_kernel"
make_work "$keep"

boot() { python3 "$repo/scripts/qemu-run" --kernel "$1" --serial-log "$2" --timeout 300 > /dev/null \
  || die "kernel $1 failed to boot (log: $2)"; }

# --- profiles -----------------------------------------------------------
progress "profiling the instrumented x86_64 kernel (default command line)"
boot "$instrumented_kernel" "$work/kernel-profile.log"
"$fluid_prof" extract "$work/kernel-profile.log" -o "$work/kernel-profile.json"

progress "profiling the generated $files-file program"
mkdir -p "$work/generated" "$work/prog"
for ((i = 0; i < files; i++)); do generate_file "$i" > "$work/generated/part$i.c"; done
generate_main "$files" > "$work/prog/main.c"
"$fluid_cc" --fluid-instrument=pre-inline -O2 "$work"/generated/*.c "$work/prog/main.c" -o "$work/prog/instrumented"
FLUID_PROFILE_FILE="$work/prog/run.profile" "$work/prog/instrumented" > "$work/prog/instrumented.out"
"$clang" -O2 "$work"/generated/*.c "$work/prog/main.c" -o "$work/prog/plain"
"$work/prog/plain" > "$work/prog/plain.out"
cmp -s "$work/prog/plain.out" "$work/prog/instrumented.out" || die "instrumented program printed another checksum"

# --- compile time -------------------------------------------------------
kernel_flags=(--target=x86_64-unknown-none-elf -mno-red-zone -mcmodel=small -std=gnu11
  -ffreestanding -fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables
  -fno-unwind-tables -fno-exceptions -nostdlib -Wall -Wextra -O2 -I"$repo/kernel"
  -I"$repo/modules" -I"$repo/runtime" '-DFLUID_BUILD_FLAGS="bench"')
kernel_sources=()
for src in "$repo"/kernel/*.c "$repo"/modules/*.c; do
  case $src in */tss32.c|*/libgcc32.c) ;; *) kernel_sources+=("$src") ;; esac # i386 only
done
generated_sources=("$work"/generated/*.c)

# compile VARIANT CORPUS: every file once with -c; prints CPU microseconds.
compile() {
  local variant=$1 corpus=$2 out=$work/out/$1-$2 sources flags cc
  if [[ $corpus == kernel ]]; then sources=("${kernel_sources[@]}"); flags=("${kernel_flags[@]}")
    profile=$work/kernel-profile.json
  else sources=("${generated_sources[@]}"); flags=(-O2 -Wall -Wextra); profile=$work/prog/run.profile; fi
  if [[ $variant == uniform ]]; then cc=("$clang"); else cc=("$fluid_cc" "--fluid-profile=$profile"); fi
  mkdir -p "$out"
  local TIMEFORMAT='%3U %3S'
  { time {
    for src in "${sources[@]}"; do
      "${cc[@]}" "${flags[@]}" -c "$src" -o "$out/$(basename "$src" .c).o" 2>> "$work/compile.log" \
        || die "compile failed: $src ($variant; see $work/compile.log with --keep)"
    done
  } ; } 2> "$work/time.txt"
  awk '{ printf "%d\n", ($1 + $2) * 1e6 }' "$work/time.txt"
}

declare -A samples
for corpus in kernel generated; do
  for ((w = 0; w < warmup; w++)); do
    compile uniform "$corpus" > /dev/null
    compile levels "$corpus" > /dev/null
  done
  for ((r = 0; r < rounds; r++)); do
    progress "compile time: $corpus round $((r + 1)) of $rounds"
    if ((r % 2 == 0)); then order=(uniform levels); else order=(levels uniform); fi
    for v in "${order[@]}"; do samples[$corpus/$v]+="$(compile "$v" "$corpus") "; done
  done
done
median() { tr ' ' '\n' <<< "$1" | awk 'NF' | sort -n | awk '
  { v[NR] = $1 } END { printf "%d\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# The profile-driven generated program still computes the same checksum.
"$clang" "$work"/out/levels-generated/*.o "$work/prog/main.c" -O2 -o "$work/prog/levels"
"$work/prog/levels" > "$work/prog/levels.out"
cmp -s "$work/prog/plain.out" "$work/prog/levels.out" || die "profile-driven program printed another checksum"

echo "Fluid per-function levels: compile time (CPU seconds, median of $rounds rounds, each file -c)"
echo "corpus files uniform-O2 profile-driven ratio target<=1.5"
for corpus in kernel generated; do
  u=$(median "${samples[$corpus/uniform]}"); l=$(median "${samples[$corpus/levels]}")
  n=${#kernel_sources[@]}; [[ $corpus == generated ]] && n=$files
  awk -v c="$corpus" -v n="$n" -v u="$u" -v l="$l" 'BEGIN {
    r = l / u; printf "%s %d %.3f %.3f %.3f %s\n", c, n, u / 1e6, l / 1e6, r, (r <= 1.5 ? "PASS" : "MISS") }'
done
progress "done"

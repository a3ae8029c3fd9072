#!/usr/bin/env bash
# compile_time.sh - compile-time cost of fluid-cc --fluid-instrument over clang.
#
# Two corpora, each compiled file by file (-c, one compiler process at a
# time, as a build's compile steps are):
#   modules    the test kernel's workloads (modules/*.c) with the kernel's
#              flags (x86_64 bare-metal target, -O2 -ffreestanding -fno-pic);
#   generated  a generated multi-file C program (hash tables, sorting, a
#              tokenizer, string formatting over libc headers) at -O2.
# Three variants per corpus: clang 19 itself, fluid-cc with no --fluid-*
# flag (the wrapper's own cost) and fluid-cc --fluid-instrument. Rounds
# interleave the variants in rotating order, so load from other processes
# hits all of them alike; the table shows the median (and min) CPU seconds
# (user + system, of all the compiler processes) per corpus and the ratios against clang (target <= 1.10 for instrumenting,
# PASS/MISS printed, never asserted). Every instrumented object is checked
# for Fluid's hooks. Progress goes to stderr.
#
# Options: --build-dir=DIR (default: ../build next to this script)
#          --rounds=N      timed rounds per variant (default 7)
#          --files=N       files of the generated program (default 50)
#          --warmup=N      untimed rounds of every variant first (default
#                          1; the smoke test's 0: no figure of it is asserted)
#          --keep          keep the temporary directory
# Environment: LLVM_ROOT (default /usr/lib/llvm-19).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/generated_program.sh"
rounds=7
for arg in "$@"; do
  common_option "$arg" || corpus_option "$arg" || unknown_argument "$arg"
done
fluid_cc="$build_dir/bin/fluid-cc"
need_built "$build_dir" "$clang" "$fluid_cc" "$llvm_root/bin/llvm-nm"
repo="$here/.."
make_work "$keep"

mkdir -p "$work/generated" "$work/out"
for ((i = 0; i < files; i++)); do
  generate_file "$i" > "$work/generated/part$i.c"
done
modules=("$repo"/modules/*.c)
generated=("$work"/generated/*.c)
module_flags=(--target=x86_64-unknown-none-elf -mno-red-zone -mcmodel=small -std=gnu11
  -ffreestanding -fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables
  -fno-unwind-tables -fno-exceptions -Wall -Wextra -O2 -I"$repo/modules" -I"$repo/kernel")
generated_flags=(-O2 -Wall -Wextra)

# compile_corpus VARIANT CORPUS: compile every file once; prints CPU
# microseconds.
compile_corpus() {
  local variant=$1 corpus=$2 cc flags sources out=$work/out/$1-$2
  case $variant in
    clang) cc=("$clang") ;;
    wrapper) cc=("$fluid_cc") ;;
    instrument) cc=("$fluid_cc" --fluid-instrument) ;;
  esac
  if [[ $corpus == modules ]]; then sources=("${modules[@]}"); flags=("${module_flags[@]}")
  else sources=("${generated[@]}"); flags=("${generated_flags[@]}"); fi
  mkdir -p "$out"
  # CPU seconds (user + system) of the compilers: far steadier than wall
  # time on a machine other work shares.
  local TIMEFORMAT='%3U %3S'
  { time {
    for src in "${sources[@]}"; do
      "${cc[@]}" "${flags[@]}" -c "$src" -o "$out/$(basename "$src" .c).o" 2>> "$work/compile.log"
    done
  } ; } 2> "$work/time.txt"
  awk '{ printf "%d\n", ($1 + $2) * 1e6 }' "$work/time.txt"
}

variants=(clang wrapper instrument)
declare -A samples
echo "compile_time: ${#modules[@]} module files, $files generated files, $rounds rounds" >&2
for corpus in modules generated; do
  for ((w = 0; w < warmup; w++)); do
    for v in "${variants[@]}"; do compile_corpus "$v" "$corpus" > /dev/null; done
  done
  for ((r = 0; r < rounds; r++)); do
    echo "compile_time: $corpus round $((r + 1)) of $rounds" >&2
    for ((k = 0; k < 3; k++)); do
      v=${variants[$(( (r + k) % 3 ))]}
      samples[$corpus/$v]+="$(compile_corpus "$v" "$corpus") "
    done
  done
done
echo "compile_time: done" >&2

# median / min of a list of microsecond samples, printed in seconds.
stat() { tr ' ' '\n' <<< "$1" | awk 'NF' | sort -n | awk '
  { v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
  printf "%s %.3f %.3f\n", m, m / 1e6, v[1] / 1e6 }'; }

echo "Fluid compile-time overhead, CPU seconds (user+sys) per corpus (each file compiled with -c)"
echo "median and min over $rounds rounds, variants interleaved"
echo "corpus files clang (median min) fluid-cc (median min) fluid-cc --fluid-instrument (median min)"
verdicts=()
for corpus in modules generated; do
  read -r c_us c_med c_min <<< "$(stat "${samples[$corpus/clang]}")"
  read -r w_us w_med w_min <<< "$(stat "${samples[$corpus/wrapper]}")"
  read -r i_us i_med i_min <<< "$(stat "${samples[$corpus/instrument]}")"
  n=${#modules[@]}; [[ $corpus == generated ]] && n=$files
  echo "$corpus $n $c_med $c_min $w_med $w_min $i_med $i_min"
  verdicts+=("$(awk -v c="$c_us" -v w="$w_us" -v i="$i_us" -v name="$corpus" 'BEGIN {
    printf "ratio %s fluid-cc / clang %.3f\n", name, w / c;
    r = i / c; printf "ratio %s fluid-cc --fluid-instrument / clang %.3f target <= 1.10 %s\n",
      name, r, (r <= 1.10 ? "PASS" : "MISS") }')")
done
printf '%s\n' "${verdicts[@]}"

# The instrumented variant really instrumented: every object has Fluid's
# records (an untimed function counts its calls without calling a hook, so
# the hook itself is no test).
for corpus in modules generated; do
  total=0 hooked=0
  for obj in "$work/out/instrument-$corpus"/*.o; do
    total=$((total + 1))
    if "$llvm_root/bin/llvm-size" -A "$obj" | grep -q '^fluid_records '; then hooked=$((hooked + 1)); fi
  done
  echo "hooks: $corpus $hooked of $total instrumented objects have Fluid records"
done

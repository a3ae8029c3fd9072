#!/usr/bin/env bash
# whole_program.sh - whole-program instrumentation overhead, side by side in one run.
#
# Builds, in a temporary directory, the same whole programs in every variant
# and times them: the kernel's workload modules (modules/*.c) compiled as
# hosted programs, one workload per module (bench/whole_program_modules.c
# runs a module's entry point REPEAT times, every checksum checked), and the
# bundled example examples/wordfreq.c (bench/whole_program_wordfreq.c runs it
# REPEAT times in one process). Variants, all -O2:
#   O2          clang -O2, the baseline
#   fluid-post  fluid-cc --fluid-instrument (post-inline, the default)
#   fluid-pre   fluid-cc --fluid-instrument=pre-inline
#   fluid-ctx   fluid-cc --fluid-instrument --fluid-contexts (calling contexts:
#               its ratio to fluid-post is printed too; when fluid-cc has it)
#   post-ta     fluid-cc --fluid-instrument --fluid-time-all
#   pre-ta      fluid-cc --fluid-instrument=pre-inline --fluid-time-all
#   pre-single  fluid-cc --fluid-instrument=pre-inline --fluid-count-update=single
#               (plain counter adds, as PGO's; when fluid-cc has the flag)
#   pre-prof    fluid-cc --fluid-instrument=pre-inline --fluid-untimed=LIST,
#               LIST from fluid-prof untimed on a short training run of
#               every workload in fluid-pre (a second instrumented build, as
#               a user makes after a first profile; when fluid-cc has it)
#               (the two -ta variants only when fluid-cc has --fluid-time-all)
#   pgo         clang -fprofile-instr-generate (counts only)
#   cyg-post    clang -finstrument-functions-after-inlining + equivalent handler
#   cyg-pre     clang -finstrument-functions + equivalent handler
#   xray        clang -fxray-instrument -fxray-instruction-threshold=1 + the
#               same handler, installed with __xray_set_handler/__xray_patch
# The equivalent handler is bench/overhead_equiv.c: it does Fluid's work per
# call. Runs are interleaved round-robin across variants; each figure is the
# median CPU time (user + system of the child) over --runs runs, as a ratio
# to plain -O2's; every variant's output must equal plain -O2's, and each
# instrumented variant must show its hooks fired (a profile written, or the
# handler's count of main). Then the geometric mean and the worst workload
# per variant.
#
# Kernel half: the test kernel built plain -O2 (fluid-cc without a --fluid-*
# flag: clang's output) and instrumented (post-inline, pre-inline, and both
# with --fluid-time-all when available), booted under QEMU -icount shift=0;
# per-module instruction ratios to the plain kernel and their geometric
# means: deterministic, unlike CPU time.
#
# Options: --build-dir=DIR  Fluid's build tree (default: ../build next to this script)
#          --runs=N         timed runs per workload and variant (default 5)
#          --quick          1 run, tiny repeat counts, one iteration per kernel
#                           module, no --fluid-time-all kernels (the smoke
#                           test: figures are not meaningful)
#          --workloads=LIST comma-separated workloads (default: all; --list-workloads)
#          --no-kernel      skip the kernel half
#          --jobs=N         parallel builds (default: nproc)
#          --keep           keep the temporary directory
# Environment: LLVM_ROOT (default /usr/lib/llvm-19).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
src_dir=$(cd "$here/.." && pwd)
runs=5
quick=0
kernel=1
jobs=$(nproc 2>/dev/null || echo 2)
selected=""

# Workloads and their repeat counts, tuned for a few tenths of a second of
# CPU each in plain -O2 on a current x86_64 (instrumented variants take longer).
workload_names=(compute exact_calls fft fibonacci gemm_tiled matrix_mul physics primes
  quicksort regex_dfa sha256 string_ops sum transformer wordfreq)
declare -A repeat=([compute]=30000 [exact_calls]=60000 [fft]=150000 [fibonacci]=40000
  [gemm_tiled]=20000 [matrix_mul]=90000 [physics]=70000 [primes]=15000 [quicksort]=40000
  [regex_dfa]=15000 [sha256]=60000 [string_ops]=40000 [sum]=300000 [transformer]=6000
  [wordfreq]=35)

for arg in "$@"; do
  common_option "$arg" && continue
  case "$arg" in
    --runs=*) runs=${arg#*=} ;;
    --quick) quick=1 ;;
    --workloads=*) selected=${arg#*=} ;;
    --list-workloads) printf '%s\n' "${workload_names[@]}"; exit 0 ;;
    --no-kernel) kernel=0 ;;
    --jobs=*) jobs=${arg#*=} ;;
    *) unknown_argument "$arg" ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ && "$jobs" =~ ^[1-9][0-9]*$ ]] ||
  usage_error "--runs and --jobs take positive numbers"
(( quick )) && runs=1
if [[ -n "$selected" ]]; then
  IFS=, read -r -a wanted <<< "$selected"
  for w in "${wanted[@]}"; do
    [[ -n "${repeat[$w]:-}" ]] || usage_error "no workload '$w' (--list-workloads names them)"
  done
  workload_names=("${wanted[@]}")
fi

absolute_build_dir
fluid_cc="$build_dir/bin/fluid-cc"
lib_dir="$build_dir/lib/fluid"
need_built "$build_dir" "$clang" "$fluid_cc" "$lib_dir/FluidPasses.so" "$lib_dir/libfluid_rt_hosted.so"
make_work "$keep"

# --- variants ---------------------------------------------------------------
variants=(O2 fluid-post fluid-pre fluid-ctx pre-single pre-prof post-ta pre-ta pgo cyg-post cyg-pre xray)
declare -A flags=(
  [O2]="" [fluid-post]="--fluid-instrument" [fluid-pre]="--fluid-instrument=pre-inline"
  [fluid-ctx]="--fluid-instrument --fluid-contexts"
  [pre-single]="--fluid-instrument=pre-inline --fluid-count-update=single"
  [post-ta]="--fluid-instrument --fluid-time-all"
  [pre-ta]="--fluid-instrument=pre-inline --fluid-time-all"
  [pgo]="-fprofile-instr-generate" [cyg-post]="-finstrument-functions-after-inlining"
  [cyg-pre]="-finstrument-functions"
  [xray]="-fxray-instrument -fxray-instruction-threshold=1")
declare -A skipped=()
if ! "$fluid_cc" --help 2>/dev/null | grep -q -- --fluid-time-all; then
  skipped[post-ta]="this fluid-cc has no --fluid-time-all"
  skipped[pre-ta]="this fluid-cc has no --fluid-time-all"
fi
if ! "$fluid_cc" --help 2>/dev/null | grep -q -- --fluid-contexts ||
   [[ ! -e "$lib_dir/libfluid_rt_hosted_contexts.so" ]]; then
  skipped[fluid-ctx]="this fluid-cc has no --fluid-contexts"
fi
if ! "$fluid_cc" --help 2>/dev/null | grep -q -- --fluid-count-update; then
  skipped[pre-single]="this fluid-cc has no --fluid-count-update"
fi
# pre-prof is built after the others: it needs fluid-pre's training profiles.
flags[pre-prof]="--fluid-instrument=pre-inline --fluid-untimed=$work/untimed.txt"
if ! "$fluid_cc" --help 2>/dev/null | grep -q -- --fluid-untimed= ||
   [[ ! -x "$build_dir/bin/fluid-prof" ]]; then
  skipped[pre-prof]="this fluid-cc has no --fluid-untimed"
fi

compiler_of() { case $1 in fluid-*|*-ta|*-single|*-prof) echo "$fluid_cc" ;; *) echo "$clang" ;; esac; }

# The equivalent handler, a shared library like Fluid's hosted runtime, and
# its set-up and check (not instrumented).
"$clang" -O2 -fPIC -shared -fvisibility=hidden -fno-semantic-interposition \
  "$here/overhead_equiv.c" -o "$work/libbench_equiv.so"
"$clang" -O2 -c "$here/whole_program_handler.c" -o "$work/handler_cyg.o"
"$clang" -O2 -DBENCH_XRAY -c "$here/whole_program_handler.c" -o "$work/handler_xray.o"

# build_variant NAME: both programs of one variant, in $work/NAME.
build_variant() {
  local name=$1 dir="$work/$1" cc extra=()
  cc=$(compiler_of "$name")
  read -r -a vflags <<< "${flags[$name]}"
  case $name in
    cyg-*) extra=("$work/handler_cyg.o" -L"$work" -lbench_equiv -Wl,-rpath,"$work") ;;
    xray) extra=("$work/handler_xray.o" -L"$work" -lbench_equiv -Wl,-rpath,"$work") ;;
  esac
  mkdir -p "$dir"
  "$cc" -O2 -w "${vflags[@]}" "$src_dir"/modules/*.c "$here/whole_program_modules.c" \
    "${extra[@]}" -o "$dir/modules" > "$dir/build.log" 2>&1 &&
  "$cc" -O2 -w "${vflags[@]}" "$here/whole_program_wordfreq.c" \
    "${extra[@]}" -o "$dir/wordfreq" >> "$dir/build.log" 2>&1
}

progress "building ${#variants[@]} variants of the hosted programs"
for v in "${variants[@]}"; do
  [[ -n "${skipped[$v]:-}" || $v == pre-prof ]] && continue
  while (( $(jobs -rp | wc -l) >= jobs )); do sleep 0.2; done
  { build_variant "$v" && touch "$work/$v/built"; } &
done
wait
for v in "${variants[@]}"; do
  [[ -n "${skipped[$v]:-}" || -e "$work/$v/built" || $v == pre-prof ]] && continue
  reason=$(grep -m1 -i 'error' "$work/$v/build.log" || tail -1 "$work/$v/build.log")
  [[ $v == xray ]] || die "the $v variant did not build: $reason"
  skipped[xray]="does not build here: $reason"
done
# pre-prof: train fluid-pre on every workload (a hundredth of its repeat
# count), list what the profiles timed below the probe floor, build with it.
if [[ -z "${skipped[pre-prof]:-}" ]]; then
  progress "training fluid-pre for pre-prof"
  mkdir -p "$work/train"
  for w in "${workload_names[@]}"; do
    count=$(( repeat[$w] / 100 )); (( count > 0 )) || count=1
    if [[ $w == wordfreq ]]; then cmd=("$work/fluid-pre/wordfreq" "$count")
    else cmd=("$work/fluid-pre/modules" "$w" "$count"); fi
    FLUID_PROFILE_FILE="$work/train/$w.profile" "${cmd[@]}" > /dev/null ||
      die "the fluid-pre training run of $w failed"
  done
  "$build_dir/bin/fluid-prof" untimed -o "$work/untimed.txt" \
    "$work/train/"*.profile 2> "$work/train/untimed.log" ||
    die "fluid-prof untimed failed: $(tail -1 "$work/train/untimed.log")"
  build_variant pre-prof || die "the pre-prof variant did not build: $(grep -m1 -i error "$work/pre-prof/build.log")"
  touch "$work/pre-prof/built"
fi
# XRay needs its runtime and a kernel that lets it patch code: try it once.
if [[ -z "${skipped[xray]:-}" ]] &&
   ! out=$("$work/xray/modules" sum 1 2>&1 >/dev/null); then
  skipped[xray]="the handler does not run here: ${out:-no message}"
fi

# --- hosted runs ------------------------------------------------------------
div=1; (( quick )) && div=50
workload_args=()
for w in "${workload_names[@]}"; do
  count=$(( repeat[$w] / div )); (( count > 0 )) || count=1
  if [[ $w == wordfreq ]]; then workload_args+=(--workload "$w=wordfreq $count")
  else workload_args+=(--workload "$w=modules $w $count"); fi
done
variant_args=()
for v in "${variants[@]}"; do
  if [[ -n "${skipped[$v]:-}" ]]; then variant_args+=(--skip "$v=${skipped[$v]}"); continue; fi
  case $v in
    fluid-*|*-ta|*-single|*-prof) variant_args+=(--variant "$v:FLUID_PROFILE_FILE") ;;
    pgo) variant_args+=(--variant "$v:LLVM_PROFILE_FILE") ;;
    *) variant_args+=(--variant "$v") ;;
  esac
done

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
echo "Fluid whole-program overhead: CPU time and kernel instruction ratios to plain -O2"
echo "cpu: ${cpu_model:-unknown}; $(nproc) CPU(s), not pinned; compiler: $("$clang" --version | head -1)"
echo "variants (all -O2):"
for v in "${variants[@]}"; do
  shown=${flags[$v]//$work\//}
  printf '  %-10s %s\n' "$v" "$(basename "$(compiler_of "$v")") -O2${shown:+ $shown}$(
    case $v in cyg-*|xray) echo " + equivalent handler (bench/overhead_equiv.c)" ;; esac)"
done
echo "workloads: modules/*.c as hosted programs, one per module, and examples/wordfreq.c"
echo "  (repeat counts:$(for w in "${workload_names[@]}"; do
  c=$(( repeat[$w] / div )); printf ' %s=%d' "$w" $(( c > 0 ? c : 1 )); done))"
echo
progress "timing ${#workload_names[@]} workloads, $runs run(s) each, interleaved"
python3 "$here/whole_program.py" hosted --work "$work" --runs "$runs" \
  "${variant_args[@]}" "${workload_args[@]}" || exit 1

# --- kernel half ------------------------------------------------------------
echo
if (( ! kernel )); then echo "kernel: skipped (--no-kernel)"; progress "done"; exit 0; fi
missing=""
for tool in cmake ninja nasm qemu-system-x86_64; do
  command -v "$tool" > /dev/null || missing+=" $tool"
done
[[ -e "$lib_dir/libfluid_rt_x86_64.a" ]] || missing+=" libfluid_rt_x86_64.a"
if [[ -n "$missing" ]]; then
  echo "kernel: skipped (missing:$missing)"; progress "done"; exit 0
fi
cmdline=""; (( quick )) && cmdline="modules=all iters=1"
# (pre-prof is hosted only: its training would be a kernel boot per list;
# fluid-ctx too: the hosted figure is the one its budget is set on.)
kernel_variants=(O2 fluid-post fluid-pre post-ta pre-ta)
kernel_args=()
# --quick boots the kernels whose hooks differ (post- and pre-inline); the
# --fluid-time-all ones are only more hooks of the same kind.
if (( quick )); then
  for v in post-ta pre-ta; do
    [[ -n "${skipped[$v]:-}" ]] || skipped[$v]="--quick: the kernel half builds O2, fluid-post and fluid-pre only"
  done
fi
# One build directory, reconfigured per variant: CMake's compiler checks run
# once. Every kernel is compiled by fluid-cc, which without a --fluid-* flag
# is clang (its output is byte-identical), so the compiler never changes.
kdir="$work/kernel"
for v in "${kernel_variants[@]}"; do
  if [[ -n "${skipped[$v]:-}" ]]; then kernel_args+=(--skip "$v=${skipped[$v]}"); continue; fi
  log="$work/kernel-$v"
  progress "kernel: building and booting the $v kernel"
  instrument=OFF; [[ -n "${flags[$v]}" ]] && instrument=ON
  cmake -S "$src_dir/kernel" -B "$kdir" -G Ninja -DCMAKE_C_COMPILER="$fluid_cc" \
    -DFLUID_ARCH=x86_64 "-DFLUID_OPT=-O2 ${flags[$v]}" "-DFLUID_CMDLINE=${cmdline:-modules=all}" \
    -DFLUID_INSTRUMENT=$instrument -DFLUID_RUNTIME_DIR="$lib_dir" > "$log.configure.log" 2>&1 \
    || die "cmake failed for the $v kernel (log: $log.configure.log)"
  cmake --build "$kdir" --target kernel.elf -- -j"$jobs" > "$log.build.log" 2>&1 \
    || die "the $v kernel did not build (log: $log.build.log)"
  cp "$kdir/kernel.elf" "$log.elf"
  boot=(python3 "$src_dir/scripts/qemu-run" --kernel "$log.elf"
    --serial-log "$log.serial.log" --timeout 600)
  [[ -n "$cmdline" ]] && boot+=(--cmdline "$cmdline")
  "${boot[@]}" > "$log.qemu.log" 2>&1 \
    || die "the $v kernel did not pass: $(tail -1 "$log.qemu.log") (serial log: $log.serial.log)"
  kernel_args+=(--serial "$v=$log.serial.log")
done
echo "kernel: x86_64, fluid-cc -O2 (O2: no --fluid-* flag, clang's output) and the flags above;"
echo "  booted under QEMU -icount shift=0 (a cycle is a guest instruction);" \
  "command line: ${cmdline:-default (every module, default iterations)}"
python3 "$here/whole_program.py" kernel --source "$src_dir" "${kernel_args[@]}" || exit 1
progress "done"

#!/usr/bin/env bash
# overhead.sh - per-call overhead of Fluid's hooks beside -finstrument-functions and XRay.
#
# Builds, in a temporary directory, one program holding the same tiny
# non-inlined function compiled four ways (uninstrumented, Fluid,
# -finstrument-functions, XRay; Fluid twice: with the hosted runtime, and
# with the freestanding core a kernel links, its symbols renamed so both
# live in one program), the last two driving a profiler that does
# Fluid's work (bench/overhead_equiv.c), and times them on one pinned CPU,
# together with a bare back-to-back rdtsc pair, in short samples interleaved
# round-robin (so load from other processes hits all variants alike and a
# preempted sample is an outlier the median ignores). Prints the table
# of rdtsc ticks per call, the ratios against the issue's targets (PASS/MISS,
# never asserted) and the runtime's memory figures. Progress goes to stderr.
#
# Options: --build-dir=DIR (default: ../build next to this script)
#          --iterations=N  calls per variant (default 50000000)
#          --sample=N      calls per timed sample (default 10000)
#          --cpu=N         CPU to pin to with taskset (default: the last one)
#          --keep          keep the temporary directory
# Environment: LLVM_ROOT (default /usr/lib/llvm-19).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
iterations=50000000
sample=10000
cpu=""
for arg in "$@"; do
  common_option "$arg" && continue
  case "$arg" in
    --iterations=*) iterations=${arg#*=} ;;
    --sample=*) sample=${arg#*=} ;;
    --cpu=*) cpu=${arg#*=} ;;
    *) unknown_argument "$arg" ;;
  esac
done
[[ "$iterations" =~ ^[0-9]+$ && "$sample" =~ ^[0-9]+$ ]] ||
  usage_error "--iterations and --sample take numbers"

llvm_bin="$llvm_root/bin"
src_dir=$(cd "$here/.." && pwd)
absolute_build_dir
lib_dir="$build_dir/lib/fluid"
plugin="$lib_dir/FluidPasses.so"
freestanding="$lib_dir/libfluid_rt_x86_64.a"
need_built "$build_dir" "$clang" "$plugin" "$lib_dir/libfluid_rt_hosted.so" "$freestanding"
make_work "$keep"

# Instrumentation flags exactly as fluid-cc passes them (see test/lit.cfg.py),
# with every function timed (--fluid-time-all): the leaf is too small to
# time by default, and what this measures is the timed hook pair.
fluid_flags=(-fpass-plugin="$plugin" -Xclang -load -Xclang "$plugin"
  -Xclang -finstrument-functions-after-inlining -mllvm -fluid-honor-no-instrument
  -mllvm -fluid-untimed-size=0)
common=(-O2 -g0 -fno-omit-frame-pointer)

progress "compiling the variants with $clang"
"$clang" "${common[@]}" -fPIC -shared -fvisibility=hidden -fno-semantic-interposition \
  "$here/overhead_equiv.c" -o "$work/libbench_equiv.so"
leaf() { "$clang" "${common[@]}" -c "$here/overhead_leaf.c" -DBENCH_VARIANT="$1" \
  -o "$work/leaf_$1.o" "${@:2}"; }
leaf plain
leaf fluid "${fluid_flags[@]}"
# The kernel's hot path: the freestanding core (one static context, counters
# in the records, no TLS) with its symbols prefixed, and a leaf calling it.
leaf fluidfs "${fluid_flags[@]}"
"$llvm_bin/llvm-objcopy" --redefine-sym __fluid_enter=fs__fluid_enter \
  --redefine-sym __fluid_exit=fs__fluid_exit "$work/leaf_fluidfs.o"
# The core is the hot file and the slow paths it tail-calls.
(cd "$work" && "$llvm_bin/llvm-ar" x "$freestanding" core.c.o core_slow.c.o)
for part in core core_slow; do
  "$llvm_bin/llvm-objcopy" --prefix-symbols=fs "$work/$part.c.o" "$work/${part}_freestanding.o"
done
leaf cyg -finstrument-functions
leaf xray -fxray-instrument -fxray-instruction-threshold=1
"$clang" "${common[@]}" -c "$here/overhead_driver.c" -o "$work/driver.o"
"$clang" -O2 -fxray-instrument "$work"/driver.o "$work"/leaf_*.o "$work"/core*_freestanding.o \
  -L"$work" -lbench_equiv -L"$lib_dir" -lfluid_rt_hosted \
  -Wl,-rpath,"$work" -Wl,-rpath,"$lib_dir" -o "$work/overhead"

pin=()
if command -v taskset >/dev/null; then
  [[ -n "$cpu" ]] || cpu=$(( $(nproc) - 1 ))
  pin=(taskset -c "$cpu")
  taskset -c "$cpu" true 2>/dev/null || { progress "cannot pin to CPU $cpu"; pin=(); }
fi
pinned=${pin:+"CPU $cpu (taskset)"}
pinned=${pinned:-"not pinned (no taskset)"}

progress "timing $iterations calls per variant in samples of $sample"
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
echo "Fluid hook overhead, rdtsc ticks per call of a tiny non-inlined function"
echo "cpu: ${cpu_model:-unknown}; $pinned"
echo "$iterations calls per variant, timed in samples of $sample calls interleaved round-robin;"
echo "  median and min over the $(( iterations / sample )) samples of each variant"
echo "compiler: $("$clang" --version | head -1); all variants -O2"
echo "variant 3/4 handler: bench/overhead_equiv.c (rdtsc, per-thread shadow stack, calls,"
echo "  self/inclusive/min/max cycles, caller edge), a shared library like Fluid's hosted runtime"
echo "variant 4: __xray_set_handler(same handler) + __xray_patch() at start (fairer than"
echo "  xray-basic mode, which logs every event to a buffer and file instead of aggregating)"
echo
FLUID_PROFILE_FILE="$work/fluid.profile" XRAY_OPTIONS="patch_premain=false" \
  "${pin[@]}" "$work/overhead" "$iterations" "$sample" | tee "$work/table.txt"

# Fluid's own counts of the leaves, from the profile the hosted runtime wrote
# at exit (it lists the freestanding core's records too: their counters live
# in the records themselves).
expected=$(sed -n 's/^hooks fired: leaf calls per variant \([0-9]*\);.*/\1/p' "$work/table.txt")
for leaf in bench_leaf_fluid bench_leaf_fluidfs; do
  counted=$(grep -o "\"name\":\"$leaf\"[^}]*\"calls\":[0-9]*" "$work/fluid.profile" \
    | sed 's/.*"calls"://')
  echo "hooks fired: fluid profile counted ${counted:-nothing} calls of $leaf"
  [[ "$counted" == "$expected" ]] || die "Fluid counted ${counted:-no} calls of $leaf, expected $expected"
done

progress "measuring memory figures"
echo
echo "memory"
# Code is the executable sections (.text*), summed over an archive's
# members; Berkeley "text" would count read-only data too. The target is
# for the freestanding runtime a kernel links (hooks, slow paths, export).
code_of() { "$llvm_bin/llvm-size" -A "$1" | awk '$1 ~ /^\.text/ { sum += $2 } END { print sum + 0 }'; }
for arch in x86_64 i386; do
  archive="$lib_dir/libfluid_rt_$arch.a"
  [[ -e "$archive" ]] || continue
  code=$(code_of "$archive")
  verdict=MISS; (( code <= 4096 )) && verdict=PASS
  printf '%-58s %6d bytes  target <= 4096  %s\n' \
    "freestanding runtime code (.text*, libfluid_rt_$arch.a)" "$code" "$verdict"
  "$llvm_bin/llvm-size" -A "$archive" | awk '
    / \(ex / { member = $1 }
    $1 ~ /^\.text/ { code[member] += $2; if ($2 > 0) count[member]++ }
    END { for (m in code) printf "  %-56s %6d bytes  (%d functions)\n", m, code[m], count[m] }' | sort
  text=$("$llvm_bin/llvm-size" "$archive" | awk 'NR > 1 { sum += $1 } END { print sum }')
  printf '  %-56s %6d bytes\n' "llvm-size text column (code + read-only data)" "$text"
done
# The hosted library adds the Linux adapter (threads, merging, ELF notes,
# the profile file) to the same core: reported, not held to the target.
hosted_code=$(code_of "$lib_dir/libfluid_rt_hosted.so")
printf '%-58s %6d bytes  (for information)\n' \
  "hosted runtime code (.text, libfluid_rt_hosted.so)" "$hosted_code"
hooks=0
while read -r _ size _ name; do
  [[ "$name" == __fluid_enter || "$name" == __fluid_exit ]] && hooks=$(( hooks + 16#$size ))
done < <("$llvm_bin/llvm-nm" -S --defined-only "$lib_dir/libfluid_rt_hosted.so")
printf '  %-56s %6d bytes\n' "of which the hot hooks __fluid_enter + __fluid_exit" "$hooks"

records=$("$llvm_bin/llvm-size" -A "$work/leaf_fluid.o" | awk '$1 == "fluid_records" { print $2 }')
functions=$("$llvm_bin/llvm-objdump" -dr "$work/leaf_fluid.o" | grep -c 'R_X86_64_PLT32[[:space:]]*__fluid_enter')
per_record=$(( records / functions ))
verdict=MISS; (( per_record <= 64 )) && verdict=PASS
printf '%-58s %6d bytes  target <= 64    %s\n' \
  "record per function (fluid_records $records B / $functions functions)" "$per_record" "$verdict"

# The shadow stack's geometry, from the runtime's own header and archive.
cat > "$work/geometry.c" <<'EOF'
#include <stdio.h>
#include "internal.h"
int main(void) {
  printf("%d %zu\n", FLUID_STACK_FRAMES, sizeof(struct fluid_frame));
  return 0;
}
EOF
"$clang" -O0 -I"$src_dir/runtime" "$work/geometry.c" -o "$work/geometry"
read -r frames frame_size < <("$work/geometry")
"$clang" -O0 -DFLUID_RT_HOSTED -I"$src_dir/runtime" "$work/geometry.c" -o "$work/geometry_hosted"
read -r _ hosted_frame_size < <("$work/geometry_hosted")
static_frames=$("$llvm_bin/llvm-nm" -S "$freestanding" 2>/dev/null \
  | awk '$4 == "main_frames" { print $2 }')
[[ -n "$static_frames" ]] && static_frames=$(( 16#$static_frames ))
hosted_frames=$(sed -n 's/^#define HOSTED_STACK_FRAMES \([0-9]*\).*/\1/p' "$src_dir/runtime/hosted_threads.c")
printf '%-58s %6d bytes  fixed size\n' \
  "shadow stack (FLUID_STACK_FRAMES $frames x $frame_size B frame)" $(( frames * frame_size ))
echo "  freestanding: static array main_frames, ${static_frames:-?} bytes in libfluid_rt_x86_64.a;"
echo "  hosted: ${hosted_frames:-?} frames x $hosted_frame_size B per thread, mapped once (pages"
echo "  touched only as deep as calls go); deeper calls are counted"
echo "  as stack_overflows, never allocated"
progress "done"

#!/usr/bin/env bash
# program_measured.sh - the measured policy on a hosted program of several
# files (examples/logscan): fluid-rebuild program builds it instrumented and
# uniform at each level, chooses each function's level (fastest within the
# uniform -Os build's .text), builds the fluid variant, and times O2, O3 and
# fluid in interleaved rounds. The real clock varies by up to 30% between
# runs of one binary here, so beside the rounds' median CPU times this
# counts the instructions each build executes (Cachegrind's I refs: the
# same on every run) and prints, for -O2, -O3, -Os, -Oz and fluid:
#   .text bytes, .text / -Os .text, I refs, I refs / -O3, median CPU s
# and the two targets (fluid I refs / -O3 <= 1, fluid .text / -Os <= 1)
# with PASS/MISS, printed, never asserted.
#
# Options: --build-dir=DIR  (default: ../build next to this script)
#          --lines=N        log lines per run (default 200000)
#          --repeat=N       timed rounds (default 7)
#          --quick          --lines=20000 --repeat=1, levels O2 and Os
#                           measured, one training run (the smoke test's)
#          --keep           keep the output directory
#          -- ARGS          passed to fluid-rebuild program
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
lines=200000
repeat=7
quick=0
extra=()
while [[ $# -gt 0 ]]; do
  if ! common_option "$1"; then
    case "$1" in
      --lines=*) lines=${1#*=} ;;
      --repeat=*) repeat=${1#*=} ;;
      --quick) quick=1 ;;
      --) shift; extra=("$@"); break ;;
      *) unknown_argument "$1" ;;
    esac
  fi
  shift
done
rebuild="$build_dir/bin/fluid-rebuild"
need_built "$build_dir" "$rebuild"
command -v valgrind > /dev/null ||
  die "valgrind not found (Debian's valgrind: scripts/install-deps installs it)"
llvm_size=/usr/lib/llvm-19/bin/llvm-size
make_work "$keep"
args=()
if [[ $quick == 1 ]]; then
  lines=20000 repeat=1
  args=(--measure-levels O2,Os --untimed-level Os --train-repeat 1)
fi

echo "program_measured: fluid-rebuild program on examples/logscan ($lines lines, $repeat rounds)" >&2
"$rebuild" program --source "$here/../examples/logscan" --build make \
  --train "./logscan $lines" --binary logscan --out "$work/out" --repeat "$repeat" \
  "${args[@]}" "${extra[@]}" > "$work/summary" 2> "$work/progress" || {
  tail -3 "$work/progress" >&2; exit 1; }

# Uniform -Oz is built only when measured: build the missing ones here.
for level in O2 O3 Os Oz; do
  if [[ ! -x $work/out/$level/src/logscan ]]; then
    mkdir -p "$work/$level" && cp -r "$here/../examples/logscan/." "$work/$level/"
    make -s -C "$work/$level" CC="$build_dir/bin/fluid-cc" CFLAGS="-$level" > /dev/null
    mkdir -p "$work/out/$level/src" && cp "$work/$level/logscan" "$work/out/$level/src/logscan"
  fi
done

text() {
  "$llvm_size" -A "$1" | awk '$1 == ".text" || $1 ~ /^\.text\./ { s += $2 } END { print s }'
}
irefs() {
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    "$1" "$lines" 2>&1 >/dev/null | awk '/I *refs:/ { gsub(",", "", $NF); print $NF }'
}
cpu() { # median CPU s from the report's variant table, or n/a
  awk -F'|' -v v="$1" '$2 ~ "^ *"v" *$" && $4 ~ /[0-9]/ { gsub(/ /, "", $4); print $4; exit }' \
    "$work/out/report.md"
}
declare -A TEXT IREFS
for variant in O2 O3 Os Oz fluid; do
  binary=$work/out/$variant/src/logscan
  TEXT[$variant]=$(text "$binary")
  IREFS[$variant]=$(irefs "$binary")
done
printf '%-8s %10s %10s %16s %10s %10s\n' variant ".text" "/-Os" "I refs" "/-O3" "CPU s"
for variant in O2 O3 Os Oz fluid; do
  c=$(cpu "$variant"); c=${c:-n/a}
  awk -v v="$variant" -v t="${TEXT[$variant]}" -v ts="${TEXT[Os]}" -v i="${IREFS[$variant]}" \
      -v i3="${IREFS[O3]}" -v c="$c" \
      'BEGIN { printf "%-8s %10d %10.3f %16d %10.3f %10s\n", v, t, t / ts, i, i / i3, c }'
done
awk -v i="${IREFS[fluid]}" -v i3="${IREFS[O3]}" -v t="${TEXT[fluid]}" -v ts="${TEXT[Os]}" 'BEGIN {
  printf "fluid I refs / -O3 I refs: %.3f (target <= 1: %s)\n", i / i3, i <= i3 ? "PASS" : "MISS"
  printf "fluid .text / -Os .text:   %.3f (target <= 1: %s)\n", t / ts, t <= ts ? "PASS" : "MISS" }'
grep -m1 '^- \.text:' "$work/out/report.md" || true

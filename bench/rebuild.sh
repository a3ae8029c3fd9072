#!/usr/bin/env bash
# rebuild.sh - the rebuild loop's two targets, measured for x86_64 and i386:
# fluid-rebuild (default command line) builds the Fluid kernel beside
# uniform -O0..-Oz kernels under -icount shift=0 (cycles are guest
# instructions: deterministic), once per plan policy (default: the loop's
# default, then --policy=measured), and this prints, per architecture and
# policy (the one the report says made the plan),
#   Fluid cycles / -O3 cycles   (target <= 1)
#   Fluid .text / -Os .text     (target <= 1)
# with PASS/MISS (printed, never asserted), and each loop's wall time
# (target: under 4 minutes on two cores).
#
# Options: --build-dir=DIR  (default: ../build next to this script)
#          --quick          uniform -O3 and -Os only, one iteration per
#                           module, one round, the measured policy
#                           measuring -Os and -Oz only, and one policy (default: the loop's
#                           default) unless --policies says (the smoke
#                           test's mode)
#          --keep           keep the output directories
#          --work=DIR       put (and keep) the output directories in DIR:
#                           ARCH-POLICY/ (fluid-rebuild --out) and
#                           ARCH-POLICY.log (its progress) for each run
#          --policies=LIST  comma-separated: "default" (no --policy option),
#                           shares, bareflow, measured (default:
#                           shares,measured)
#          --arches=LIST    comma-separated: x86_64, i386 (default: both)
#          -- ARGS          passed to fluid-rebuild (e.g. -- --search)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
quick=0
policies=
arches=x86_64,i386
work=
extra=()
while [[ $# -gt 0 ]]; do
  if ! common_option "$1"; then
    case "$1" in
      --quick) quick=1 ;;
      --work=*) work=${1#*=} ;;
      --policies=*) policies=${1#*=} ;;
      --arches=*) arches=${1#*=} ;;
      --) shift; extra=("$@"); break ;;
      *) unknown_argument "$1" ;;
    esac
  fi
  shift
done
IFS=, read -r -a arch_list <<< "$arches"
for arch in "${arch_list[@]}"; do
  [[ $arch == x86_64 || $arch == i386 ]] ||
    usage_error "--arches: unknown architecture '$arch' (x86_64, i386)"
done
rebuild="$build_dir/bin/fluid-rebuild"
need_built "$build_dir" "$rebuild"
make_work "$keep" "$work"
args=()
# --measure-levels is the measured policy's (the others ignore it).
if [[ $quick == 1 ]]; then args=(--variants O3,Os --cmdline iters=1 --measure-levels Os,Oz --rounds 1); fi

# value REPORT LABEL: the ratio report.md prints after LABEL.
value() { sed -n "s/^- $2: \*\*\([0-9.]*\)\*\*.*/\1/p" "$1"; }

echo "Fluid rebuild loop: the test kernel, -icount shift=0"
echo "arch policy cycles/O3 target<=1 text/Os target<=1 loop-seconds target<240"
if [[ -z $policies ]]; then
  if [[ $quick == 1 ]]; then policies=default; else policies=shares,measured; fi
fi
IFS=, read -r -a policy_list <<< "$policies"
for arch in "${arch_list[@]}"; do
  for policy in "${policy_list[@]}"; do
    option=()
    [[ $policy == default ]] || option=(--policy="$policy")
    run="$work/$arch-$policy"
    echo "rebuild: fluid-rebuild --arch $arch ${option[*]} ${args[*]} ${extra[*]}" >&2
    start=$(date +%s)
    "$rebuild" --arch "$arch" --out "$run" "${option[@]}" "${args[@]}" "${extra[@]}" 2> "$run.log" \
      || die "fluid-rebuild --arch $arch ${option[*]} failed: $(tail -1 "$run.log")"
    seconds=$(( $(date +%s) - start ))
    cycles=$(value "$run/report.md" "Fluid cycles \/ -O3 cycles")
    text=$(value "$run/report.md" "Fluid .text \/ -Os .text")
    made_by=$(sed -n 's/^Plan policy: \*\*\([a-z]*\)\*\*.*/\1/p' "$run/report.md")
    awk -v a="$arch" -v p="$made_by" -v c="$cycles" -v t="$text" -v s="$seconds" 'BEGIN {
      printf "%s %s %.3f %s %.3f %s %d %s\n", a, p, c, (c <= 1 ? "PASS" : "MISS"), t, (t <= 1 ? "PASS" : "MISS"),
        s, (s < 240 ? "PASS" : "MISS") }'
  done
done
echo "rebuild: done" >&2

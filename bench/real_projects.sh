#!/usr/bin/env bash
# bench/real_projects.sh - real projects' own test suites through fluid-cc,
# pass-through, instrumented and rebuilt from plans: every suite must pass.
#
# Usage: bash bench/real_projects.sh [options]
#
#   --zlib=DIR --cjson=DIR --tinyxml2=DIR --pugixml=DIR
#                       a checkout of each project (or ZLIB_SRC, CJSON_SRC,
#                       TINYXML2_SRC, PUGIXML_SRC); a project without one is
#                       skipped. Nothing is downloaded; the checkouts are only
#                       read (each build works on a copy or out of tree)
#   --build-dir=DIR     a Fluid build tree (default: build): its bin/fluid-cc,
#                       bin/fluid-c++ and bin/fluid-prof
#   --fluid-cc=F --fluid-cxx=F --fluid-prof=F   each tool on its own
#   --configs=LIST      among pass,instr-post,instr-pre,plan,bareflow,random
#                       (default: all of them; plans need both instrumented
#                       configurations' profiles)
#   --seeds=N           random plans per project (default 3)
#   --base-seed=S       the first random plan's seed (default: random, printed;
#                       FLUID_REAL_SEED=S too)
#   --jobs=N            parallel compile jobs (default 2)
#   --work=DIR          where to build (default: a new temporary directory,
#                       kept: every configuration's logs, plans and profiles)
#   --projects=LIST     only these of zlib,cjson,tinyxml2,pugixml
#
# Configurations, each a full build of the project and a run of its suite:
#   pass        fluid-cc / fluid-c++ with no --fluid flag (byte-identical to clang)
#   instr-post  --fluid-instrument (post-inline); the suite's run writes one
#               profile per process, each must pass `fluid-prof validate`
#   instr-pre   --fluid-instrument=pre-inline, the same
#   plan        --fluid-profile= the default plan of instr-post's profiles
#   bareflow    --fluid-profile= the --policy=bareflow plan of them
#   random-K    the plan test/Inputs/levels_fuzz.py makes for seed S+K
#               (`levels_fuzz.py random-plan`): every function of the plan
#               of one placement's profiles at a random level, functions only
#               the pre-inline profiles list added at random, a random
#               command-line level appended, and the build instrumented again
#               (its profiles validated) when the fuzzer would; placements
#               alternate, post-inline first
#
# Prints one line per (project, configuration): result, the suite's counts,
# build and test time; then a summary. Exit status 1 if any configuration
# failed. Each configuration's build.log and test.log stay in
# WORK/PROJECT/CONFIG.

set -u -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
repo=$(dirname "$here")
fuzz_py=$repo/test/Inputs/levels_fuzz.py

build_dir=build
fluid_cc= fluid_cxx= fluid_prof=
configs=pass,instr-post,instr-pre,plan,bareflow,random
seeds=3
base_seed=${FLUID_REAL_SEED:-}
jobs=2
work=
projects=zlib,cjson,tinyxml2,pugixml
src_zlib=${ZLIB_SRC:-} src_cjson=${CJSON_SRC:-}
src_tinyxml2=${TINYXML2_SRC:-} src_pugixml=${PUGIXML_SRC:-}

for arg in "$@"; do
  case $arg in
    --zlib=*) src_zlib=${arg#*=} ;;
    --cjson=*) src_cjson=${arg#*=} ;;
    --tinyxml2=*) src_tinyxml2=${arg#*=} ;;
    --pugixml=*) src_pugixml=${arg#*=} ;;
    --build-dir=*) build_dir=${arg#*=} ;;
    --fluid-cc=*) fluid_cc=${arg#*=} ;;
    --fluid-cxx=*) fluid_cxx=${arg#*=} ;;
    --fluid-prof=*) fluid_prof=${arg#*=} ;;
    --configs=*) configs=${arg#*=} ;;
    --seeds=*) seeds=${arg#*=} ;;
    --base-seed=*) base_seed=${arg#*=} ;;
    --jobs=*) jobs=${arg#*=} ;;
    --work=*) work=${arg#*=} ;;
    --projects=*) projects=${arg#*=} ;;
    -h|--help) print_help ;;
    *) unknown_argument "$arg" ;;
  esac
done

abs() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
fluid_cc=$(abs "${fluid_cc:-$build_dir/bin/fluid-cc}")
fluid_cxx=$(abs "${fluid_cxx:-$build_dir/bin/fluid-c++}")
fluid_prof=$(abs "${fluid_prof:-$build_dir/bin/fluid-prof}")
for tool in "$fluid_cc" "$fluid_cxx" "$fluid_prof"; do
  [ -x "$tool" ] || usage_error "no $tool (--build-dir, --fluid-cc ...)"
done
[ -n "$base_seed" ] || base_seed=$(( (RANDOM << 15 | RANDOM) % 1000000 + 1 ))
[ -n "$work" ] || work=$(mktemp -d -t fluid-real.XXXXXX)
mkdir -p "$work" && work=$(cd "$work" && pwd)

want() { case ",$1," in *",$2,"*) return 0 ;; esac; return 1; }

echo "real_projects: work $work; random plans from base seed $base_seed" \
     "(--base-seed=$base_seed reproduces them)"

# --- the projects: copy/configure, build, run the suite ----------------------
# build_P DIR SRC builds in DIR (PATH has the configuration's cc and c++);
# test_P DIR runs the suite, its output to stdout; counts_P LOG prints
# "PASSED FAILED" from that output.

build_zlib() {  # ./configure && make: the static and the shared library
  cp -a "$2/." "$1/src" && cd "$1/src" &&
    CC=cc CFLAGS="-O2" ./configure && make -j"$jobs" all
}
test_zlib() { cd "$1/src" && make test; }
counts_zlib() {
  echo "$(grep -c 'zlib.*test OK' "$1") $(grep -c 'zlib.*test FAILED' "$1")"
}

build_cjson() {  # CMake, out of tree, with cJSON_Utils and its tests
  cmake -S "$2" -B "$1/b" -DCMAKE_C_COMPILER=cc -DCMAKE_C_FLAGS="-O2" \
        -DENABLE_CJSON_TEST=ON -DENABLE_CJSON_UTILS=ON \
        -DENABLE_CJSON_UNINSTALL=OFF -DENABLE_TARGET_EXPORT=OFF &&
    cmake --build "$1/b" -j "$jobs"
}
test_cjson() { cd "$1/b" && ctest --output-on-failure; }
counts_cjson() {
  sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1 \2/p' "$1" |
    tail -1 | { read -r f t && echo "$((t - f)) $f" || echo "0 0"; }
}

build_tinyxml2() {  # its Makefile: libtinyxml2.a and xmltest
  cp -a "$2/." "$1/src" && cd "$1/src" &&
    make -j"$jobs" CXX=c++ CXXFLAGS="-O2 -D_FILE_OFFSET_BITS=64 -fPIC" xmltest
}
test_tinyxml2() { cd "$1/src" && ./xmltest; }
counts_tinyxml2() {
  sed -n 's/^Pass \([0-9]*\), Fail \([0-9]*\).*/\1 \2/p' "$1" | tail -1 |
    grep . || echo "0 0"
}

build_pugixml() {  # its Makefile, config=release (-O3, -Werror)
  cp -a "$2/." "$1/src" && cd "$1/src" &&
    make -j"$jobs" CXX=c++ config=release
}
test_pugixml() { cd "$1/src" && make CXX=c++ config=release test; }
counts_pugixml() {
  if grep -q '^Success: [0-9]* tests passed' "$1"; then
    sed -n 's/^Success: \([0-9]*\) tests passed.*/\1 0/p' "$1"
  else
    sed -n 's/^FAILURE: \([0-9]*\) out of \([0-9]*\) tests failed.*/\1 \2/p' "$1" |
      tail -1 | { read -r f t && echo "$((t - f)) $f" || echo "0 0"; }
  fi
}

# --- one configuration --------------------------------------------------------

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { print b - a }'; }

results=()   # "project config result"
failures=0

# run_config PROJECT CONFIG BEFORE AFTER PROFILE_CHECK
#   BEFORE/AFTER: fluid flags put before / after the build's own arguments
#   PROFILE_CHECK: 1 if the suite's run must write valid profiles
run_config() {
  local p=$1 c=$2 before=$3 after=$4 profiles=$5
  local dir=$work/$p/$c src_var=src_$1
  rm -rf "$dir" && mkdir -p "$dir/bin" "$dir/profiles" "$dir/build-profiles"
  local tool
  for tool in cc:"$fluid_cc" c++:"$fluid_cxx"; do
    printf '#!/bin/sh\nexec %s %s "$@" %s\n' "${tool#*:}" "$before" "$after" \
      > "$dir/bin/${tool%%:*}"
    chmod +x "$dir/bin/${tool%%:*}"
  done
  local t0 t1 t2 status result detail=""
  t0=$(date +%s.%N)
  (export PATH="$dir/bin:$PATH" FLUID_PROFILE_FILE="$dir/build-profiles/%p.profile"
   "build_$p" "$dir" "${!src_var}") > "$dir/build.log" 2>&1
  status=$?
  t1=$(date +%s.%N)
  local passed=0 failed=0
  if [ $status -ne 0 ]; then
    result=BUILD-FAILED
    detail="; $(grep -m1 -E 'error|undefined reference' "$dir/build.log" | cut -c1-160)"
    t2=$t1
  else
    (export PATH="$dir/bin:$PATH" FLUID_PROFILE_FILE="$dir/profiles/%p.profile"
     "test_$p" "$dir") > "$dir/test.log" 2>&1
    status=$?
    t2=$(date +%s.%N)
    read -r passed failed < <("counts_$p" "$dir/test.log")
    if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
      result=FAIL
    else
      result=PASS
    fi
    local n
    n=$(find "$dir/profiles" -name '*.profile' | wc -l)
    if [ "$profiles" = 1 ]; then
      if [ "$n" -eq 0 ]; then
        result=FAIL detail="; no profile written"
      elif ! "$fluid_prof" validate "$dir"/profiles/*.profile \
             > "$dir/validate.log" 2>&1; then
        result=FAIL detail="; invalid profile: $(grep -m1 -v ': ok' "$dir/validate.log" | cut -c1-160)"
      else
        detail="; $n profiles valid"
      fi
    elif [ "$n" -ne 0 ]; then
      result=FAIL detail="; $n profiles from a build not instrumented"
    fi
  fi
  local stale
  stale=$(grep -c 'changed since the profile' "$dir/build.log")
  [ "$stale" -eq 0 ] || detail="$detail; $stale files with stale functions"
  printf '%-9s %-11s %-12s %5d passed %3d failed  build %6.1fs  test %6.1fs%s\n' \
    "$p" "$c" "$result" "$passed" "$failed" "$(elapsed "$t0" "$t1")" \
    "$(elapsed "$t1" "$t2")" "$detail"
  results+=("$p $c $result")
  [ "$result" = PASS ] || failures=$((failures + 1))
  [ "$result" = PASS ]
}

skip_config() {
  printf '%-9s %-11s %-12s (%s)\n' "$1" "$2" SKIPPED "$3"
  results+=("$1 $2 SKIPPED")
}

# plan_of PROJECT CONFIG: sums CONFIG's profiles into WORK/PROJECT/CONFIG.plan.json
plan_of() {
  local dir=$work/$1/$2
  [ -f "$dir/profiles.ok" ] || return 1
  "$fluid_prof" plan -o "$work/$1/$2.plan.json" "$dir"/profiles/*.profile \
    > "$dir/plan.log" 2>&1 &&
    "$fluid_prof" show "$work/$1/$2.plan.json" > "$work/$1/$2.plan.txt" 2>&1
}

run_project() {
  local p=$1 src_var=src_$1
  if [ -z "${!src_var}" ]; then
    skip_config "$p" all "no checkout given: --$p=DIR"
    return
  fi
  if [ ! -d "${!src_var}" ]; then
    skip_config "$p" all "no directory ${!src_var}"
    return
  fi
  mkdir -p "$work/$p"
  want "$configs" pass && run_config "$p" pass "" "" 0
  local pl
  for pl in post pre; do
    want "$configs" "instr-$pl" || continue
    local flag=--fluid-instrument
    [ $pl = pre ] && flag=--fluid-instrument=pre-inline
    if run_config "$p" "instr-$pl" "$flag" "" 1; then
      touch "$work/$p/instr-$pl/profiles.ok"
      plan_of "$p" "instr-$pl" ||
        echo "$p: fluid-prof plan failed: $(head -3 "$work/$p/instr-$pl/plan.log")"
    fi
  done
  local post_plan=$work/$p/instr-post.plan.json pre_plan=$work/$p/instr-pre.plan.json
  local pol
  for pol in plan bareflow; do
    want "$configs" $pol || continue
    if [ ! -f "$post_plan" ]; then
      skip_config "$p" $pol "no valid instr-post profiles"
      continue
    fi
    local policy_plan=$post_plan
    if [ $pol = bareflow ]; then
      policy_plan=$work/$p/bareflow.plan.json
      "$fluid_prof" plan --policy=bareflow -o "$policy_plan" \
        "$work/$p/instr-post"/profiles/*.profile > "$work/$p/bareflow.plan.log" 2>&1 || {
        skip_config "$p" bareflow "fluid-prof plan --policy=bareflow failed"
        continue
      }
    fi
    run_config "$p" $pol "" "--fluid-profile=$policy_plan" 0
  done
  want "$configs" random || return
  local k
  for ((k = 0; k < seeds; k++)); do
    local seed=$((base_seed + k)) placement=post-inline base=$post_plan
    if ((k % 2)); then placement=pre-inline base=$pre_plan; fi
    if [ ! -f "$post_plan" ] || [ ! -f "$pre_plan" ]; then
      skip_config "$p" "random-$k" "needs both instrumented configurations' plans"
      continue
    fi
    local plan=$work/$p/random-$k.plan.json opts
    opts=$(python3 "$fuzz_py" random-plan --seed "$seed" --plan "$base" \
             --pre-inline-plan "$pre_plan" --placement "$placement" -o "$plan") || {
      skip_config "$p" "random-$k" "levels_fuzz.py random-plan failed"
      continue
    }
    local cmdline instrument before="" check=0
    cmdline=$(echo "$opts" | sed -n 's/.*cmdline=\([A-Za-z0-9]*\).*/\1/p')
    instrument=$(echo "$opts" | sed -n 's/.*instrument=\([01]\).*/\1/p')
    if [ "$instrument" = 1 ]; then
      before=--fluid-instrument=$placement check=1
    fi
    echo "$p random-$k: seed $seed, $placement plan, -$cmdline" \
         "${before:+, instrumented}"
    run_config "$p" "random-$k" "$before" "-$cmdline --fluid-profile=$plan" $check
  done
}

IFS=, read -r -a project_list <<< "$projects"
for p in "${project_list[@]}"; do
  case $p in
    zlib|cjson|tinyxml2|pugixml) run_project "$p" ;;
    *) usage_error "unknown project '$p'" ;;
  esac
done

echo
echo "summary:"
total=0 passed=0 skipped=0
for r in "${results[@]}"; do
  set -- $r
  total=$((total + 1))
  case $3 in PASS) passed=$((passed + 1)) ;; SKIPPED) skipped=$((skipped + 1)) ;; esac
done
for p in "${project_list[@]}"; do
  line=""
  for r in "${results[@]}"; do
    set -- $r
    [ "$1" = "$p" ] && line="$line $2=$3"
  done
  echo "  $p:$line"
done
echo "real_projects: $passed of $total configurations passed, $failures failed," \
     "$skipped skipped (work $work, base seed $base_seed)"
[ "$failures" -eq 0 ]

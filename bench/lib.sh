# lib.sh - what every benchmark script here shares: its messages (errors
# prefixed "NAME.sh: error:", progress lines "NAME: ..."), its --help (the
# script's opening comment), the check for the programs it needs and its
# scratch directory. Sourced by each script right after it sets `here`:
#   here=$(cd "$(dirname "$0")" && pwd); . "$here/lib.sh"

bench_name=$(basename "$0" .sh)
# The common options' defaults (common_option below): the build tree next to
# the scripts, the scratch directory removed at exit.
build_dir="$here/../build"
keep=0
# The LLVM whose clang the benchmarks compare against (Environment: LLVM_ROOT).
llvm_root=${LLVM_ROOT:-/usr/lib/llvm-19}
clang="$llvm_root/bin/clang"

die() { echo "$bench_name.sh: error: $*" >&2; exit 1; }
# A wrong command line: exit status 2, as getopt-style tools do.
usage_error() { echo "$bench_name.sh: error: $*" >&2; exit 2; }
unknown_argument() { usage_error "unknown argument '$1' (--help lists the options)"; }
progress() { echo "$bench_name: $*" >&2; }

# The script's opening comment block, without its first line and the '# '.
print_help() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
  exit 0
}

# common_option ARG: the options every script takes, --build-dir=DIR,
# --keep and --help, set in build_dir and keep; false for any other.
common_option() {
  case $1 in
    --build-dir=*) build_dir=${1#*=} ;;
    --keep) keep=1 ;;
    -h|--help) print_help ;;
    *) return 1 ;;
  esac
}

# absolute_build_dir: build_dir made absolute, or the option was wrong.
absolute_build_dir() {
  local absolute
  absolute=$(cd "$build_dir" 2>/dev/null && pwd) ||
    usage_error "no build directory '$build_dir' (use --build-dir)"
  build_dir=$absolute
}

# need_built BUILD_DIR FILE...: each FILE exists, or the build is missing.
need_built() {
  local dir=$1 file
  shift
  for file in "$@"; do
    [[ -e $file ]] || die "'$file' not found (build Fluid first: cmake --build $dir)"
  done
}

# make_work KEEP [DIR]: the scratch directory, in $work. DIR if given (made,
# kept); else a new temporary one, removed at exit unless KEEP is 1.
make_work() {
  if [[ -n ${2:-} ]]; then
    mkdir -p "$2" && work=$(cd "$2" && pwd)
    return
  fi
  work=$(mktemp -d "${TMPDIR:-/tmp}/fluid-$bench_name.XXXXXX")
  if [[ $1 == 1 ]]; then progress "keeping $work"; else trap 'rm -rf "$work"' EXIT; fi
}

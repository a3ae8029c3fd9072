#!/bin/sh
# logging-cc.sh - a compiler wrapper for the kernel-build test: records each
# command line in $WRAPPER_LOG, then runs the real compiler $FLUID_REAL_CC,
# the way fluid-cc sits in front of clang.
echo "wrapper: $*" >> "$WRAPPER_LOG"
exec "$FLUID_REAL_CC" "$@"

#!/usr/bin/env python3
"""compare_oracle.py - every function's Fluid call count equals LLVM's own.

Reads `llvm-profdata show --all-functions --counts` output (the oracle:
clang's -fprofile-instr-generate entry counts) and a Fluid profile; prints
MATCH <n> functions, or one MISMATCH line per disagreement and exits 1.
"""
import json
import re
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from profile_check import extract  # noqa: E402


def oracle_counts(path):
    counts, name = {}, None
    for line in open(path):
        m = re.match(r"^  (\S.*):$", line)
        if m:
            name = m.group(1)
            continue
        m = re.match(r"^\s+Function count: (\d+)$", line)
        if m and name is not None:
            counts[name] = int(m.group(1))
    return counts


def main():
    oracle = oracle_counts(sys.argv[1])
    with open(sys.argv[2], "rb") as f:
        fluid = {fn["name"]: fn["calls"] for fn in extract(f.read(), sys.argv[2])["functions"]}
    bad = 0
    for name in sorted(set(oracle) | set(fluid)):
        if oracle.get(name) != fluid.get(name):
            print("MISMATCH %s oracle=%s fluid=%s" % (name, oracle.get(name), fluid.get(name)))
            bad += 1
    if bad or not oracle:
        sys.exit(1)
    print("MATCH %d functions" % len(oracle))


if __name__ == "__main__":
    main()

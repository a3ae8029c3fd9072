#!/usr/bin/env python3
"""profile_levels.py [--all=LEVEL] PROFILE - each function's recorded level.

Reads a bare JSON profile (fluid-prof extract's output) and prints one line
per function, sorted by name, "function NAME level=LEVEL" ("level=none"
when the profile records none), then "levels: L1 L2 ...", the distinct
levels. --all=LEVEL fails unless every function records LEVEL.
"""
import argparse
import json
import sys

parser = argparse.ArgumentParser()
parser.add_argument("profile")
parser.add_argument("--all")
args = parser.parse_args()
with open(args.profile) as f:
    profile = json.load(f)
levels = {fn["name"]: fn.get("level", "none") for fn in profile["functions"]}
for name in sorted(levels):
    print("function %s level=%s" % (name, levels[name]))
print("levels: " + " ".join(sorted(set(levels.values()))))
if args.all:
    other = sorted(n for n, level in levels.items() if level != args.all)
    if other:
        sys.exit("profile_levels: %s: not at %s: %s"
                 % (args.profile, args.all, ", ".join(other)))

#!/usr/bin/env python3
"""craft_plan.py PROFILE.json NAME=LEVEL... > plan.json

Writes a plan (docs/plan-format.md) for the functions of a profile, each at
the level given on the command line (others at O2), with the profile's
names, files and hashes, so tests can ask for levels no policy would pick.
"""
import json
import sys

profile = json.load(open(sys.argv[1]))
levels = dict(arg.split("=", 1) for arg in sys.argv[2:])
functions = []
for f in profile["functions"]:
    functions.append({
        "name": f["name"], "file": f["file"], "hash": f["hash"],
        "level": levels.get(f["name"], "O2"), "reason": "crafted by the test",
        "calls": f["calls"], "self_cycles": f["self_cycles"],
        "total_cycles": f["total_cycles"]})
unknown = set(levels) - {f["name"] for f in functions}
if unknown:
    sys.exit("craft_plan.py: not in the profile: " + ", ".join(sorted(unknown)))
json.dump({"format": "fluid-plan", "version": 1, "producer": "craft_plan.py",
           "policy": "shares",
           "sources": [{"build_id": profile["build_id"], "target": profile["target"],
                        "clock": profile["clock"]}],
           "total_self_cycles": profile["totals"]["self_cycles"],
           "functions": functions}, sys.stdout, indent=1)
sys.stdout.write("\n")

#!/usr/bin/env python3
"""plan_levels.py PROFILE.json NAME=LEVEL... > plan.json

A plan (docs/plan-format.md) giving each named function of a profile its
level; NAME=- leaves the function out of the plan (fluid-cc then compiles
it at the command line's level), and functions not named are left out too.
"""
import json
import sys

profile = json.load(open(sys.argv[1]))
levels = dict(arg.split("=", 1) for arg in sys.argv[2:])
unknown = set(levels) - {f["name"] for f in profile["functions"]}
if unknown:
    sys.exit("plan_levels.py: not in the profile: " + ", ".join(sorted(unknown)))
functions = [{"name": f["name"], "file": f["file"], "hash": f["hash"],
              "level": levels[f["name"]], "reason": "given by the test",
              "calls": f["calls"], "self_cycles": f["self_cycles"],
              "total_cycles": f["total_cycles"]}
             for f in profile["functions"] if levels.get(f["name"], "-") != "-"]
json.dump({"format": "fluid-plan", "version": 1, "producer": "plan_levels.py",
           "policy": "shares",
           "sources": [{"build_id": profile["build_id"], "target": profile["target"],
                        "clock": profile["clock"]}],
           "total_self_cycles": profile["totals"]["self_cycles"],
           "functions": functions}, sys.stdout, indent=1)
sys.stdout.write("\n")

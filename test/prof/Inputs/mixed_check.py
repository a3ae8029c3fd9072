#!/usr/bin/env python3
"""mixed_check.py PLAN PROFILE COSTS - a mixed build against its plan and
the table it corrected (prof-optimize-mixed-program.test).

PROFILE is the mixed build's (bare JSON), made from PLAN; COSTS is the
cost table fluid-prof optimize --mixed-profile=PROFILE wrote. Prints
    as planned: N functions
when every function of the plan records the plan's level in the profile,
and
    corrected cells: C cycles, unattributed: U, mixed build: M
then fails unless C + U = M when every unit was corrected (no split,
absent or unmeasured unit): the corrected table then predicts the mixed
build's cycles exactly.
"""
import json
import sys

plan, profile, costs = (json.load(open(path)) for path in sys.argv[1:4])
recorded = {f["name"]: f.get("level") for f in profile["functions"]}
for f in plan["functions"]:
    if recorded.get(f["name"]) != f["level"]:
        sys.exit("mixed_check: %s: planned %s, recorded %s"
                 % (f["name"], f["level"], recorded.get(f["name"])))
print("as planned: %d functions" % len(plan["functions"]))
mixed = costs["mixed"]
cells = sum(unit["cycles"][level] for unit in costs["units"]
            for level in unit.get("corrected_from", {}))
print("corrected cells: %d cycles, unattributed: %d, mixed build: %d"
      % (cells, mixed["unattributed_cycles"], mixed["self_cycles"]))
whole = not (mixed["units_split"] or mixed["units_absent"] or mixed["units_unmeasured"])
if whole and cells + mixed["unattributed_cycles"] != mixed["self_cycles"]:
    sys.exit("mixed_check: the corrected cells do not add up to the mixed build's cycles")

#!/usr/bin/env python3
"""make_bad_plans.py DIR - one good plan and one plan per kind of damage,
for levels-bad-input.test (format: docs/plan-format.md)."""
import copy
import json
import os
import sys

out = sys.argv[1]
good = {"format": "fluid-plan", "version": 1, "producer": "test", "policy": "shares",
        "sources": [{"build_id": "0123456789abcdef", "target": "x86_64-unknown-linux-gnu",
                     "clock": "tsc"}],
        "total_self_cycles": 10,
        "functions": [{"name": "f0", "file": "six.c", "hash": "0000000000000001", "level": "O3",
                       "reason": "test", "calls": 1, "self_cycles": 10, "total_cycles": 10}]}


def write(name, text):
    with open(os.path.join(out, name), "w") as f:
        f.write(text)


def variant(name, change):
    plan = copy.deepcopy(good)
    change(plan)
    write(name, json.dumps(plan))


write("good.json", json.dumps(good))
write("truncated.json", json.dumps(good)[:60])
write("notjson.json", "level f0 = O3\n")
variant("format.json", lambda p: p.update(format="fluid-profile-plan"))
variant("version.json", lambda p: p.update(version=2))
variant("level.json", lambda p: p["functions"][0].update(level="O7"))
variant("duplicate.json", lambda p: p["functions"].append(dict(p["functions"][0])))
variant("negative.json", lambda p: p["functions"][0].update(calls=-1))
variant("nofunctions.json", lambda p: p.pop("functions"))
write("overflow.json", json.dumps(good).replace('"calls": 1', '"calls": 18446744073709551616'))

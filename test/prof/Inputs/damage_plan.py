#!/usr/bin/env python3
"""damage_plan.py GOOD OUTDIR - write damaged copies of a plan.

Each copy breaks one rule of docs/plan-format.md; the plan reader must
refuse it with one line naming the file and the field.
"""
import os
import re
import sys

good = open(sys.argv[1], "rb").read()
out = sys.argv[2]
functions = re.findall(rb'^\{"name":.*\}', good, re.M)


def edit(pattern, replacement):
    body, n = re.subn(pattern, replacement, good, count=1)
    assert n == 1, pattern
    return body


def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


write("truncated.plan", good[: len(good) // 2])
write("not-json.plan", edit(rb'"version":1', b'"version"=1'))
write("format.plan", edit(rb'"fluid-plan"', b'"fluid-plan-draft"'))
write("version.plan", edit(rb'"version":1', b'"version":2'))
write("duplicate.plan", good.replace(functions[1], functions[0], 1))
write("missing-field.plan", edit(rb'"reason":"[^"]*",', b""))
write("negative.plan", edit(rb'"calls":\d+', b'"calls":-1'))
write("overflow.plan", edit(rb'"self_cycles":\d+', b'"self_cycles":18446744073709551616'))
write("level.plan", edit(rb'"level":"O[0-3sz]"', b'"level":"O4"'))
write("repeated-key.plan", edit(rb'("level":"O[0-3sz]",)', rb'\1\1'))

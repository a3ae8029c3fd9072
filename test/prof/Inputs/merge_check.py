#!/usr/bin/env python3
"""merge_check.py ONE MERGED N - check that MERGED is N times ONE, exactly.

Both are profiles (bare or framed, docs/profile-format.md), read here (not
through fluid-prof, whose merge is checked). Every counter of
MERGED (functions' calls and cycles, edges, contexts, events, totals) is N
times ONE's, min_cycles and max_cycles are ONE's, the records, build id,
target and clock are ONE's; edges and contexts are compared as sets (by
caller and callee, by path of function names), so their order is free.
Prints 'ok: N x ONE' or one line naming the first difference and exits 1.
"""
import json
import os
import sys



def load(path):
    data = open(path, "rb").read()
    if data.lstrip().startswith(b"{"):
        return json.loads(data)
    start = data.index(b"---\n") + 4
    end = data.rindex(b"--- FLUID PROFILE END")
    return json.loads(data[start:end])


def contexts(profile):
    names = [f["name"] for f in profile["functions"]]
    paths, out = [], {}
    for node in profile.get("contexts", []):
        parent = node["parent"]
        path = (paths[parent] if parent >= 0 else ()) + (names[node["function"]],)
        paths.append(path)
        out[path] = (node["calls"], node["self_cycles"], node["total_cycles"])
    return out


def fail(message):
    print("merge_check: error: " + message)
    sys.exit(1)


one, merged, n = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3])
for key in ("build_id", "target", "clock", "version"):
    if one[key] != merged[key]:
        fail("%s is %r, not %r" % (key, merged[key], one[key]))
if len(one["functions"]) != len(merged["functions"]):
    fail("%d functions, not %d" % (len(merged["functions"]), len(one["functions"])))
for a, b in zip(one["functions"], merged["functions"]):
    for key, value in a.items():
        want = value * n if key in ("calls", "self_cycles", "total_cycles") else value
        if b.get(key) != want:
            fail("function %s: %s is %r, not %r" % (a["name"], key, b.get(key), want))
edges = lambda p: {(e["caller"], e["callee"]): (e["calls"], e["cycles"]) for e in p["edges"]}
for table, got, want in (("edge", edges(merged), edges(one)),
                         ("context", contexts(merged), contexts(one))):
    want = {k: tuple(x * n for x in v) for k, v in want.items()}
    if got != want:
        diff = sorted(set(got.items()) ^ set(want.items()))
        fail("%ss differ: %r" % (table, diff[:2]))
for key, value in one["events"].items():
    if merged["events"].get(key) != value * n:
        fail("events.%s is %r, not %r" % (key, merged["events"].get(key), value * n))
for key in ("calls", "self_cycles"):
    if merged["totals"][key] != one["totals"][key] * n:
        fail("totals.%s is %r" % (key, merged["totals"][key]))
print("ok: %d x %s" % (n, os.path.basename(sys.argv[1])))

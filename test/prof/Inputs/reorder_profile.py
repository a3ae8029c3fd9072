#!/usr/bin/env python3
"""reorder_profile.py PROFILE K - another run of PROFILE's build, reordered.

Reads a bare JSON profile (make_profile.py's) and writes, framed, a
profile of the same build whose counters are K times PROFILE's (still
adding up), whose min_cycles are halved (a shorter call seen), whose edges
are listed backwards and whose contexts come breadth first, last sibling
first (parents still before children): what fluid-prof merge must sum into
the same bytes whatever order it meets things in.
"""
import json
import sys
import zlib

profile = json.load(open(sys.argv[1]))
k = int(sys.argv[2])
for f in profile["functions"]:
    for key in ("calls", "self_cycles", "total_cycles"):
        f[key] *= k
    f["min_cycles"] //= 2
for e in profile["edges"]:
    e["calls"] *= k
    e["cycles"] *= k
profile["edges"].reverse()
for key in ("calls", "self_cycles"):
    profile["totals"][key] *= k
nodes = profile.get("contexts", [])
for n in nodes:
    for key in ("calls", "self_cycles", "total_cycles"):
        n[key] *= k
order = [i for i, n in enumerate(nodes) if n["parent"] < 0][::-1]
for i in order:  # grows while iterating: breadth first
    order.extend([j for j, n in enumerate(nodes) if n["parent"] == i][::-1])
new_index = {old: new for new, old in enumerate(order)}
profile["contexts"] = [dict(nodes[old], parent=new_index.get(nodes[old]["parent"], -1))
                       for old in order]
body = (json.dumps(profile, separators=(",", ":")) + "\n").encode()
sys.stdout.buffer.write(b"--- FLUID PROFILE BEGIN v%d ---\n%s--- FLUID PROFILE END bytes=%d crc32=%08x ---\n" % (
    profile["version"], body, len(body), zlib.crc32(body) & 0xffffffff))

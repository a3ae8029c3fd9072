#!/usr/bin/env python3
"""contexts_check.py - verify a version-2 Fluid profile's calling contexts and list them.

Finds the first framed profile in FILE (a profile or a serial log), checks
its byte count and CRC-32, that it is version 2, and the context tree's
invariants (docs/profile-format.md, "Version 2: calling contexts"):
indices in range, a parent before its child, (parent, function) unique, no
function twice on a root path, no node for an untimed function, every
node's total at least its self and its children's totals; for each
function, the sums of calls, self and total cycles over its nodes equal the
function's own when events.dropped_contexts, stack_overflows and
saturations are 0; otherwise calls and totals are at most the function's and
the self cycles of all nodes at most all functions'. Then it prints, sorted:

    function NAME calls=N self=N total=N
    context ROOT;...;NAME calls=N self=N total=N
    contexts N
    event dropped_contexts=N
    event unwound_frames=N
    event closed_at_exit=N
    capacity N            (freestanding profiles only)
    sums exact|bounded
    self nodes=N functions=N  (all nodes' self cycles, all functions')

Exit status 1 with a one-line reason on any failure. This checker is the
test's own, independent of fluid-prof's reader on purpose.
"""
import json
import re
import sys
import zlib

BEGIN = b"--- FLUID PROFILE BEGIN v2 ---\n"
END = re.compile(rb"--- FLUID PROFILE END bytes=(\d+) crc32=([0-9a-f]{8}) ---\n")


def fail(message):
    print("contexts_check: error: " + message, file=sys.stderr)
    sys.exit(1)


def extract(path):
    data = open(path, "rb").read()
    start = data.find(BEGIN)
    if start < 0:
        fail("%s: no '%s' line" % (path, BEGIN.decode().strip()))
    start += len(BEGIN)
    end = END.search(data, start)
    if not end:
        fail("%s: truncated (no END line)" % path)
    payload = data[start:end.start()]
    if len(payload) != int(end.group(1)):
        fail("%s: payload has %d bytes, END says %s" % (path, len(payload),
                                                        end.group(1).decode()))
    if "%08x" % (zlib.crc32(payload) & 0xffffffff) != end.group(2).decode():
        fail("%s: CRC mismatch" % path)
    profile = json.loads(payload)
    if profile.get("version") != 2 or "contexts" not in profile:
        fail("%s: not a version 2 profile with contexts" % path)
    return profile


def check_tree(profile, path):
    functions = profile["functions"]
    nodes = profile["contexts"]
    seen = set()
    names = []
    children_total = [0] * len(nodes)
    for i, n in enumerate(nodes):
        p, f = n["parent"], n["function"]
        if not (-1 <= p < i) or not (0 <= f < len(functions)):
            fail("%s: context %d: index out of range" % (path, i))
        if (p, f) in seen:
            fail("%s: context %d: (parent, function) repeated" % (path, i))
        seen.add((p, f))
        if functions[f].get("untimed"):
            fail("%s: context %d: node of an untimed function" % (path, i))
        on_path = names[p] if p >= 0 else []
        if f in on_path:
            fail("%s: context %d: function twice on its path" % (path, i))
        names.append(on_path + [f])
        if n["total_cycles"] < n["self_cycles"]:
            fail("%s: context %d: total below self" % (path, i))
        if p >= 0:
            children_total[p] += n["total_cycles"]
    for i, n in enumerate(nodes):
        if n["total_cycles"] < children_total[i]:
            fail("%s: context %d: total below its children's" % (path, i))
    return names


def check_sums(profile, path):
    functions, nodes, ev = profile["functions"], profile["contexts"], profile["events"]
    sums = [[0, 0, 0] for _ in functions]
    for n in nodes:
        s = sums[n["function"]]
        s[0] += n["calls"]
        s[1] += n["self_cycles"]
        s[2] += n["total_cycles"]
    exact = not (ev["dropped_contexts"] or ev["stack_overflows"] or ev["saturations"])
    for f, s in zip(functions, sums):
        if f.get("untimed"):
            continue
        own = [f["calls"], f["self_cycles"], f["total_cycles"]]
        if exact and s != own:
            fail("%s: %s: contexts sum to %s, the function has %s"
                 % (path, f["name"], s, own))
        if not exact and (s[0] > own[0] or s[2] > own[2]):
            fail("%s: %s: contexts sum above the function" % (path, f["name"]))
    if not exact and sum(s[1] for s in sums) > sum(
            f["self_cycles"] for f in functions if not f.get("untimed")):
        fail("%s: contexts' self cycles above the functions'" % path)
    return "exact" if exact else "bounded"


def main():
    if len(sys.argv) != 2:
        fail("usage: contexts_check.py FILE")
    path = sys.argv[1]
    profile = extract(path)
    names = check_tree(profile, path)
    sums = check_sums(profile, path)
    functions = profile["functions"]
    lines = []
    for f in functions:
        if not f.get("untimed"):
            lines.append("function %s calls=%d self=%d total=%d" % (
                f["name"], f["calls"], f["self_cycles"], f["total_cycles"]))
    for n, path_ in zip(profile["contexts"], names):
        lines.append("context %s calls=%d self=%d total=%d" % (
            ";".join(functions[f]["name"] for f in path_), n["calls"],
            n["self_cycles"], n["total_cycles"]))
    for line in sorted(lines):
        print(line)
    print("contexts %d" % len(profile["contexts"]))
    for event in ("dropped_contexts", "unwound_frames", "closed_at_exit"):
        print("event %s=%d" % (event, profile["events"][event]))
    if "context_capacity" in profile:
        print("capacity %d" % profile["context_capacity"])
    print("sums " + sums)
    print("self nodes=%d functions=%d" % (
        sum(n["self_cycles"] for n in profile["contexts"]),
        sum(f["self_cycles"] for f in functions if not f.get("untimed"))))


if __name__ == "__main__":
    main()

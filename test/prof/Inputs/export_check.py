#!/usr/bin/env python3
"""export_check.py FORMAT PROFILE EXPORT [SCHEMA] - read an export back.

Each of fluid-prof export's formats read by its own reader and checked
against PROFILE (bare JSON, as make_profile.py writes it):
  csv-functions, csv-edges, csv-contexts  Python's csv module: every row
      equals the profile's record, field by field;
  collapsed  parsed back ("a;b;c N" per line): the counts summed per leaf
      frame equal each function's self cycles, and per stack its context's;
  speedscope  validated against SCHEMA (speedscope's published file-format
      schema) with jsonschema, then the samples' weights summed per leaf
      frame equal each function's self cycles;
  dot  parsed by Graphviz (`dot -Tplain`): a node per function that ran, an
      edge per call edge, each edge's label its calls.
Prints one 'ok: ...' line, or one error line and exits 1.
"""
import csv
import json
import shlex
import subprocess
import sys
from collections import Counter


def fail(message):
    print("export_check: error: " + message)
    sys.exit(1)


fmt, profile_path, export_path = sys.argv[1:4]
profile = json.load(open(profile_path))
functions, edges = profile["functions"], profile["edges"]
nodes = profile.get("contexts", [])
names = [f["name"] for f in functions]
paths = []
for node in nodes:
    parent = node["parent"]
    paths.append((paths[parent] if parent >= 0 else []) + [names[node["function"]]])
timed_self = {f["name"]: f["self_cycles"] for f in functions if not f.get("untimed")}


def read_csv():
    with open(export_path, newline="") as f:
        return list(csv.DictReader(f))


def check_csv(kind):
    rows = read_csv()
    if kind == "functions":
        want = [{"name": f["name"], "file": f["file"], "hash": f["hash"],
                 "calls": str(f["calls"]), "self_cycles": str(f["self_cycles"]),
                 "total_cycles": str(f["total_cycles"]),
                 "min_cycles": str(f["min_cycles"]), "max_cycles": str(f["max_cycles"]),
                 "untimed": "1" if f.get("untimed") else "0", "level": f.get("level", "")}
                for f in functions]
    elif kind == "edges":
        want = [{k: str(e[k]) for k in ("caller", "callee", "calls", "cycles")} for e in edges]
    else:
        want = [{"context": str(i), "parent": str(n["parent"]), "function": names[n["function"]],
                 "calls": str(n["calls"]), "self_cycles": str(n["self_cycles"]),
                 "total_cycles": str(n["total_cycles"]), "path": " > ".join(paths[i])}
                for i, n in enumerate(nodes)]
    if rows != want:
        fail("csv %s: rows differ from the profile's: %r" % (kind, [r for r in rows if r not in want][:1]))
    return "%d %s rows" % (len(rows), kind)


def check_collapsed():
    per_leaf, per_stack = Counter(), {}
    for line in open(export_path):
        stack, count = line.rstrip("\n").rsplit(" ", 1)
        per_leaf[stack.split(";")[-1]] += int(count)
        per_stack[stack] = int(count)
    want = {";".join(p): n["self_cycles"] for p, n in zip(paths, nodes) if n["self_cycles"]}
    if per_stack != want:
        fail("collapsed: stacks differ from the contexts: %r" % sorted(set(per_stack.items()) ^ set(want.items()))[:2])
    for name, cycles in timed_self.items():
        if per_leaf[name] != cycles:
            fail("collapsed: %s sums to %d, its self cycles are %d" % (name, per_leaf[name], cycles))
    return "%d stacks, per-function sums equal self cycles" % len(per_stack)


def check_speedscope(schema_path):
    import jsonschema
    document = json.load(open(export_path))
    try:
        jsonschema.validate(document, json.load(open(schema_path)))
    except jsonschema.ValidationError as error:
        fail("speedscope: not valid against the schema: %s" % error.message)
    frames = [f["name"] for f in document["shared"]["frames"]]
    per_leaf = Counter()
    for profile_ in document["profiles"]:
        for sample, weight in zip(profile_["samples"], profile_["weights"]):
            per_leaf[frames[sample[-1]]] += weight
    for name, cycles in timed_self.items():
        if per_leaf[name] != cycles:
            fail("speedscope: %s weighs %d, its self cycles are %d" % (name, per_leaf[name], cycles))
    return "valid against the schema, %d samples, weights equal self cycles" % sum(
        len(p["samples"]) for p in document["profiles"])


def check_dot():
    plain = subprocess.run(["dot", "-Tplain", export_path], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    if plain.returncode:
        fail("dot: Graphviz refused it: " + plain.stderr.strip().splitlines()[0])
    lines = [shlex.split(l) for l in plain.stdout.splitlines()]
    node_count = sum(1 for l in lines if l[0] == "node")
    # edge TAIL HEAD N x1 y1 ... xN yN LABEL xl yl STYLE COLOR
    edge_labels = sorted(l[4 + 2 * int(l[3])].split()[0]
                         for l in lines if l[0] == "edge")
    ran = [f for f in functions if f["calls"]]
    want_labels = sorted(str(e["calls"]) for e in edges)
    if node_count != len(ran):
        fail("dot: %d nodes, %d functions ran" % (node_count, len(ran)))
    if edge_labels != want_labels:
        fail("dot: edge labels %r, calls %r" % (edge_labels, want_labels))
    return "%d nodes, %d edges" % (node_count, len(edge_labels))


if fmt.startswith("csv-"):
    result = check_csv(fmt[4:])
elif fmt == "collapsed":
    result = check_collapsed()
elif fmt == "speedscope":
    result = check_speedscope(sys.argv[4])
elif fmt == "dot":
    result = check_dot()
else:
    fail("unknown format " + fmt)
print("ok: %s: %s" % (fmt, result))

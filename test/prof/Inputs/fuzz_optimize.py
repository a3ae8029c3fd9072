#!/usr/bin/env python3
"""fuzz_optimize.py FLUID_PROF DIR RUNS SEED - fluid-prof optimize on
mutated profiles of uniform and mixed builds.

DIR holds O2.profile, O3.profile, Os.profile (bare JSON, recording their
levels), their binaries O2.o, O3.o, Os.o, and mixed.profile, a mixed
build's. Each run mutates one of the profiles (a level changed, removed or
made invalid, a hash, name, figure or key changed, a function or edge
added, removed or duplicated, bytes flipped) and runs
    fluid-prof optimize --max-text=O2 --untimed-level=Os --costs=... \
        --binary=... O2.profile O3.profile Os.profile --mixed-profile=...
(the mutated profile given in its place, untagged). Every run must exit 0,
with the plan and the costs as JSON and stderr the two summary lines, or 1
with exactly one line on stderr, "fluid-prof: error: ...": never a crash,
a hang or two lines. Prints "N runs: A accepted, R refused (M by the
mixed build's rules)".
"""
import json
import os
import random
import subprocess
import sys

fluid_prof, work, runs, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
LEVELS = ["O0", "O1", "O2", "O3", "Os", "Oz"]
names = ["O2", "O3", "Os", "mixed"]
base = {n: open(os.path.join(work, n + ".profile")).read() for n in names}


def mutate_json(profile):
    functions, edges = profile["functions"], profile["edges"]
    kind = rng.randrange(12)
    f = rng.choice(functions) if functions else None
    if kind == 0 and f:
        f["level"] = rng.choice(LEVELS)
    elif kind == 1 and f:
        f.pop("level", None)
    elif kind == 2 and f:
        f["level"] = rng.choice(["O4", "-O2", "", "o2", 2, None, ["O2"], "O2\n"])
    elif kind == 3 and f:
        f["hash"] = "%016x" % rng.getrandbits(64)
    elif kind == 4 and f:
        f["name"] = rng.choice(["main", "leaf", "new%d" % rng.randrange(3), f["name"] + "x"])
    elif kind == 5 and f:
        key = rng.choice(["calls", "self_cycles", "total_cycles"])
        f[key] = rng.choice([0, 1, 10 ** 6, 2 ** 62, 2 ** 64 - 1, -1])
    elif kind == 6 and functions:
        functions.remove(f)
    elif kind == 7 and f:
        functions.append(dict(f))
    elif kind == 8:
        pool = [g["name"] for g in functions] + ["ghost"]
        edges.append({"caller": rng.choice(pool), "callee": rng.choice(pool),
                      "calls": rng.randrange(5), "cycles": rng.randrange(100)})
    elif kind == 9 and edges:
        edges.pop(rng.randrange(len(edges)))
    elif kind == 10:
        profile[rng.choice(["target", "clock"])] = rng.choice(
            ["tsc", "icount", "i386-unknown-none", ""])
    elif kind == 11:
        fresh = {"name": "new%d" % rng.randrange(3), "file": "new.c",
                 "hash": "%016x" % rng.getrandbits(64), "calls": 1,
                 "self_cycles": 7, "total_cycles": 7, "min_cycles": 7,
                 "max_cycles": 7, "level": rng.choice(LEVELS)}
        functions.append(fresh)
        if functions[:-1]:
            edges.append({"caller": rng.choice(functions[:-1])["name"],
                          "callee": fresh["name"], "calls": 1, "cycles": 7})


def refresh_totals(profile):
    """Totals and build id as the runtime computes them, so mutations
    reach past the reader's cross-checks (left stale now and then)."""
    try:
        fs = profile["functions"]
        profile["totals"] = {"functions": len(fs),
                             "calls": sum(f["calls"] for f in fs) % 2 ** 64,
                             "self_cycles": min(sum(f["self_cycles"] for f in fs), 2 ** 64 - 1)}
        build_id = 0xcbf29ce484222325
        for f in fs:
            build_id = ((build_id ^ int(f["hash"], 16)) * 0x100000001b3) % 2 ** 64
        profile["build_id"] = "%016x" % build_id
    except (TypeError, ValueError, KeyError):
        pass


accepted = refused = mixed_rules = 0
for run in range(runs):
    # The mixed build's profile half the time: its rules are the new ones.
    target = "mixed" if rng.randrange(2) else rng.choice(names[:3])
    text = base[target]
    if rng.randrange(10) == 0:
        data = bytearray(text.encode())
        for _ in range(rng.randrange(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        text = data.decode("latin-1")
    else:
        profile = json.loads(text)
        for _ in range(rng.randrange(1, 4)):
            mutate_json(profile)
        if rng.randrange(8):
            refresh_totals(profile)
        text = json.dumps(profile)
    mutated = os.path.join(work, "mutated.profile")
    with open(mutated, "w", encoding="latin-1") as f:
        f.write(text)
    paths = {n: os.path.join(work, n + ".profile") for n in names}
    paths[target] = mutated
    plan, costs = os.path.join(work, "out.json"), os.path.join(work, "costs.json")
    for path in (plan, costs):
        if os.path.exists(path):
            os.remove(path)
    argv = [fluid_prof, "optimize", "--max-text=O2", "--untimed-level=Os",
            "--costs=" + costs, "-o", plan] + \
           ["--binary=%s=%s" % (l, os.path.join(work, l + ".o")) for l in ("O2", "O3", "Os")] + \
           [paths["O2"], paths["O3"], paths["Os"], "--mixed-profile=" + paths["mixed"]]
    result = subprocess.run(argv, capture_output=True, timeout=30)
    lines = result.stderr.decode("latin-1").splitlines()
    where = "run %d (seed %d, %s mutated)" % (run, seed, target)
    if result.returncode == 0:
        json.load(open(plan))
        json.load(open(costs))
        if len(lines) != 2 or not lines[1].startswith("fluid-prof: mixed build ("):
            sys.exit("%s: accepted with stderr %r" % (where, lines))
        accepted += 1
    elif result.returncode == 1:
        if len(lines) != 1 or not lines[0].startswith("fluid-prof: error: "):
            sys.exit("%s: refused with stderr %r" % (where, lines))
        if os.path.exists(plan):
            sys.exit("%s: refused but wrote a plan" % where)
        refused += 1
        mixed_rules += "--mixed-profile" in lines[0]
    else:
        sys.exit("%s: exit status %d, stderr %r" % (where, result.returncode, lines))
print("%d runs: %d accepted, %d refused (%d by the mixed build's rules)"
      % (runs, accepted, refused, mixed_rules))

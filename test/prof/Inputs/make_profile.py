#!/usr/bin/env python3
"""make_profile.py SPEC [--framed] [--clock=C] [--target=T] [--totals-self=N]
                        [--probe=INNER+OUTER] [--saturations=N] [--level=L]
                        [--contexts] [--context-capacity=N]
                        [--dropped-contexts=N] - write a profile.

Crafts a valid Fluid profile (docs/profile-format.md) from a readable table,
so plan tests can state exact figures. SPEC has one function per line,
    name file hash calls self_cycles total_cycles [untimed] [level=L]
and one line per call edge,
    -> caller callee calls cycles
and, in a version 2 profile (docs/profile-format.md), one line per calling
context, parents first,
    ctx parent function calls self_cycles total_cycles
(parent: '-' for a root, else the index of an earlier ctx line; function: a
name above), with '#' comments; the hash is up to 16 hex digits. A ctx line
or --contexts makes the profile version 2 (events.dropped_contexts from
--dropped-contexts, default 0; context_capacity when given). level=L records the
function's level (as any string, so tests can write bad ones); --level=L
gives it to every function that names none (a uniform build). Totals and the build id
are computed as the runtime computes them, saturating at 2^64-1
(--totals-self=N states another totals.self_cycles), and events.saturations
counts the counters at 2^64-1 and the totals that saturated, as the runtime
would (--saturations=N states another count). The profile goes to stdout,
bare JSON unless --framed.
"""
import argparse
import json
import zlib

parser = argparse.ArgumentParser()
parser.add_argument("spec")
parser.add_argument("--framed", action="store_true")
parser.add_argument("--clock", default="icount")
parser.add_argument("--target", default="x86_64-unknown-none")
parser.add_argument("--totals-self", type=int)
parser.add_argument("--probe", default="0+0")
parser.add_argument("--saturations", type=int)
parser.add_argument("--level")
parser.add_argument("--contexts", action="store_true")
parser.add_argument("--context-capacity", type=int)
parser.add_argument("--dropped-contexts", type=int, default=0)
args = parser.parse_args()

MASK = (1 << 64) - 1
functions = []
edges = []
contexts = []
for line in open(args.spec):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    if line.startswith("ctx "):
        parent, function, calls, self_cycles, total = line.split()[1:]
        index = [f["name"] for f in functions].index(function)
        contexts.append({"parent": -1 if parent == "-" else int(parent),
                         "function": index, "calls": int(calls),
                         "self_cycles": int(self_cycles),
                         "total_cycles": int(total)})
        continue
    if line.startswith("->"):
        caller, callee, calls, cycles = line.split()[1:]
        edges.append({"caller": caller, "callee": callee,
                      "calls": int(calls), "cycles": int(cycles)})
        continue
    name, file, hash_, calls, self_cycles, total, *flags = line.split()
    calls, self_cycles, total = int(calls), int(self_cycles), int(total)
    per_call = total // calls if calls else 0
    functions.append({"name": name, "file": file, "hash": "%016x" % int(hash_, 16),
                      "calls": calls, "self_cycles": self_cycles,
                      "total_cycles": total, "min_cycles": per_call,
                      "max_cycles": per_call})
    for flag in flags:
        if flag == "untimed":
            functions[-1]["untimed"] = True
        elif flag.startswith("level="):
            functions[-1]["level"] = flag[len("level="):]
        else:
            parser.error("unknown flag '%s'" % flag)
    if args.level and "level" not in functions[-1]:
        functions[-1]["level"] = args.level

build_id = 0xcbf29ce484222325
for f in functions:
    build_id = ((build_id ^ int(f["hash"], 16)) * 0x100000001b3) & MASK
events = dict.fromkeys(["threads", "stack_overflows", "unwound_frames",
                        "orphan_exits", "saturations", "interrupt_nests",
                        "dropped_edges", "dropped_slots"], 0)
events["threads"] = 1


def saturating_sum(values):
    total = sum(values)
    return (MASK, 1) if total > MASK else (total, 0)


total_calls, calls_saturated = saturating_sum(f["calls"] for f in functions)
total_self, self_saturated = saturating_sum(f["self_cycles"] for f in functions)
events["saturations"] = calls_saturated + self_saturated + sum(
    1 for f in functions + edges for key, value in f.items()
    if value == MASK and key != "name")
if args.saturations is not None:
    events["saturations"] = args.saturations
version = 2 if contexts or args.contexts else 1
if version == 2:
    events["dropped_contexts"] = args.dropped_contexts
profile = {
    "format": "fluid-profile", "version": version, "producer": "make_profile.py",
    "target": args.target, "clock": args.clock,
    "probe_cost": dict(zip(("inner", "outer"),
                           (int(x) for x in args.probe.split("+")))),
    "functions": functions, "edges": edges, "events": events,
    "totals": {"functions": len(functions),
               "calls": total_calls, "self_cycles": total_self},
    "build_id": "%016x" % build_id,
}
if version == 2:
    profile["contexts"] = contexts
    if args.context_capacity is not None:
        profile["context_capacity"] = args.context_capacity
if args.totals_self is not None:
    profile["totals"]["self_cycles"] = args.totals_self
body = (json.dumps(profile, separators=(",", ":")) + "\n").encode()
if args.framed:
    body = b"--- FLUID PROFILE BEGIN v%d ---\n%s--- FLUID PROFILE END bytes=%d crc32=%08x ---\n" % (
        version, body, len(body), zlib.crc32(body) & 0xffffffff)
open("/dev/stdout", "wb").write(body)

#!/usr/bin/env python3
"""levels_fuzz.py - random plans for one program: each must print what -O2 prints.

    levels_fuzz.py --fluid-cc CC --fluid-prof PROF --work DIR
                   [--seeds N] [--base-seed S] [--placements post-inline,pre-inline]
                   [--jobs J] [--cflags "..."] SOURCE...

The program is built at uniform -O2 (the reference), then instrumented at
each placement and run once for its profile. For every placement and seed a
plan gives each function of the profile a random level; a post-inline plan
also names, at random, functions only the pre-inline profile lists (those
-O2 inlined everywhere: the ones a split must not lose), and leaves the
rest to the command line's level, itself random. Each plan is built with
`CC --fluid-profile` (sometimes instrumented again, sometimes compiled file
by file and linked, sometimes with -g), linked, run, and its output compared with the
reference's. An instrumented rebuild's profile must pass `fluid-prof
validate`.

--fixed builds a fixed family of plans instead (fixed_plans), for tests of
one pattern; --defined-once REGEX checks the linked program defines a symbol
the pattern matches. Every build is checked to define no global symbol twice.

    levels_fuzz.py random-plan --seed N --plan PLAN [--pre-inline-plan PLAN]
                   [--placement post-inline|pre-inline] -o OUT

writes the plan the fuzzer makes for one seed and placement from the
policy's plans of a program's profiles (PLAN: the placement's, the
pre-inline one for the functions only it lists; PLAN itself when not
given), and prints the options the fuzzer would build it with as one line,
`cmdline=O3 instrument=0 separate=1`: for builds the fuzzer does not drive
(bench/real_projects.sh).

Everything a seed does follows from the seed and the placement, so a
failure reproduces with `--base-seed S --seeds 1`. The base seed is random
unless given (or set in FLUID_LEVELS_FUZZ_SEED) and is printed first.
Exit status 1 when any plan fails; each failure names its plan, command and
the first lines of what went wrong.
"""

import argparse
import concurrent.futures
import json
import os
import random
import re
import shlex
import subprocess
import sys

LEVELS = ["O0", "O1", "O2", "O3", "Os", "Oz"]


def run(cmd, cwd, env=None, capture=True):
    """Runs cmd; returns (status, stdout, stderr)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    p = subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=capture,
                       text=True, timeout=600)
    return p.returncode, p.stdout, p.stderr


def random_plan(seed, placement, base, pre_inline):
    """The plan of one seed: every function of base (the policy's plan of
    the placement's profile) at a random level, plus, at random, functions
    only pre_inline (the pre-inline profile's plan) lists; and the options
    of its build (command line level, instrumented, file by file)."""
    rng = random.Random("{}:{}".format(seed, placement))
    functions = [dict(f) for f in base["functions"]]
    listed = {(f["name"], f["file"]) for f in functions}
    for f in pre_inline["functions"]:
        if (f["name"], f["file"]) not in listed and rng.random() < 0.5:
            functions.append(dict(f))
    for f in functions:
        f["level"] = rng.choice(LEVELS)
        f["reason"] = "random, seed {}".format(seed)
    plan = dict(base)
    plan["producer"] = "levels_fuzz.py"
    plan["functions"] = functions
    options = {
        "cmdline": rng.choice(LEVELS),
        "instrument": rng.random() < 0.25,
        "separate": rng.random() < 0.5,
        "debug": rng.random() < 0.25,  # drawn last: earlier draws unchanged
    }
    return plan, options


class Failure(Exception):
    pass


def check(cmd, cwd, what, env=None):
    status, out, err = run(cmd, cwd, env)
    if status != 0:
        tail = "\n".join((err or out).strip().splitlines()[:12])
        raise Failure("{} failed (exit {}): {}\n{}".format(
            what, status, " ".join(shlex.quote(c) for c in cmd), tail))
    return out


class Fuzzer:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.work)
        self.sources = [os.path.abspath(s) for s in args.sources]
        self.cflags = shlex.split(args.cflags)
        self.reference = None
        self.plans = {}  # placement -> the policy's plan (names, files, hashes)

    def build(self, flags, out, cwd, separate=False):
        cc = self.args.fluid_cc
        if not separate:
            check([cc] + self.cflags + flags + self.sources + ["-o", out], cwd,
                  "build " + out)
            return
        objects = []
        for i, src in enumerate(self.sources):
            obj = "{}.{}.o".format(out, i)
            check([cc] + self.cflags + flags + ["-c", src, "-o", obj], cwd,
                  "compile " + obj)
            objects.append(obj)
        link_flags = [f for f in flags if f.startswith("--fluid-instrument")]
        check([cc] + self.cflags + link_flags + objects + ["-o", out], cwd,
              "link " + out)

    def prepare(self):
        os.makedirs(self.work, exist_ok=True)
        self.build(["-O2"], "reference", self.work)
        self.reference = check(["./reference"], self.work, "the reference")
        for placement in ["pre-inline"] + [p for p in self.args.placements
                                           if p != "pre-inline"]:
            exe = "instrumented-" + placement
            self.build(["-O2", "--fluid-instrument=" + placement], exe,
                       self.work)
            profile = exe + ".profile"
            out = check(["./" + exe], self.work, "the instrumented program",
                        {"FLUID_PROFILE_FILE": profile})
            if out != self.reference:
                raise Failure("{} printed {!r}, -O2 printed {!r}".format(
                    exe, out, self.reference))
            check([self.args.fluid_prof, "validate", profile], self.work,
                  "validate " + profile)
            plan = exe + ".plan.json"
            check([self.args.fluid_prof, "plan", "-o", plan, profile],
                  self.work, "plan " + profile)
            with open(os.path.join(self.work, plan)) as f:
                self.plans[placement] = json.load(f)

    def random_plan(self, seed, placement):
        return random_plan(seed, placement, self.plans[placement],
                           self.plans["pre-inline"])

    def fixed_plans(self, placement):
        """The same family of plans for every program, three per placement:
        never-run functions at O0 beside the rest at O3 (the levels side by
        side that broke builds before: an O0 deleting destructor calling
        what -O2 inlined everywhere), every function at one level with the
        command line at another (O0 under -O2 after inlining; O2 under -O0,
        whose front end makes constructor variants functions, before), and
        an alternation of levels."""
        rules = {
            "post-inline": [
                ("never-run O0, the rest O3", "O2",
                 lambda i, f: "O0" if f["calls"] == 0 else "O3"),
                ("all O0", "O2", lambda i, f: "O0"),
                ("alternate O0 O3", "Os", lambda i, f: ["O0", "O3"][i % 2]),
            ],
            "pre-inline": [
                ("never-run O0, the rest O3", "O2",
                 lambda i, f: "O0" if f["calls"] == 0 else "O3"),
                ("all O2", "O0", lambda i, f: "O2"),
                ("alternate Oz O0 O1", "Oz",
                 lambda i, f: ["Oz", "O0", "O1"][i % 3]),
            ],
        }[placement]
        base = self.plans[placement]
        for title, cmdline, level in rules:
            functions = [dict(f) for f in base["functions"]]
            for i, f in enumerate(functions):
                f["level"] = level(i, f)
                f["reason"] = title
            plan = dict(base, producer="levels_fuzz.py", functions=functions)
            yield title, plan, {"cmdline": cmdline, "instrument": False,
                                "separate": False}

    def try_seed(self, seed, placement):
        plan, opt = self.random_plan(seed, placement)
        return self.try_plan("seed {} {}".format(seed, placement),
                             "seed{}-{}".format(seed, placement), plan, opt,
                             placement)

    def try_plan(self, title, name, plan, opt, placement):
        cwd = os.path.join(self.work, name)
        os.makedirs(cwd, exist_ok=True)
        with open(os.path.join(cwd, "plan.json"), "w") as f:
            json.dump(plan, f, indent=1)
        counts = {}
        for f in plan["functions"]:
            counts[f["level"]] = counts.get(f["level"], 0) + 1
        summary = "-{}, {} functions ({}){}{}".format(
            opt["cmdline"], len(plan["functions"]),
            " ".join("{} {}".format(l, counts[l]) for l in LEVELS if l in counts),
            ", instrumented" if opt["instrument"] else "",
            ", file by file" if opt["separate"] else "")
        if opt.get("debug"):
            summary += ", -g"
        flags = ["-" + opt["cmdline"], "--fluid-profile=plan.json"]
        if opt.get("debug"):
            flags.append("-g")
        if opt["instrument"]:
            flags.append("--fluid-instrument=" + placement)
        try:
            self.build(flags, "program", cwd, opt["separate"])
            out = check(["./program"], cwd, "the rebuilt program",
                        {"FLUID_PROFILE_FILE": "program.profile"})
            if out != self.reference:
                raise Failure("printed {!r}, -O2 printed {!r}".format(
                    out.strip(), self.reference.strip()))
            if opt["instrument"]:
                check([self.args.fluid_prof, "validate", "program.profile"],
                      cwd, "validate program.profile")
            self.check_defined_once(cwd)
        except Failure as e:
            return False, "{}: {}: FAILED in {}\n  {}".format(
                title, summary, cwd, str(e).replace("\n", "\n  "))
        return True, "{}: {}: ok".format(title, summary)

    def check_defined_once(self, cwd):
        """No global symbol is defined twice in the linked program, and each
        --defined-once pattern matches at least one symbol."""
        out = check([self.args.nm, "--defined-only", "program"], cwd, "nm")
        counts, exported = {}, set()
        for line in out.splitlines():
            fields = line.split()
            if len(fields) < 2:
                continue
            counts[fields[-1]] = counts.get(fields[-1], 0) + 1
            if fields[-2].isupper():
                exported.add(fields[-1])
        # A global symbol with a local copy beside it has two addresses.
        twice = sorted(name for name in exported if counts[name] > 1)
        if twice:
            raise Failure("defined more than once: " + ", ".join(twice[:5]))
        for pattern in self.args.defined_once:
            if not any(re.fullmatch(pattern, name) for name in exported):
                raise Failure("no symbol of the program matches " + pattern)


def random_plan_main(argv):
    parser = argparse.ArgumentParser(
        prog="levels_fuzz.py random-plan",
        description="write the fuzzer's random plan for one seed")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--plan", required=True,
                        help="fluid-prof plan's plan of the placement's profiles")
    parser.add_argument("--pre-inline-plan",
                        help="the plan of the pre-inline profiles (default: PLAN)")
    parser.add_argument("--placement", default="post-inline",
                        choices=["post-inline", "pre-inline"])
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    with open(args.plan) as f:
        base = json.load(f)
    pre_inline = base
    if args.pre_inline_plan:
        with open(args.pre_inline_plan) as f:
            pre_inline = json.load(f)
    plan, options = random_plan(args.seed, args.placement, base, pre_inline)
    with open(args.output, "w") as f:
        json.dump(plan, f, indent=1)
    print("cmdline={} instrument={:d} separate={:d} debug={:d}".format(
        options["cmdline"], options["instrument"], options["separate"],
        options["debug"]))
    return 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "random-plan":
        return random_plan_main(sys.argv[2:])
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        epilog="levels_fuzz.py random-plan --help: one seed's plan, written "
        "for a build the fuzzer does not drive")
    parser.add_argument("--fluid-cc", required=True)
    parser.add_argument("--fluid-prof", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--base-seed", type=int,
                        default=int(os.environ.get("FLUID_LEVELS_FUZZ_SEED", "0"))
                        or random.SystemRandom().randrange(1, 1 << 31))
    parser.add_argument("--placements", default="post-inline,pre-inline")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cflags", default="")
    parser.add_argument("--fixed", action="store_true",
                        help="the fixed family of plans instead of random ones")
    parser.add_argument("--defined-once", action="append", default=[],
                        metavar="REGEX",
                        help="the linked program defines a symbol matching "
                        "REGEX (and, like every global symbol, only once)")
    parser.add_argument("--nm", default="llvm-nm-19")
    parser.add_argument("sources", nargs="+")
    args = parser.parse_args()
    args.placements = args.placements.split(",")
    for p in args.placements:
        if p not in ("post-inline", "pre-inline"):
            parser.error("unknown placement '{}'".format(p))

    if not args.fixed:
        print("levels_fuzz: base seed {} (FLUID_LEVELS_FUZZ_SEED={} reproduces "
              "it)".format(args.base_seed, args.base_seed), flush=True)
    fuzzer = Fuzzer(args)
    try:
        fuzzer.prepare()
    except Failure as e:
        print("levels_fuzz: error: " + str(e))
        return 1
    if args.fixed:
        jobs = [(lambda p=p, i=i, t=t, plan=plan, o=o: fuzzer.try_plan(
                    "{} {}".format(t, p), "fixed{}-{}".format(i, p), plan, o, p))
                for p in args.placements
                for i, (t, plan, o) in enumerate(fuzzer.fixed_plans(p))]
    else:
        jobs = [(lambda s=args.base_seed + i, p=p: fuzzer.try_seed(s, p))
                for p in args.placements for i in range(args.seeds)]
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for ok, line in pool.map(lambda job: job(), jobs):
            print(line, flush=True)
            failed += not ok
    print("levels_fuzz: {} of {} plans print what -O2 prints".format(
        len(jobs) - failed, len(jobs)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""whole_program.py - bench/whole_program.sh's measuring half: runs, checks, tables.

    whole_program.py hosted --work DIR --runs N --variant NAME[:ENV] ...
                            [--skip NAME=REASON ...] --workload NAME=PROGRAM ARG ...
    whole_program.py kernel --source DIR --serial NAME=LOG ... [--skip NAME=REASON ...]

hosted: every workload is run --runs times in every variant (DIR/NAME/PROGRAM),
interleaved: a round runs each workload once in every variant, the variants'
order rotating from round to round, so load from other processes and drift
hit all variants alike. Each run's CPU time is the child's user + system
time (os.wait4). The first variant is the baseline: every other variant's
output must equal its output byte for byte, and a variant given as NAME:ENV
must write the file its ENV variable names (the profile: its hooks fired).
Prints workload x variant ratios of median CPU time to the baseline's, then
each variant's geometric mean and worst workload. Any failure is one line
"whole_program: error: ..." and exit status 1.

kernel: reads each kernel's run table (fluid-rebuild's parse_serial) and
prints per-module instruction ratios (-icount shift=0: one cycle is one
guest instruction) to the first kernel's, with geometric means.
Only the standard library; Debian's python3.
"""
import argparse
import hashlib
import math
import os
import re
import statistics
import subprocess
import sys

PROG = "whole_program"
# A Fluid profile's record of main: its hooks fired, once.
MAIN_CALLED_ONCE = re.compile(rb'\{"name":"main",[^}]*"calls":1[,}]')


class Failure(Exception):
    """One line for the user."""


def progress(message):
    print("%s: %s" % (PROG, message), file=sys.stderr, flush=True)


def split_pair(text, option):
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise Failure("%s takes NAME=VALUE, not '%s'" % (option, text))
    return name, value


def geometric_mean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))


# --- hosted ------------------------------------------------------------------
class Variant:
    def __init__(self, spec, work):
        self.name, _, self.env_name = spec.partition(":")
        self.dir = os.path.join(work, self.name)
        self.env = dict(os.environ)
        self.profile = None
        if self.env_name:
            self.profile = os.path.join(work, "profiles", self.name + ".profile")
            self.env[self.env_name] = self.profile
        # XRay: the handler patches the sleds itself (whole_program_handler.c).
        self.env["XRAY_OPTIONS"] = "patch_premain=false"
        self.seconds = {}  # workload -> [CPU seconds]


def run_once(variant, workload, argv, work):
    """Runs one workload in one variant; returns (CPU seconds, output digest)."""
    program = os.path.join(variant.dir, argv[0])
    out_path = os.path.join(work, "out", "%s.%s.out" % (variant.name, workload))
    err_path = out_path[:-4] + ".err"
    if variant.profile and os.path.exists(variant.profile):
        os.unlink(variant.profile)
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        child = subprocess.Popen([program] + argv[1:], stdout=out, stderr=err,
                                 env=variant.env)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        with open(err_path, errors="replace") as err:
            lines = [l.strip() for l in err if l.strip()]
        raise Failure("%s failed in variant %s with status %d: %s" % (
            workload, variant.name, child.returncode, lines[-1] if lines else "no message"))
    if variant.profile and (not os.path.exists(variant.profile)
                            or os.path.getsize(variant.profile) == 0):
        raise Failure("%s in variant %s wrote no profile (%s): its hooks did not run"
                      % (workload, variant.name, variant.env_name))
    if variant.env_name == "FLUID_PROFILE_FILE":
        with open(variant.profile, "rb") as profile:
            if not MAIN_CALLED_ONCE.search(profile.read()):
                raise Failure("%s in variant %s: the profile (%s) does not count main once"
                              % (workload, variant.name, variant.profile))
    with open(out_path, "rb") as out:
        digest = hashlib.sha256(out.read()).hexdigest()
    return usage.ru_utime + usage.ru_stime, digest, out_path


def measure(variants, workloads, runs, work):
    os.makedirs(os.path.join(work, "out"), exist_ok=True)
    os.makedirs(os.path.join(work, "profiles"), exist_ok=True)
    expected = {}  # workload -> (digest, output path) of the baseline
    base = variants[0]
    for round_number in range(runs):
        progress("round %d of %d" % (round_number + 1, runs))
        for index, (workload, argv) in enumerate(workloads):
            # Rotate by round and workload: every variant runs first in turn.
            shift = (round_number + index) % len(variants)
            order = variants[shift:] + variants[:shift]
            if round_number == 0:  # the baseline's output first: the reference
                order = [base] + [v for v in order if v is not base]
            for variant in order:
                seconds, digest, out_path = run_once(variant, workload, argv, work)
                if variant is base:
                    expected.setdefault(workload, (digest, out_path))
                elif digest != expected[workload][0]:
                    raise Failure("%s: variant %s printed other output than %s "
                                  "(compare %s with %s)" % (workload, variant.name,
                                                            base.name, out_path,
                                                            expected[workload][1]))
                variant.seconds.setdefault(workload, []).append(seconds)


def hosted_table(variants, skipped, workloads, runs):
    base = variants[0]
    names = [w for w, _ in workloads]
    ratios = {}  # (variant, workload) -> ratio
    for variant in variants[1:]:
        for workload in names:
            base_median = statistics.median(base.seconds[workload])
            median = statistics.median(variant.seconds[workload])
            if base_median <= 0:
                raise Failure("%s: the baseline's CPU time is zero: raise its repeat count"
                              % workload)
            ratios[variant.name, workload] = median / base_median
    others = [v.name for v in variants[1:]]
    width = max(12, *(len(n) + 1 for n in others))
    print("CPU time (user+sys) ratio to %s, median of %d run(s); outputs checked against %s's"
          % (base.name, runs, base.name))
    print("%-12s %9s" % ("workload", base.name + "-s") +
          "".join("%*s" % (width, n) for n in others))
    for workload in names:
        print("%-12s %9.3f" % (workload, statistics.median(base.seconds[workload])) +
              "".join("%*.2f" % (width, ratios[v, workload]) for v in others))
    print("%-12s %9s" % ("geomean", "") + "".join(
        "%*.2f" % (width, geometric_mean([ratios[v, w] for w in names])) for v in others))
    print()
    print("%-16s %8s %8s  %s" % ("variant", "geomean", "worst", "worst-workload"))
    print("%-16s %8.2f %8.2f  %s" % (base.name, 1.0, 1.0, "-"))
    for variant in others:
        values = [ratios[variant, w] for w in names]
        worst = max(names, key=lambda w: ratios[variant, w])
        print("%-16s %8.2f %8.2f  %s" % (variant, geometric_mean(values),
                                         ratios[variant, worst], worst))
    for name, reason in skipped:
        print("%-16s skipped (%s)" % (name, reason))
    print("outputs: %d workload(s) x %d variant(s) x %d run(s) equal to %s's"
          % (len(names), len(variants) - 1, runs, base.name))
    contexts_cost(ratios, others, names)


def contexts_cost(ratios, others, names):
    """What calling contexts cost: fluid-ctx's time over fluid-post's, the
    same build without contexts (issue 21's budget: 1.15x, geomean)."""
    if "fluid-ctx" not in others or "fluid-post" not in others:
        return
    cost = {w: ratios["fluid-ctx", w] / ratios["fluid-post", w] for w in names}
    worst = max(names, key=lambda w: cost[w])
    print("contexts: fluid-ctx / fluid-post geomean %.3f, worst %.3f (%s)"
          % (geometric_mean(list(cost.values())), cost[worst], worst))


def hosted(args):
    variants = [Variant(spec, args.work) for spec in args.variant]
    skipped = [split_pair(s, "--skip") for s in args.skip]
    workloads = []
    for spec in args.workload:
        name, command = split_pair(spec, "--workload")
        workloads.append((name, command.split()))
    if len(variants) < 2 or not workloads:
        raise Failure("need a baseline, another variant and a workload")
    measure(variants, workloads, args.runs, args.work)
    hosted_table(variants, skipped, workloads, args.runs)


# --- kernel ------------------------------------------------------------------
def kernel(args):
    sys.path.insert(0, os.path.join(args.source, "rebuild"))
    from fluidrebuild.kernel import parse_serial  # fluid-rebuild's reader of run tables
    tables = []
    for spec in args.serial:
        name, log = split_pair(spec, "--serial")
        modules, summary = parse_serial(log)
        if not modules or not summary or summary[2] != 0:
            raise Failure("the %s kernel's run table is missing or has failures (read %s)"
                          % (name, log))
        tables.append((name, {m[0]: m[2] for m in modules}))
    base_name, base = tables[0]
    names = list(base)
    for name, table in tables[1:]:
        if sorted(table) != sorted(names):
            raise Failure("the %s kernel ran other modules than the %s kernel"
                          % (name, base_name))
    others = [name for name, _ in tables[1:]]
    width = max(12, *(len(n) + 1 for n in others))
    print("kernel instruction ratio to %s (QEMU -icount shift=0: deterministic)" % base_name)
    print("%-12s %14s" % ("module", base_name + "-instr") +
          "".join("%*s" % (width, n) for n in others))
    for module in names:
        print("%-12s %14d" % (module, base[module]) +
              "".join("%*.2f" % (width, table[module] / base[module]) for _, table in tables[1:]))
    print("%-12s %14d" % ("total", sum(base.values())) + "".join(
        "%*.2f" % (width, sum(t.values()) / sum(base.values())) for _, t in tables[1:]))
    print("%-12s %14s" % ("geomean", "") + "".join(
        "%*.2f" % (width, geometric_mean([t[m] / base[m] for m in names]))
        for _, t in tables[1:]))
    for name, reason in (split_pair(s, "--skip") for s in args.skip):
        print("%-16s skipped (%s)" % (name, reason))


def main(argv):
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    h = sub.add_parser("hosted")
    h.add_argument("--work", required=True)
    h.add_argument("--runs", type=int, default=5)
    h.add_argument("--variant", action="append", default=[])
    h.add_argument("--skip", action="append", default=[])
    h.add_argument("--workload", action="append", default=[])
    k = sub.add_parser("kernel")
    k.add_argument("--source", required=True)
    k.add_argument("--serial", action="append", default=[])
    k.add_argument("--skip", action="append", default=[])
    args = parser.parse_args(argv)
    try:
        if args.mode == "hosted":
            if args.runs < 1:
                raise Failure("--runs must be at least 1")
            hosted(args)
        else:
            if len(args.serial) < 2:
                raise Failure("need the baseline kernel and another")
            kernel(args)
    except (Failure, OSError) as error:
        print("%s: error: %s" % (PROG, error), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""hosted.py - fluid-rebuild program: the profile-driven loop for a user's
own hosted program, built by its own make, CMake or autotools build.

    measured (default; hosted_measured.py):
    fresh copies --build, instrumented at each measured level --> --train
        --> profiles; uniform builds at each level --> .text, symbol sizes
        --fluid-prof optimize--> plan
    shares, bareflow:
    fresh copy --build, instrumented--> --train --> profiles --fluid-prof plan--> plan
    then: fresh copies --build, O2 / O3 / fluid (--fluid-profile=plan)--> --run,
    round robin --> outputs identical to O2's? CPU time (median), .text bytes
    --> report.md

Every variant is built in its own copy of the source (OUT/<variant>/src), so
no object of another variant is ever reused; the build command only has to
honour CC, CXX, CFLAGS, CXXFLAGS and LDFLAGS. Times are user+sys CPU seconds
of the --run command and its children (os.wait4), printed as ratios, never
asserted.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess

from . import options, plan_options
from .executables import elf_executables
from .hosted_measured import HostedMeasured
from .hosted_report import Build, HostedRun, level_summary, print_summary, write_report
from .steps import TOOL, StepFailed, Steps, quote
from .tools import HOSTED_HINT, HOSTED_NEEDS, Tools, text_bytes

TIMED = ["O2", "O3", "fluid"]  # shares, bareflow (measured: HostedMeasured.timed)
EXAMPLES = """examples:
  # make (the Makefile uses $(CC) $(CFLAGS) $(LDFLAGS)); examples/README.md
  fluid-rebuild program --source examples --build 'make -C wordfreq' \\
      --train 'wordfreq/wordfreq' --binary wordfreq/wordfreq

  # CMake: a fresh configure in each copy reads CC and CFLAGS (leave
  # CMAKE_BUILD_TYPE empty: Release would append its own -O3)
  fluid-rebuild program --source myproj \\
      --build 'cmake -S . -B build && cmake --build build' \\
      --train './build/app train.txt' --run './build/app bench.txt' \\
      --binary build/app --repeat 9

  # autotools: configure takes CC, CFLAGS and LDFLAGS from the environment
  fluid-rebuild program --source mytool-1.0 \\
      --build './configure && make -j2' --train 'make check' \\
      --run './mytool < big.input'

  # the rule-based policy: one instrumented build, four builds in all
  fluid-rebuild program --policy=shares --source examples --build 'make -C wordfreq' \
      --train wordfreq/wordfreq --binary wordfreq/wordfreq

Each variant builds in OUT/<variant>/src with these in the environment:
  measured (default):
  instrumented-L  CFLAGS=-L --fluid-instrument=post-inline, for each L of
                  --measure-levels (LDFLAGS=--fluid-instrument=post-inline)
  L               CFLAGS=-L, for each L measured, O2, O3 and a budget's level
  fluid           CFLAGS=-UNTIMED --fluid-profile=OUT/plan.json
                  (UNTIMED: --untimed-level, default Oz)
  shares, bareflow:
  instrumented    CFLAGS=-O2 --fluid-instrument=PLACEMENT (post-inline)
                  LDFLAGS=--fluid-instrument=PLACEMENT
  O2, O3          CFLAGS=-O2, -O3
  fluid           CFLAGS=-O2 --fluid-profile=OUT/plan.json
  the flame graph (unless --no-flame-graph), trained once:
  contexts        the instrumented flags at -O2 (measured: -O2, or the first
                  level measured) and --fluid-contexts, in CFLAGS and LDFLAGS
CC and CXX are Fluid's fluid-cc and fluid-c++; CXXFLAGS equals CFLAGS.
The report is OUT/report.md (rebuild/README.md describes it).
"""


def _program_arguments(parser):
    """What the program is, how it builds, trains and runs."""
    parser.add_argument("--source", required=True, metavar="DIR",
                        help="the program's source tree, copied afresh for every variant")
    parser.add_argument("--build", required=True, metavar="CMD",
                        help="shell command that builds the program, run in the copy")
    parser.add_argument("--train", required=True, metavar="CMD",
                        help="shell command run in the instrumented copy; every process "
                             "it starts from the build writes a profile")
    parser.add_argument("--run", metavar="CMD",
                        help="shell command timed and compared in the O2, O3 and fluid "
                             "copies (default: the --train command)")
    parser.add_argument("--binary", metavar="PATH",
                        help="program whose .text is measured, relative to the copy "
                             "(default: the largest ELF executable the build produced)")
    parser.add_argument("--repeat", type=int, default=5, metavar="N",
                        help="timed rounds of --run per variant; the median counts "
                             "(default 5)")
    parser.add_argument("--train-repeat", type=int, default=None, metavar="N",
                        help="runs of --train in each instrumented copy (default 3 under "
                             "the measured policy: each function's median run counts, "
                             "and levels within the runs' noise are ties the smaller "
                             "code wins; else 1, the profiles summed)")


def _check_arguments(parser, args):
    options.check_arguments(parser, args)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.train_repeat is None:
        args.train_repeat = 3 if args.policy == "measured" else 1
    if args.train_repeat < 1:
        parser.error("--train-repeat must be at least 1")
    args.run = args.run if args.run is not None else args.train
    args.out = args.out or "fluid-rebuild-out"


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="%s program" % TOOL,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Fluid's profile-driven loop for your own hosted program: build it "
                    "instrumented (at every level measured), run the training command, "
                    "choose each function's level (fluid-prof optimize, or plan's rules), "
                    "build it with fluid-cc --fluid-profile and, for comparison, at "
                    "uniform -O2 and -O3, check that every build prints the same output, "
                    "and report CPU time and .text size (OUT/report.md). The build "
                    "command must honour CC, CXX, CFLAGS, CXXFLAGS and LDFLAGS.",
        epilog=EXAMPLES)
    _program_arguments(parser)
    options.add_arguments(parser, "build", "./fluid-rebuild-out")
    args = parser.parse_args(argv)
    _check_arguments(parser, args)
    return args


def plan_arguments(args):
    if args.policy == "measured":
        return []
    return ["--policy=" + args.policy] + plan_options.plan_argv(args)


class Loop:
    """The paths and results of one run of the loop."""

    def __init__(self, args, argv):
        self.args = args
        self.argv = argv
        self.source = os.path.realpath(args.source)
        self.out = os.path.realpath(args.out)
        self.plan = os.path.join(self.out, "plan.json")
        self.profiles_dir = os.path.join(self.out, "profiles")
        self.plan_args = plan_arguments(args)
        self.measured = None
        if args.policy == "measured":
            self.measured = HostedMeasured(self)
            self.instrumented = self.measured.instrumented()
            self.uniform = self.measured.uniform()
            self.timed = self.measured.timed()
        else:
            self.instrumented, self.uniform, self.timed = ["instrumented"], ["O2", "O3"], TIMED
        self.variants = self.instrumented + self.uniform + ["fluid"]
        self.profiles = []
        self.binary = args.binary  # relative to each copy
        self.binary_how = "given by --binary"
        self.text = {}          # variant -> .text bytes
        self.cpu = {v: [] for v in self.timed}   # variant -> CPU seconds per round
        self.digest = {}        # variant -> sha256 of --run's stdout
        self.output_bytes = 0
        self.warnings = 0       # fluid-cc warnings in the fluid build's log

    def src(self, variant):
        return os.path.join(self.out, variant, "src")

    def check(self):
        if not os.path.isdir(self.source):
            raise StepFailed("--source %s: not a directory" % self.args.source)
        if self.out == self.source or self.source.startswith(self.out + os.sep):
            raise StepFailed("--out %s would hold the source tree: choose another "
                             "directory" % self.args.out)
        if any(c.isspace() for c in self.out):
            raise StepFailed("--out %s: the path may not contain spaces (CFLAGS "
                             "carries the plan's path through the build)" % self.out)
        if self.binary and os.path.isabs(self.binary):
            raise StepFailed("--binary %s: give a path relative to the source tree"
                             % self.binary)

    def base_level(self):
        """The fluid build's command-line level: what functions the plan does
        not name get (measured: the level the model costed them at)."""
        return self.args.untimed_level if self.measured else "O2"

    def flags(self, variant):
        """(CFLAGS, LDFLAGS) of a variant: "instrumented" (at -O2),
        "instrumented-LEVEL", a uniform "LEVEL", "fluid", or "contexts"
        (the flame graph's: instrumented with calling contexts)."""
        instrument = "--fluid-instrument=" + self.args.placement
        if variant == "fluid":
            return "-%s --fluid-profile=%s" % (self.base_level(), self.plan), ""
        if variant == "contexts":
            instrument += " --fluid-contexts"
            return "-%s %s" % (options.contexts_level(self.args), instrument), instrument
        if variant == "instrumented":
            return "-O2 " + instrument, instrument
        if variant.startswith("instrumented-"):
            return "-%s %s" % (variant[len("instrumented-"):], instrument), instrument
        return "-" + variant, ""

    def variant_env(self, tools, variant):
        cflags, ldflags = self.flags(variant)
        return {"CC": tools.fluid_cc, "CXX": tools.fluid_cxx, "CFLAGS": cflags,
                "CXXFLAGS": cflags, "LDFLAGS": ldflags}

    def env(self, tools, variant, profile_file=None):
        env = dict(os.environ)
        env.update(self.variant_env(tools, variant))
        env.pop("FLUID_PROFILE_FILE", None)
        if profile_file:
            env["FLUID_PROFILE_FILE"] = profile_file
        return env


def last_line(log_path):
    try:
        with open(log_path, errors="replace") as log:
            lines = [line.strip() for line in log if line.strip()]
    except OSError:
        return ""
    return lines[-1] if len(lines) > 1 else ""  # the first line is the command


def run_step(steps, name, argv, log, before=None, **kwargs):
    """One step running argv (after before(), work in Python, if given); a
    failure also quotes the log's last line, usually the tool's error."""
    with steps.step(name):
        if before:
            before()
        try:
            return steps.command(argv, log, what="step '%s'" % name, **kwargs)
        except StepFailed as failure:
            line = last_line(steps.path(log))
            raise StepFailed("%s (last line: %s)" % (failure, line) if line
                             else str(failure))


# --- building ---------------------------------------------------------------

def fresh_copy(loop, variant):
    """OUT/<variant>/src: a new copy of --source (symlinks kept; OUT left out
    when it lies inside the source)."""
    top = os.path.join(loop.out, variant)
    if os.path.lexists(top):
        shutil.rmtree(top)
    os.makedirs(os.path.join(top, "build-profiles"))

    def skip_out(directory, names):
        return [n for n in names
                if os.path.realpath(os.path.join(directory, n)) == loop.out]
    shutil.copytree(loop.source, loop.src(variant), symlinks=True, ignore=skip_out)


def build(steps, loop, tools, variant):
    # Programs the build itself runs (configure tests, generators) would
    # write profiles too: keep them apart from the training's.
    side_profiles = os.path.join(loop.out, variant, "build-profiles", "p.%p.profile")
    run_step(steps, "build %s (in a fresh copy)" % variant, ["sh", "-c", loop.args.build],
             log=os.path.join(variant, "build.log"), cwd=loop.src(variant),
             before=lambda: fresh_copy(loop, variant),
             env=loop.env(tools, variant, profile_file=side_profiles))
    if loop.binary is None:
        pick_binary(steps, loop, variant)
    path = os.path.join(loop.src(variant), loop.binary)
    if not os.path.isfile(path):
        raise StepFailed("the %s build made no %s (read %s)"
                         % (variant, loop.binary, steps.path(variant, "build.log")))


def pick_binary(steps, loop, variant):
    """No --binary: the largest ELF executable the build produced (not one
    that came with the source)."""
    shipped = set(elf_executables(loop.source))
    built = [p for p in elf_executables(loop.src(variant)) if p not in shipped]
    if not built:
        raise StepFailed("the %s build produced no ELF executable: give --binary "
                         "(read %s)" % (variant, steps.path(variant, "build.log")))
    loop.binary = max(built, key=lambda p: (os.path.getsize(
        os.path.join(loop.src(variant), p)), p))
    loop.binary_how = "the largest ELF executable the build produced, of %d" % len(built)
    steps.progress("measuring %s (%s)" % (loop.binary, loop.binary_how))


# --- training and plan ------------------------------------------------------

def contexts_profiles(steps, loop, tools):
    """The flame graph's profiles: one more build with calling contexts,
    trained once, each profile extracted and checked by fluid-prof extract;
    those of the build id with the most cycles (the program trained, not a
    helper it ran). Their figures are nobody's plan."""
    build(steps, loop, tools, "contexts")
    directory = os.path.join(loop.out, "contexts", "profiles")
    os.makedirs(directory)
    run_step(steps, "train contexts (once, for the flame graph)",
             ["sh", "-c", loop.args.train], log=os.path.join("contexts", "train.log"),
             cwd=loop.src("contexts"),
             env=loop.env(tools, "contexts", profile_file=os.path.join(directory,
                                                                       "p.%p.profile")))
    found = sorted(name for name in os.listdir(directory) if name.endswith(".profile"))
    if not found:
        raise StepFailed("no profile written by the contexts build's training (read %s)"
                         % steps.path("contexts", "train.log"))
    runs = {}
    with steps.step("extract %d contexts profile%s" % (len(found),
                                                       "" if len(found) == 1 else "s")):
        for name in found:
            extracted = os.path.join(directory, name[:-len(".profile")] + ".json")
            steps.command([tools.fluid_prof, "extract", os.path.join(directory, name),
                           "-o", extracted], os.path.join("contexts", name + ".extract.log"))
            with open(extracted) as f:
                profile = json.load(f)
            runs.setdefault(profile.get("build_id"), []).append(profile)
    return max(runs.values(), key=lambda group: (
        sum(p.get("totals", {}).get("self_cycles", 0) for p in group), len(group)))


def train_and_plan(steps, loop, tools):
    if os.path.lexists(loop.profiles_dir):
        shutil.rmtree(loop.profiles_dir)
    os.makedirs(loop.profiles_dir)
    pattern = os.path.join(loop.profiles_dir, "p.%p.profile")
    run_step(steps, "train (instrumented)", ["sh", "-c", loop.args.train],
             log=os.path.join("instrumented", "train.log"), cwd=loop.src("instrumented"),
             env=loop.env(tools, "instrumented", profile_file=pattern))
    loop.profiles = sorted(os.path.join(loop.profiles_dir, name)
                           for name in os.listdir(loop.profiles_dir)
                           if name.endswith(".profile"))
    if not loop.profiles:
        raise StepFailed(
            "no profile written: the training command %s wrote nothing to %s. The "
            "program must exit normally (return from main or call exit: not _exit, "
            "abort, exec or a signal) and the build must compile and link with $CC, "
            "$CFLAGS and $LDFLAGS (read %s and %s)"
            % (quote([loop.args.train]), loop.profiles_dir,
               steps.path("instrumented", "build.log"),
               steps.path("instrumented", "train.log")))
    run_step(steps, "validate %d profile%s" % (len(loop.profiles),
                                               "" if len(loop.profiles) == 1 else "s"),
             [tools.fluid_prof, "validate"] + loop.profiles, log="validate.log")
    run_step(steps, "plan the levels",
             [tools.fluid_prof, "plan"] + loop.plan_args + ["-o", loop.plan]
             + loop.profiles, log="plan.log")
    with open(loop.plan) as f:
        plan = json.load(f)
    if not plan["functions"]:
        raise StepFailed("the profiles hold no function: the build did not compile with "
                         "$CC and $CFLAGS (read %s)"
                         % steps.path("instrumented", "build.log"))
    steps.progress("plan: %s" % level_summary(plan))
    return plan


# --- running, timing, measuring ----------------------------------------------

def run_once(steps, loop, tools, variant, label):
    """Runs --run in a variant's copy; returns (CPU seconds, stdout path)."""
    stdout_path = os.path.join(loop.out, variant, "run-%s.stdout" % label)
    log_path = os.path.join(loop.out, variant, "run.log")
    argv = ["sh", "-c", loop.args.run]
    with open(stdout_path, "wb") as out, open(log_path, "a") as log:
        log.write("$ %s   (%s)\n" % (quote(argv), label))
        log.flush()
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=log, cwd=loop.src(variant),
                                   env=loop.env(tools, variant))
        # wait4: the shell's usage includes every child it waited for.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        how = ("with status %d" % process.returncode if process.returncode > 0
               else "killed by signal %d" % -process.returncode)
        raise StepFailed("step '%s' failed %s: %s in %s; read %s"
                         % (steps.current, how, quote(argv), loop.src(variant), log_path))
    return usage.ru_utime + usage.ru_stime, stdout_path


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def first_difference(path_a, path_b):
    with open(path_a, "rb") as a, open(path_b, "rb") as b:
        for number, (line_a, line_b) in enumerate(zip(a, b), 1):
            if line_a != line_b:
                return "line %d" % number
    return "the end of the shorter output"


def compare(loop, variant, stdout_path, reference):
    digest = sha256(stdout_path)
    if digest != loop.digest["O2"]:
        raise StepFailed("outputs differ: the %s build's output (%s) is not the O2 "
                         "build's (%s); first difference at %s"
                         % (variant, stdout_path, reference,
                            first_difference(stdout_path, reference)))
    return digest


def check_outputs(steps, loop, tools):
    """One untimed run per variant (it also warms the caches): every output
    must be byte-identical to O2's."""
    names = ", ".join(loop.timed[:-1]) + " and " + loop.timed[-1]
    with steps.step("run %s once; compare their outputs" % names):
        _, reference = run_once(steps, loop, tools, "O2", "check")
        loop.digest["O2"] = sha256(reference)
        loop.output_bytes = os.path.getsize(reference)
        for variant in loop.timed[1:]:
            _, path = run_once(steps, loop, tools, variant, "check")
            loop.digest[variant] = compare(loop, variant, path, reference)
    return reference


def time_rounds(steps, loop, tools, reference):
    """--repeat rounds, each running every variant once; the first variant
    rotates from round to round, so none always runs first."""
    for round_index in range(loop.args.repeat):
        name = "time round %d of %d" % (round_index + 1, loop.args.repeat)
        with steps.step(name):
            turn = round_index % len(loop.timed)
            order = loop.timed[turn:] + loop.timed[:turn]
            for variant in order:
                seconds, path = run_once(steps, loop, tools, variant, "round")
                compare(loop, variant, path, reference)
                os.remove(path)
                loop.cpu[variant].append(seconds)
            steps.progress("     CPU seconds: " + ", ".join(
                "%s %.6f" % (v, loop.cpu[v][-1]) for v in loop.timed))


def measure_sizes(steps, loop, tools, variants):
    with steps.step("measure .text of %s" % loop.binary):
        for variant in variants:
            loop.text[variant] = text_bytes(
                steps, tools, os.path.join(loop.src(variant), loop.binary))


def count_warnings(steps, loop):
    with open(steps.path("fluid", "build.log"), errors="replace") as log:
        loop.warnings = sum(1 for line in log
                            if line.startswith(("fluid-cc: warning:", "fluid-c++: warning:")))
    if loop.warnings:
        steps.progress("the fluid build printed %d fluid-cc warnings (stale or unknown "
                       "functions keep -O2): read %s"
                       % (loop.warnings, steps.path("fluid", "build.log")))


def report_data(loop, tools, elapsed, flame_profiles):
    """What the report shows of this run, as plain data (a HostedRun)."""
    args = loop.args
    builds = {variant: Build(loop.flags(variant)[0], loop.variant_env(tools, variant),
                             loop.src(variant), loop.text.get(variant))
              for variant in loop.variants + ["contexts"]}
    return HostedRun(
        source=loop.source, out=loop.out, cwd=os.getcwd(), argv=loop.argv,
        build=args.build, train=args.train, run=args.run, repeat=args.repeat,
        train_repeat=args.train_repeat, untimed_level=args.untimed_level,
        variants=loop.variants, instrumented=loop.instrumented, uniform=loop.uniform,
        timed=loop.timed, builds=builds, cpu=loop.cpu, digest=loop.digest,
        output_bytes=loop.output_bytes, binary=loop.binary, binary_how=loop.binary_how,
        warnings=loop.warnings, plan=loop.plan, plan_argv=loop.plan_args,
        profiles=len(loop.profiles), profiles_dir=loop.profiles_dir,
        measured=loop.measured.figures() if loop.measured else None,
        fluid_prof=tools.fluid_prof, llvm_size=tools.llvm_size,
        llvm_cxxfilt=tools.llvm_cxxfilt, elapsed=elapsed, flame_profiles=flame_profiles)


def main(argv):
    args = parse_args(argv)
    tools = Tools()
    tools.check(HOSTED_NEEDS, HOSTED_HINT)
    loop = Loop(args, argv)
    loop.check()
    os.makedirs(loop.out, exist_ok=True)
    report = os.path.join(loop.out, "report.md")
    if os.path.exists(report):
        os.remove(report)  # a failed run leaves no report of an older one
    steps = Steps(loop.out)
    steps.progress("program %s, output %s" % (loop.source, loop.out))
    for variant in loop.instrumented:
        build(steps, loop, tools, variant)
    if loop.measured:
        loop.measured.train(steps, tools, run_step)
        for variant in loop.uniform:
            build(steps, loop, tools, variant)
        measure_sizes(steps, loop, tools, loop.uniform)

        def build_fluid():
            build(steps, loop, tools, "fluid")

        def measure_fluid():
            measure_sizes(steps, loop, tools, ["fluid"])
            return loop.text["fluid"]
        plan = loop.measured.plan_and_build(steps, tools, run_step, build_fluid,
                                            measure_fluid)
        steps.progress("plan: %s" % level_summary(plan))
    else:
        plan = train_and_plan(steps, loop, tools)
        for variant in loop.uniform + ["fluid"]:
            build(steps, loop, tools, variant)
    count_warnings(steps, loop)
    reference = check_outputs(steps, loop, tools)
    time_rounds(steps, loop, tools, reference)
    measure_sizes(steps, loop, tools, [v for v in loop.variants if v not in loop.text])
    flame_profiles = contexts_profiles(steps, loop, tools) if args.flame_graph else None
    run = report_data(loop, tools, steps.elapsed(), flame_profiles)
    write_report(run, plan)
    print_summary(run)
    return 0

"""kernel.py - the test kernel's loop: grow to shrink.

    instrumented kernel --boot--> profile --fluid-prof plan--> plan
    plan --fluid-cc --fluid-profile--> Fluid kernel --boot--> checksums, cycles
    uniform -O0 .. -Oz kernels --boot--> checksums, cycles   (side by side)

Every kernel boots under QEMU with -icount shift=0: the time stamp counter
counts guest instructions, so every figure of the report is exact and
reproducible. Each variant's build directory (kernel.elf, fluid.img,
serial.log) stays in the output directory, so anyone can boot and measure
it again.
"""
import argparse
import json
import os
import re
import shutil
import sys

from . import options, plan_options, report
from .measured import Measured
from .steps import TOOL, StepFailed, Steps, quote
from .tools import KERNEL_HINT, KERNEL_NEEDS, Tools, text_bytes

UNIFORM = ["O0", "O1", "O2", "O3", "Os", "Oz"]
ROUND_GAIN = 0.02  # --rounds stops once a round gains less than this


def _build_arguments(parser):
    """What every kernel is built and booted with."""
    parser.add_argument("--arch", choices=["x86_64", "i386"], default="x86_64",
                        help="kernel architecture (i386 boots from fluid.img; default x86_64)")
    parser.add_argument("--fluid-cpu", metavar="MODEL",
                        help="QEMU CPU model: passed to every build (fluid-cc --fluid-cpu) "
                             "and to QEMU (-cpu)")
    parser.add_argument("--cflags", default="", metavar="FLAGS",
                        help="extra compiler flags for every build (e.g. -march=skylake)")
    parser.add_argument("--cmdline", default="",
                        help="kernel command line: module selection and iteration counts "
                             "(e.g. 'modules=fft:3,sha256 iters=2'; default: every module, "
                             "default counts)")
    parser.add_argument("--variants", default=",".join(UNIFORM), metavar="LIST",
                        help="uniform levels to build beside the Fluid kernel "
                             "(default %s)" % ",".join(UNIFORM))
    parser.add_argument("--base-level", default="Os", choices=UNIFORM,
                        help="the command line's level of the Fluid build: functions the "
                             "plan does not name (kernel code the profile does not time) "
                             "get it (default Os; measured: --untimed-level)")
    parser.add_argument("--qemu", default=None, metavar="PROGRAM",
                        help="the QEMU system emulator (default: qemu-system-ARCH)")
    parser.add_argument("--source", default=None, metavar="DIR",
                        help="Fluid's source tree, the test kernel's (default: the one "
                             "this build came from)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2,
                        help="parallel compile jobs per kernel build")


def _search_arguments(parser):
    parser.add_argument("--search", action="store_true",
                        help="then try the other levels (O3, O2, Os, Oz) for the hottest "
                             "functions, one function at a time, keeping a level only "
                             "where the search goal improves")
    parser.add_argument("--search-functions", type=int, default=4, metavar="N",
                        help="how many of the hottest functions --search tries (default 4)")
    parser.add_argument("--search-goal", choices=["targets", "cycles"], default="targets",
                        help="what a kept level must improve: 'targets' (default) the "
                             "sum of Fluid/-O3 cycles and Fluid/-Os .text, so a try is "
                             "kept when it saves a larger share of .text than it costs "
                             "in cycles (or the reverse); 'cycles': cycles, then .text")


def _measured_arguments(group):
    """The kernel loop's own options of the measured policy."""
    group.add_argument("--refine", choices=["budget", "mixed"], default="budget",
                       help="how a round after the first corrects the model: budget "
                            "(default): the byte (or cycles) budget moves by what the "
                            "round before missed; mixed: also the round before's plan "
                            "built instrumented with its levels and booted, its profile "
                            "correcting the cost table unit by unit (fluid-prof optimize "
                            "--mixed-profile; one more kernel per round)")
    group.add_argument("--frontier", type=int, default=0, metavar="N",
                       help="also plan, build and boot N .text budgets between the "
                            "smallest and the largest uniform kernel's (-Oz's and -O3's "
                            "by default): the chart's measured frontier")


def _check_arguments(parser, args):
    args.variants = [v.strip().lstrip("-") for v in args.variants.split(",") if v.strip()]
    for v in args.variants:
        if v not in UNIFORM:
            parser.error("--variants: unknown level '%s' (expected %s)" % (v, ", ".join(UNIFORM)))
    options.check_arguments(parser, args, more={"--frontier": args.frontier})
    if args.policy == "measured":
        # The Fluid build's command-line level is the level the model gave
        # the code no profile times.
        args.base_level = args.untimed_level
    if args.out is None:
        args.out = "rebuild-" + args.arch


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog=TOOL,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Fluid's profile-driven rebuild loop for the test kernel: build it "
                    "instrumented, boot it under QEMU (-icount shift=0), plan each "
                    "function's level from its profile, rebuild it with fluid-cc "
                    "--fluid-profile, boot it again, and compare it with uniform -O0..-Oz "
                    "kernels in a report (report.md, a chart and the hot call graph).",
        epilog="examples:\n"
               "  fluid-rebuild --out rebuild-x86_64\n"
               "  fluid-rebuild --arch i386 --cmdline 'modules=sha256:4,fft:2'\n"
               "  fluid-rebuild --fluid-cpu=qemu64 --cflags=-march=skylake\n"
               "  fluid-rebuild --rounds 3 --search\n"
               "  fluid-rebuild program --help     (a hosted program's loop)\n")
    _build_arguments(parser)
    _search_arguments(parser)
    _measured_arguments(options.add_arguments(parser, "kernel", "rebuild-ARCH"))
    args = parser.parse_args(argv)
    _check_arguments(parser, args)
    return args


class Kernel:
    """One built and booted kernel variant."""

    def __init__(self, name, directory):
        self.name = name
        self.directory = directory
        self.elf = os.path.join(directory, "kernel.elf")
        self.image = os.path.join(directory, "fluid.img")
        self.serial = os.path.join(directory, "serial.log")
        self.modules = []  # (name, iterations, cycles, checksum, result)
        self.cycles = 0
        self.text = 0


RUN_LINE = re.compile(r"^run: (\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(0x[0-9a-f]+)\s+(OK|FAIL\S*)\s*$")
SUMMARY_LINE = re.compile(r"^run: (\d+) module\(s\), (\d+) OK, (\d+) FAILED")


def parse_serial(path):
    """The run table of a serial log: [(module, iterations, cycles,
    checksum, result)], and whether every module was OK."""
    modules, summary = [], None
    with open(path, errors="replace") as log:
        for line in log:
            m = RUN_LINE.match(line.rstrip("\n"))
            if m:
                modules.append((m.group(1), int(m.group(2)), int(m.group(3)), m.group(5),
                                m.group(6)))
                continue
            s = SUMMARY_LINE.match(line)
            if s:
                summary = (int(s.group(1)), int(s.group(2)), int(s.group(3)))
    return modules, summary


class Loop:
    def __init__(self, args):
        self.args = args
        self.tools = Tools(args.source)
        self.out = os.path.abspath(args.out)
        self.steps = Steps(self.out)
        self.kernels = {}
        self.rounds = []   # dicts: round, plan, profile, kernel, levels
        self.tries = []    # dicts: function, from, to, cycles, text, kept
        self.measured = None  # measured.Measured under --policy=measured
        self.configured_trees = {}  # (compiler, arch) -> the first tree configured
        self.flame_profile = None

    # --- building and booting ----------------------------------------------
    def opt_flags(self, level, extra=""):
        flags = ["-" + level]
        if self.args.fluid_cpu:
            flags.append("--fluid-cpu=" + self.args.fluid_cpu)
        if self.args.cflags:
            flags.append(self.args.cflags)
        if extra:
            flags.append(extra)
        return " ".join(flags)

    def build(self, name, directory, opt, instrument=False, contexts=False):
        """Configures (once) and builds a kernel with fluid-cc and FLUID_OPT,
        each in its own CMake tree (`contexts`: with the runtime that records
        calling contexts; the kernel's scripts run on this Python). CMake
        detects the compilers once per run: a new tree starts from the
        first tree's (seed_tree)."""
        kernel = Kernel(name, directory)
        configure = ["cmake", "-S", os.path.join(self.tools.source, "kernel"), "-B", directory,
                     "-G", "Ninja", "-DCMAKE_C_COMPILER=" + self.tools.fluid_cc,
                     "-DFLUID_PYTHON=" + sys.executable,
                     "-DFLUID_ARCH=" + self.args.arch, "-DFLUID_OPT=" + opt,
                     "-DFLUID_CMDLINE=" + (self.args.cmdline or "modules=all")]
        if instrument:
            configure += ["-DFLUID_INSTRUMENT=ON", "-DFLUID_RUNTIME_DIR=" + self.tools.lib]
        if contexts:
            configure.append("-DFLUID_CONTEXTS=ON")
        with self.steps.step("build the %s kernel" % name):
            seeds = self.configured_trees
            key = (self.tools.fluid_cc, self.args.arch)
            fresh = not os.path.exists(os.path.join(directory, "CMakeCache.txt"))
            if fresh and key in seeds:
                self.seed_tree(seeds[key], directory)
            self.steps.command(configure, log=os.path.join(directory, "configure.log"))
            seeds.setdefault(key, directory)
            self.steps.command(["cmake", "--build", directory, "--", "-j%d" % self.args.jobs],
                               log=os.path.join(directory, "build.log"))
        return kernel

    @staticmethod
    def seed_tree(seed, directory):
        """Starts a new CMake tree from `seed`, a tree configured with the
        same compiler and architecture: the compiler files CMake wrote
        (CMakeFiles/<version>/) and the cache's entries, less the kernel's
        own options (FLUID_*) and the seed's paths. CMake then skips
        detecting the compilers, which took longer than compiling
        the kernel; each kernel still gets its own flags, tree and build. A
        compiler that is not the seed's makes CMake detect again (it checks)."""
        files = os.path.join(seed, "CMakeFiles")
        versions = [v for v in os.listdir(files)
                    if os.path.exists(os.path.join(files, v, "CMakeCCompiler.cmake"))]
        if len(versions) != 1:
            return
        shutil.copytree(os.path.join(files, versions[0]),
                        os.path.join(directory, "CMakeFiles", versions[0]),
                        ignore=shutil.ignore_patterns("CompilerId*"), dirs_exist_ok=True)
        with open(os.path.join(seed, "CMakeCache.txt")) as f:
            entries = [line for line in f if re.match(r"[A-Za-z_][^:=]*:[A-Z]+=", line) and
                       not re.match(r"(FLUID_|FluidKernel_|CMAKE_CACHEFILE_DIR:)", line)]
        with open(os.path.join(directory, "CMakeCache.txt"), "w") as f:
            f.writelines(entries)

    def boot(self, kernel, expect_ok=True):
        """Boots a kernel (i386: from fluid.img, the BIOS path), reads its run
        table and .text size."""
        argv = [sys.executable, self.tools.qemu_run, "--timeout", "600",
                "--serial-log", kernel.serial]
        if self.args.arch == "i386":
            argv += ["--image", kernel.image]
        else:
            argv += ["--kernel", kernel.elf]
        if self.args.cmdline:
            argv += ["--cmdline", self.args.cmdline]
        if self.args.fluid_cpu:
            argv += ["--cpu", self.args.fluid_cpu]
        if self.args.qemu:
            argv += ["--qemu", self.args.qemu]
        with self.steps.step("boot the %s kernel" % kernel.name):
            status = self.steps.command(argv, log=os.path.join(kernel.directory, "qemu-run.log"),
                                        ok_status=range(256))
            kernel.modules, summary = (parse_serial(kernel.serial)
                                       if os.path.exists(kernel.serial) else ([], None))
            if status != 0 or not summary or summary[2] != 0 or not kernel.modules:
                raise StepFailed(
                    "the %s kernel did not pass: %s (%s); read %s (command: %s)"
                    % (kernel.name, self.qemu_run_says(kernel, status),
                       "%d of %d modules OK" % (summary[1], summary[0]) if summary
                       else "no run table", kernel.serial, quote(argv)))
            kernel.cycles = sum(m[2] for m in kernel.modules)
            kernel.text = text_bytes(self.steps, self.tools, kernel.elf)
        self.kernels[kernel.name] = kernel
        return kernel

    def qemu_run_says(self, kernel, status):
        """qemu-run's own verdict: its last line names the status."""
        try:
            with open(os.path.join(kernel.directory, "qemu-run.log")) as log:
                last = [l.strip() for l in log if l.startswith("qemu-run:")]
        except OSError:
            last = []
        return last[-1] if last else "qemu-run status %d" % status

    # --- profiles and plans --------------------------------------------------
    def profile(self, kernel, name):
        profile = os.path.join(self.out, name + ".profile.json")
        self.steps.run("extract and check the profile of the %s kernel" % kernel.name,
                       [self.tools.fluid_prof, "extract", kernel.serial, "-o", profile],
                       log=os.path.join(self.out, "logs", name + ".extract.log"))
        return profile

    def plan(self, profile, name, overrides=None):
        plan = os.path.join(self.out, name + ".json")
        argv = [self.tools.fluid_prof, "plan", "--policy=" + self.args.policy]
        argv += plan_options.plan_argv(self.args) + ["-o", plan, profile]
        self.steps.run("plan the levels (%s)" % os.path.basename(plan), argv,
                       log=os.path.join(self.out, "logs", name + ".plan.log"))
        return plan

    def contexts_profile(self):
        """The flame graph's profile: one more kernel, instrumented as the
        report's profile was (measured: at -O2, or the first level
        measured), with calling contexts, booted once. Its figures are
        nobody's cost table."""
        level = options.contexts_level(self.args)
        instrument = "--fluid-instrument=" + self.args.placement
        kernel = self.build("contexts", os.path.join(self.out, "contexts"),
                            self.opt_flags(level, instrument), instrument=True, contexts=True)
        self.boot(kernel)
        return self.profile(kernel, "contexts")

    def fluid_build(self, plan, name):
        directory = os.path.join(self.out, name)
        kernel = self.build(name, directory,
                            self.opt_flags(self.args.base_level, "--fluid-profile=" + plan))
        return self.boot(kernel)

    # --- the loop ------------------------------------------------------------
    def run(self):
        os.makedirs(self.out, exist_ok=True)
        self.tools.check(KERNEL_NEEDS, KERNEL_HINT, programs=["cmake", "ninja"])
        self.steps.progress("output in %s" % self.out)
        if self.args.policy == "measured":
            return self.run_measured()
        instrument = "--fluid-instrument=" + self.args.placement
        inst = self.build("instrumented", os.path.join(self.out, "instrumented"),
                          self.opt_flags("O2", instrument), instrument=True)
        self.boot(inst)
        profile = self.profile(inst, "round1")
        plan = self.plan(profile, "plan1")
        fluid = self.fluid_build(plan, "fluid")
        self.rounds.append({"round": 1, "profile": profile, "plan": plan, "kernel": fluid})

        for number in range(2, self.args.rounds + 1):
            previous = self.rounds[-1]
            name = "round%d" % number
            inst = self.build(name + "-instrumented", os.path.join(self.out, name + "-instrumented"),
                              self.opt_flags(self.args.base_level,
                                             instrument + " --fluid-profile=" + previous["plan"]),
                              instrument=True)
            self.boot(inst)
            profile = self.profile(inst, name)
            plan = self.plan(profile, "plan%d" % number)
            kernel = self.fluid_build(plan, name)
            gain = 1 - kernel.cycles / previous["kernel"].cycles
            self.rounds.append({"round": number, "profile": profile, "plan": plan,
                                "kernel": kernel, "gain": gain})
            if gain < ROUND_GAIN:
                self.steps.progress("round %d gained %.2f%% (< %d%%): stopping"
                                    % (number, 100 * gain, 100 * ROUND_GAIN))
                break
        best = min(self.rounds, key=lambda r: (r["kernel"].cycles, r["kernel"].text))
        self.final_plan = best["plan"]
        self.final = best["kernel"]

        for level in self.args.variants:
            kernel = self.build("-" + level, os.path.join(self.out, level), self.opt_flags(level))
            self.boot(kernel)

        if self.args.search:
            self.search()
        return self.finish()

    def run_measured(self):
        """The measured policy: uniform kernels first (their sizes are the
        cost tables' bytes), then measured.Measured's rounds."""
        self.measured = Measured(self)
        wanted = set(self.args.variants) | self.measured.kernels_needed()
        self.args.variants = [level for level in UNIFORM if level in wanted]
        for level in self.args.variants:
            kernel = self.build("-" + level, os.path.join(self.out, level), self.opt_flags(level))
            self.boot(kernel)
        self.final_plan, self.final = self.measured.run()
        first = self.measured.levels[0]
        self.rounds = [{"round": 1, "profile": self.measured.profiles.get(
            "O2", self.measured.profiles[first]), "plan": self.final_plan,
            "kernel": self.final}]
        if self.args.frontier:
            self.measured.build_frontier()
        else:
            self.measured.solve_frontier()
        if self.args.search:
            self.search()
        return self.finish()

    def finish(self):
        # The Fluid kernel the report shows sits in DIR/fluid (the measured
        # policy's rounds each keep their own directory).
        if self.measured is None and self.final.directory != os.path.join(self.out, "fluid"):
            final = self.fluid_build(self.final_plan, "fluid")
            self.final = final
        with open(os.path.join(self.out, "plan.json"), "w") as plan_copy, \
                open(self.final_plan) as chosen:
            plan_copy.write(chosen.read())
        if self.args.flame_graph:
            self.flame_profile = self.contexts_profile()
        with self.steps.step("write the report"):
            path = report.write_kernel_report(self.report_data(), self.steps)
        self.steps.progress("report: %s (%.0f s in all)" % (path, self.steps.elapsed()))
        return 0

    def report_data(self):
        """The figures, paths and plans the report draws, as plain data."""
        args = self.args
        return report.KernelRun(
            out=self.out, arch=args.arch, cmdline=args.cmdline, fluid_cpu=args.fluid_cpu,
            cflags=args.cflags, policy=args.policy, base_level=args.base_level,
            uniform=[self.kernels["-" + v] for v in args.variants], kernels=self.kernels,
            fluid=self.final, plan=self.final_plan, profile=self.rounds[0]["profile"],
            rounds=self.rounds, rounds_asked=args.rounds,
            search=report.Search(args.search_goal, self.tries) if args.search else None,
            measured=self.measured.figures() if self.measured is not None else None,
            flame_profile=self.flame_profile, contexts_level=options.contexts_level(args),
            llvm_nm=self.tools.llvm_nm, llvm_cxxfilt=self.tools.llvm_cxxfilt)

    def score(self, kernel):
        """What --search minimises. Goal 'targets': the sum of the two target
        ratios (cycles against -O3, .text against -Os): a try is kept when
        the share of .text it saves is larger than the share of cycles it
        costs, or the other way round; goal 'cycles': cycles, then .text."""
        if self.args.search_goal == "targets":
            return (kernel.cycles / self.kernels["-O3"].cycles +
                    kernel.text / self.kernels["-Os"].text, kernel.cycles)
        return (kernel.cycles, kernel.text)

    def search(self):
        """Tries other levels for the hottest functions, one at a time."""
        if self.args.search_goal == "targets" and not {"-O3", "-Os"} <= set(self.kernels):
            raise StepFailed("--search-goal=targets needs the -O3 and -Os kernels: keep "
                             "O3 and Os in --variants, or use --search-goal=cycles")
        with open(self.final_plan) as f:
            plan = json.load(f)
        hot = sorted(plan["functions"], key=lambda f: (-f["self_cycles"], f["name"]))
        hot = [f for f in hot if f["self_cycles"] > 0][: self.args.search_functions]
        current = self.final
        for number, function in enumerate(hot, 1):
            for level in ["O3", "O2", "Os", "Oz"]:
                if level == function["level"]:
                    continue
                trial = json.loads(json.dumps(plan))
                for f in trial["functions"]:
                    if f["name"] == function["name"] and f["file"] == function["file"]:
                        f["level"] = level
                        f["reason"] = "search: %s kept (was %s)" % (level, function["level"])
                name = "try%d-%s" % (len(self.tries) + 1, level)
                path = os.path.join(self.out, "search", name + ".json")
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as out:
                    json.dump(trial, out, indent=0)
                kernel = self.fluid_build(path, os.path.join("search", name))
                better = self.score(kernel) < self.score(current)
                self.tries.append({"function": function["name"], "from": function["level"],
                                   "to": level, "cycles": kernel.cycles, "text": kernel.text,
                                   "base_cycles": current.cycles, "base_text": current.text,
                                   "kept": better})
                if better:
                    plan, current = trial, kernel
                    function = dict(function, level=level)
                    self.final_plan = path
                    self.final = kernel


def main(argv):
    args = parse_args(argv)
    return Loop(args).run()

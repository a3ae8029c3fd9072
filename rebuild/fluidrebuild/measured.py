"""measured.py - the kernel loop's measured policy (docs/measured-levels.md).

    uniform -O1 .. -Oz kernels --boot--> cycles, .text, symbol sizes
    instrumented -O1 .. -Oz kernels --boot--> one profile per level
    fluid-prof optimize LEVEL=PROFILE --binary=LEVEL=kernel.elf --max-text=B
        --> plan --fluid-cc--> Fluid kernel --boot--> measured cycles, .text
    verify and refine: the model's .text error of a round corrects the
        next round's byte budget; with --refine=mixed the round's plan is
        also built again instrumented with its levels and booted, and its
        profile corrects the cost table unit by unit (fluid-prof optimize
        --mixed-profile: inlining across levels moves a unit's cycles);
        until both budgets hold or a round gains nothing
    --frontier N: N more budgets between the smallest and the largest
        uniform kernel's .text (-Oz's and -O3's), each built and booted,
        drawn with the uniform kernels in frontier.svg

The goal (default): the fastest plan whose .text is at most the uniform -Os
kernel's, then checked against the uniform -O3 kernel's cycles. --max-text
and --max-cycles (bytes, cycles or a level's name) replace a budget; with
--max-cycles alone the goal is the smallest plan within those cycles.
Predicted figures come from fluid-prof optimize's tables (profiled self
cycles, symbol bytes); measured ones from the serial log and llvm-size, so
each round's model error is measured, not assumed.
"""
import json
import os

from .report import MeasuredFigures
from .steps import StepFailed

LEVELS = ["O1", "O2", "O3", "Os", "Oz"]
ALL_LEVELS = ["O0", "O1", "O2", "O3", "Os", "Oz"]
PREDICTED_FRONTIER = 12  # budgets solved (not built) for the chart's model line


def parse_budget(value, option):
    """A budget: a count (commas allowed) or a level's name ("Os", "-Os")."""
    text = value.strip().lstrip("-")
    if text in ALL_LEVELS:
        return text
    try:
        number = int(text.replace(",", ""))
    except ValueError:
        number = -1
    if number <= 0:
        raise StepFailed("%s=%s: expected a positive count or a level (O1, O2, O3, Os, Oz)"
                         % (option, value))
    return number


def add_arguments(group, build):
    """The measured policy's options, one meaning in both loops; `build`
    names what is built ("kernel", "build")."""
    group.add_argument("--goal", choices=["targets", "fastest", "smallest"],
                       help="targets (default): the fastest plan within .text <= "
                            "--max-text (default -Os), checked against cycles <= "
                            "--max-cycles (default -O3); fastest: within --max-text only; "
                            "smallest: the smallest plan within --max-cycles (the default "
                            "when only --max-cycles is given)")
    group.add_argument("--max-text", metavar="BYTES|LEVEL",
                       help=".text budget: bytes, or a uniform %s's level (default Os)" % build)
    group.add_argument("--max-cycles", metavar="N|LEVEL",
                       help="cycles budget: cycles, or a uniform %s's level (default O3)"
                            % build)
    group.add_argument("--measure-levels", default=",".join(LEVELS), metavar="LIST",
                       help="levels built instrumented and uniform for the cost tables "
                            "(default %s)" % ",".join(LEVELS))
    group.add_argument("--untimed-level", default="Oz", metavar="LEVEL",
                       help="the Fluid build's command-line level: code no profile times "
                            "(default Oz: it costs bytes, not profiled cycles)")


def check_arguments(parser, args, more=None):
    """Normalises and checks add_arguments' options (parser.error on bad
    ones); the budget options, and the loop's own `more` ({option: value
    given}), need --policy=measured."""
    args.measure_levels = [v.strip().lstrip("-") for v in args.measure_levels.split(",")
                           if v.strip()]
    args.untimed_level = args.untimed_level.lstrip("-")
    if args.policy != "measured":
        more = more or {}
        if any(v is not None for v in (args.goal, args.max_text, args.max_cycles)) or \
                any(more.values()):
            names = ["--goal", "--max-text", "--max-cycles"] + sorted(more)
            parser.error("%s and %s need --policy=measured" % (", ".join(names[:-1]),
                                                                names[-1]))
        return
    for v in args.measure_levels + [args.untimed_level]:
        if v not in ALL_LEVELS:
            parser.error("--measure-levels/--untimed-level: unknown level '%s'" % v)
    if args.untimed_level not in args.measure_levels:
        parser.error("--untimed-level=%s must be one of --measure-levels (%s)"
                     % (args.untimed_level, ",".join(args.measure_levels)))


def predict(plan_path, costs_path, untimed_level, scale=None):
    """(cycles, .text) the cost table predicts for a plan: each unit's
    cycles at its level (times scale[level], if given) and its bytes at its
    level, plus the bytes no function owns at the untimed level. A unit
    the plan does not name is at the untimed level."""
    with open(plan_path) as f:
        plan = json.load(f)
    with open(costs_path) as f:
        costs = json.load(f)
    levels = {entry["name"]: entry["level"] for entry in plan["functions"]}
    text = costs["other_bytes"][untimed_level]
    cycles = 0.0
    for unit in costs["units"]:
        level = next((levels[n] for n in unit["functions"] if n in levels), untimed_level)
        text += unit["bytes"][level]
        cycles += unit["cycles"][level] * (scale[level] if scale else 1)
    return int(round(cycles)), text


class Goal:
    """What the optimizer is asked for, from --goal, --max-text and
    --max-cycles: the fastest plan within a .text budget (a cycles budget,
    if any, checked), or the smallest within a cycles budget (a .text
    budget, if any, checked). A budget is a count or a level's name (the
    uniform build's figure at that level)."""

    def __init__(self, args):
        self.max_text = parse_budget(args.max_text, "--max-text") if args.max_text else None
        self.max_cycles = parse_budget(args.max_cycles, "--max-cycles") \
            if args.max_cycles else None
        goal = args.goal or ("smallest" if args.max_cycles and not args.max_text
                             else "targets")
        if goal in ("targets", "fastest") and self.max_text is None:
            self.max_text = "Os"
        if goal in ("targets", "smallest") and self.max_cycles is None:
            self.max_cycles = "O3"
        self.kind = "smallest" if goal == "smallest" else "fastest"

    def text(self):
        parts = []
        if self.max_text is not None:
            parts.append(".text <= %s" % ("uniform -" + self.max_text
                                          if isinstance(self.max_text, str)
                                          else "{:,} B".format(self.max_text)))
        if self.max_cycles is not None:
            parts.append("cycles <= %s" % ("uniform -" + self.max_cycles
                                           if isinstance(self.max_cycles, str)
                                           else "{:,}".format(self.max_cycles)))
        how = ("the fastest plan within the .text budget" if self.kind == "fastest"
               else "the smallest plan within the cycles budget")
        return "%s (%s)" % (" and ".join(parts), how)

    def budget_levels(self):
        """The uniform levels the budgets name."""
        return {b for b in (self.max_text, self.max_cycles) if isinstance(b, str)}


def optimize_argv(fluid_prof, plan, costs, untimed_level, budget, binaries, profiles,
                  mixed=()):
    """fluid-prof optimize's command line. budget: ("max-text" or
    "max-cycles", value); binaries: level -> uniform binary; profiles:
    level -> list of that level's profiles (runs of one build); mixed:
    profiles of one mixed build, instrumented with an earlier plan's
    levels, that correct the table unit by unit."""
    argv = [fluid_prof, "optimize", "-o", plan, "--costs=" + costs,
            "--untimed-level=" + untimed_level, "--%s=%s" % budget]
    argv += ["--mixed-profile=" + path for path in mixed]
    argv += ["--binary=%s=%s" % (level, binaries[level]) for level in binaries]
    for level in profiles:
        argv += ["%s=%s" % (level, path) for path in profiles[level]]
    return argv


class Measured:
    """The measured policy's part of one kernel loop (kernel.Loop)."""

    def __init__(self, loop):
        self.loop = loop
        self.args = loop.args
        self.levels = loop.args.measure_levels
        self.profiles = {}    # level -> profile path
        self.mixed = []       # the latest mixed kernel's profile, if any
        self.rounds = []      # dicts: round, plan, budget, predicted, kernel, error
        self.frontier = []    # dicts: budget, plan, predicted, kernel
        self.predicted_frontier = []  # (text, cycles) of plans solved, not built
        self.goal = Goal(loop.args)
        self.scale = {}       # level -> kernel cycles per profiled cycle

    # --- budgets in the loop's own measure ------------------------------------
    def _in_kernels(self, budget, figure):
        """A budget as the kernels measure it: a count, or the uniform
        kernel's `figure` ("text", "cycles") at the level it names."""
        if budget is None or isinstance(budget, int):
            return budget
        return getattr(self.loop.kernels["-" + budget], figure)

    def text_budget(self):
        """The .text budget in bytes (a level: its uniform kernel's .text)."""
        return self._in_kernels(self.goal.max_text, "text")

    def cycles_budget(self):
        """The cycles budget (a level: its uniform kernel's total cycles)."""
        return self._in_kernels(self.goal.max_cycles, "cycles")

    def figures(self):
        """What the report shows of the policy (report.MeasuredFigures)."""
        return MeasuredFigures(
            goal=self.goal.text(), levels=self.levels, scale=self.scale,
            untimed_level=self.args.untimed_level, mixed=self.args.refine == "mixed",
            rounds=self.rounds, frontier_asked=self.args.frontier, frontier=self.frontier,
            predicted_frontier=self.predicted_frontier)

    def kernels_needed(self):
        """Uniform levels the policy needs built: every level measured, and
        the levels the budgets name."""
        return set(self.levels) | self.goal.budget_levels()

    # --- measuring -------------------------------------------------------------
    def measure(self):
        """One instrumented kernel per level, booted, its profile extracted."""
        instrument = "--fluid-instrument=post-inline"
        for level in self.levels:
            name = "instrumented-" + level
            kernel = self.loop.build(name, os.path.join(self.loop.out, name),
                                     self.loop.opt_flags(level, instrument), instrument=True)
            self.loop.boot(kernel)
            self.profiles[level] = self.loop.profile(kernel, "measured-" + level)

    def optimize(self, name, max_text=None, max_cycles=None, quiet=False):
        """fluid-prof optimize; returns (plan path, predicted cycles, predicted
        .text), the .text computed from the cost table and the plan."""
        plan = os.path.join(self.loop.out, name + ".json")
        costs = os.path.join(self.loop.out, name + ".costs.json")
        budget = ("max-text", max_text) if max_text is not None else ("max-cycles", max_cycles)
        argv = optimize_argv(self.loop.tools.fluid_prof, plan, costs, self.args.untimed_level,
                             budget, {level: self.loop.kernels["-" + level].elf
                                      for level in self.levels},
                             {level: [self.profiles[level]] for level in self.levels},
                             self.mixed)
        log = os.path.join(self.loop.out, "logs", name + ".optimize.log")
        if quiet:
            self.loop.steps.command(argv, log=log, what="fluid-prof optimize (%s)" % name)
        else:
            self.loop.steps.run("optimize the levels (%s)" % os.path.basename(plan), argv,
                                log=log)
        return (plan,) + self.predicted(plan, costs)

    def predicted(self, plan_path, costs_path):
        """(cycles, .text) the model predicts for a plan's kernel: each
        unit's profiled self cycles at its level scaled by that level's
        kernel cycles per profiled cycle (the uniform kernel's run table
        over its profile's self cycles: what the probes' remainder and the
        code no profile sees add), so a uniform plan predicts its uniform
        kernel exactly."""
        with open(costs_path) as f:
            self_cycles = json.load(f)["self_cycles"]
        self.scale = {level: self.loop.kernels["-" + level].cycles /
                      max(self_cycles[level], 1) for level in self.levels}
        return predict(plan_path, costs_path, self.args.untimed_level, self.scale)

    # --- the rounds ------------------------------------------------------------
    def run(self):
        """Measures, then solves, builds and verifies up to --rounds times.
        Returns (plan, kernel) of the best round."""
        self.measure()
        text_budget, cycles_budget = self.text_budget(), self.cycles_budget()
        solve_text = text_budget
        # fluid-prof resolves a level's name itself (its profile's cycles).
        solve_cycles = self.goal.max_cycles
        for number in range(1, self.args.rounds + 1):
            if self.goal.kind == "fastest":
                plan, cycles, text = self.optimize("plan%d" % number, max_text=solve_text)
            else:
                plan, cycles, text = self.optimize("plan%d" % number, max_cycles=solve_cycles)
            if number > 1 and self.levels_of(plan) == self.levels_of(self.rounds[-1]["plan"]):
                self.loop.steps.progress("round %d: the same levels as round %d: stopping"
                                         % (number, number - 1))
                break
            name = "fluid" if number == 1 else "round%d" % number
            kernel = self.loop.fluid_build(plan, name)
            entry = {"round": number, "plan": plan, "kernel": kernel,
                     "budget": solve_text if self.goal.kind == "fastest" else solve_cycles,
                     "predicted_cycles": cycles, "predicted_text": text}
            self.rounds.append(entry)
            holds = ((text_budget is None or kernel.text <= text_budget) and
                     (cycles_budget is None or kernel.cycles <= cycles_budget))
            entry["holds"] = holds
            if holds:
                break
            if number > 1 and self.score(kernel) >= self.score(self.rounds[-2]["kernel"]):
                self.loop.steps.progress("round %d gained nothing: stopping" % number)
                break
            if number == self.args.rounds:
                break
            # Refine: the model missed the .text by (measured - predicted)
            # bytes; the next round asks for that much less (or, under a
            # cycles budget, for the cycles the model missed), from a table
            # the mixed kernel's profile corrects unit by unit.
            if self.goal.kind == "fastest":
                solve_text = text_budget - (kernel.text - text)
                if kernel.text <= text_budget and cycles_budget is not None:
                    # Bytes to spare but too slow: spend the slack.
                    solve_text = text + (text_budget - kernel.text)
            else:
                # In the profile's measure: the missed share of the cycles.
                profiled = self.profiled_cycles(plan)
                solve_cycles = max(1, int(profiled * min(1.0, 2 - kernel.cycles / cycles)))
            if self.args.refine == "mixed":
                self.profile_mixed(plan, number)
                entry["mixed"] = self.mixed[0]
        best = min(self.rounds, key=lambda r: self.score(r["kernel"]))
        return best["plan"], best["kernel"]

    def profile_mixed(self, plan, number):
        """The round's plan built again instrumented with its levels,
        booted, its profile the next round's --mixed-profile: the cycles
        each unit took in the mixed kernel, where callees of other levels
        are inlined differently than in its uniform kernel."""
        name = "instrumented-round%d" % number
        instrument = "--fluid-instrument=post-inline"
        kernel = self.loop.build(name, os.path.join(self.loop.out, name),
                                 self.loop.opt_flags(self.args.untimed_level,
                                                     "--fluid-profile=%s %s"
                                                     % (plan, instrument)),
                                 instrument=True)
        self.loop.boot(kernel)
        self.mixed = [self.loop.profile(kernel, "mixed-round%d" % number)]

    @staticmethod
    def profiled_cycles(plan_path):
        with open(plan_path) as f:
            return json.load(f)["total_self_cycles"]

    @staticmethod
    def levels_of(plan_path):
        with open(plan_path) as f:
            return sorted((e["name"], e["level"]) for e in json.load(f)["functions"])

    def score(self, kernel):
        """Budgets held first, then the goal's figure, then the other one."""
        text_budget, cycles_budget = self.text_budget(), self.cycles_budget()
        missed = 0
        if text_budget is not None and kernel.text > text_budget:
            missed += kernel.text / text_budget - 1
        if cycles_budget is not None and kernel.cycles > cycles_budget:
            missed += kernel.cycles / cycles_budget - 1
        if self.goal.kind == "fastest":
            return (missed, kernel.cycles, kernel.text)
        return (missed, kernel.text, kernel.cycles)

    # --- the frontier ----------------------------------------------------------
    def frontier_budgets(self, count):
        sizes = [self.loop.kernels["-" + v].text for v in self.args.variants]
        low, high = min(sizes), max(sizes)
        if count <= 0 or high <= low:
            return []
        return [int(low + (high - low) * i / (count + 1)) for i in range(1, count + 1)]

    def solve_frontier(self):
        """The model's own frontier: plans solved (not built) for budgets
        between the uniform kernels' .text; a budget no plan meets is left
        out."""
        for budget in self.frontier_budgets(PREDICTED_FRONTIER):
            try:
                _, cycles, text = self.optimize("frontier/model-%d" % budget,
                                                max_text=budget, quiet=True)
            except StepFailed:
                continue
            self.predicted_frontier.append((text, cycles))

    def build_frontier(self):
        """--frontier N: N budgets, each planned, built and booted."""
        os.makedirs(os.path.join(self.loop.out, "frontier"), exist_ok=True)
        self.solve_frontier()
        for budget in self.frontier_budgets(self.args.frontier):
            try:
                plan, cycles, text = self.optimize("frontier/plan-%d" % budget, max_text=budget)
            except StepFailed as error:
                self.loop.steps.progress("frontier budget %d B: %s" % (budget, error))
                continue
            kernel = self.loop.fluid_build(plan, "frontier/%d" % budget)
            self.frontier.append({"budget": budget, "plan": plan, "kernel": kernel,
                                  "predicted_cycles": cycles, "predicted_text": text})

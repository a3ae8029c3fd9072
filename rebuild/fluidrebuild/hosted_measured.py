"""hosted_measured.py - fluid-rebuild program's measured policy: the kernel
loop's optimizer (docs/measured-levels.md) for a hosted program, on the
real clock.

    fresh copies --build, instrumented (post-inline) at each measured level
        --> --train, --train-repeat times each --> each level's profiles
    fresh copies --build, uniform at each measured level --> .text, symbols
    fluid-prof optimize LEVEL=PROFILE... --binary=LEVEL=BINARY --max-text=B
        --> plan --> the fluid build (-UNTIMED --fluid-profile=plan)
    then as under every policy (hosted.py): every output identical to O2's,
    CPU time in interleaved rounds, .text with llvm-size

The real clock is noisy, so each level is trained several times:
fluid-prof optimize takes each function's median run and lets the smaller
code win levels within the runs' noise (docs/measured-levels.md, "Runs of
one build"), and the verdict is the timed rounds', not the model's. .text is
exact: under a .text budget, a round whose fluid build misses it is solved
again with the budget less the bytes the model missed (--rounds, as the
kernel loop does); cycles are not refined (no profile of the fluid build).
"""
import json
import os
import shutil

from .hosted_report import HostedMeasuredFigures
from .measured import ALL_LEVELS, Goal, optimize_argv, predict
from .steps import StepFailed


def read_profile_head(path):
    """(build_id, target, clock) of a hosted profile (one framed JSON)."""
    with open(path, errors="replace") as f:
        text = f.read()
    begin = text.find("\n")
    end = text.rfind("--- FLUID PROFILE END")
    try:
        data = json.loads(text[begin + 1:end] if text.startswith("--- FLUID") else text)
        return data["build_id"], data["target"], data["clock"]
    except (ValueError, KeyError, TypeError):
        raise StepFailed("%s: not a profile fluid-rebuild can read (run fluid-prof "
                         "validate on it)" % path)


def plan_levels(path):
    with open(path) as f:
        return sorted((e["name"], e["level"]) for e in json.load(f)["functions"])


class HostedMeasured:
    """The measured policy's part of one hosted loop (hosted.Loop)."""

    def __init__(self, loop):
        self.loop = loop
        self.args = loop.args
        self.levels = self.args.measure_levels
        self.goal = Goal(self.args)
        self.profiles = {}   # level -> profile paths (runs of one build)
        self.argv = None     # fluid-prof optimize's command line
        self.costs = os.path.join(loop.out, "plan.costs.json")
        self.predicted_cycles = self.predicted_text = None
        self.rounds = []     # dicts: round, plan, budget, predicted_*, text
        self.kept = None     # the round whose plan the fluid build has
        if self.goal.kind == "smallest" and isinstance(self.goal.max_cycles, str) \
                and self.goal.max_cycles not in self.levels:
            raise StepFailed("--max-cycles=%s: a cycles budget named by level must be one "
                             "of --measure-levels (%s): its profiles are the budget"
                             % (self.goal.max_cycles, ",".join(self.levels)))

    # --- the builds it needs -----------------------------------------------------
    def instrumented(self):
        return ["instrumented-" + level for level in self.levels]

    def uniform(self):
        """Uniform builds: every level measured, the budgets' levels, and O2
        and O3 (timed beside the fluid build)."""
        wanted = set(self.levels) | self.goal.budget_levels() | {"O2", "O3"}
        return [level for level in ALL_LEVELS if level in wanted]

    def timed(self):
        """Timed in the rounds: O2 first (the reference output), O3, the
        cycles budget's level, and the fluid build last."""
        wanted = {"O3"} | ({self.goal.max_cycles}
                           if isinstance(self.goal.max_cycles, str) else set())
        return ["O2"] + [level for level in ALL_LEVELS
                         if level in wanted and level != "O2"] + ["fluid"]

    # --- training -----------------------------------------------------------------
    def train(self, steps, tools, run_step):
        """--train in each instrumented copy, --train-repeat times; every run's
        profiles must be of one program (one build id per level)."""
        top = self.loop.profiles_dir
        if os.path.lexists(top):
            shutil.rmtree(top)
        for level in self.levels:
            variant = "instrumented-" + level
            directory = os.path.join(top, level)
            os.makedirs(directory)
            pattern = os.path.join(directory, "p.%p.profile")
            for run in range(1, self.args.train_repeat + 1):
                run_step(steps, "train %s (run %d of %d)" % (variant, run,
                                                             self.args.train_repeat),
                         ["sh", "-c", self.args.train],
                         log=os.path.join(variant, "train-%d.log" % run),
                         cwd=self.loop.src(variant),
                         env=self.loop.env(tools, variant, profile_file=pattern))
            found = sorted(os.path.join(directory, name) for name in os.listdir(directory)
                           if name.endswith(".profile"))
            if not found:
                raise StepFailed("no profile written: the training command wrote nothing to "
                                 "%s (read %s)" % (directory,
                                                   steps.path(variant, "train-1.log")))
            builds = {}
            for path in found:
                builds.setdefault(read_profile_head(path)[0], []).append(path)
            if len(builds) > 1:
                raise StepFailed(
                    "the training ran %d instrumented programs (build ids %s) in %s: the "
                    "measured policy costs one program, --binary's; give a --train command "
                    "that runs only it, or use --policy=shares"
                    % (len(builds), ", ".join(sorted(builds)), variant))
            self.profiles[level] = found
        self.loop.profiles = [p for level in self.levels for p in self.profiles[level]]
        run_step(steps, "validate %d profiles" % len(self.loop.profiles),
                 [tools.fluid_prof, "validate"] + self.loop.profiles, log="validate.log")

    # --- the plan -------------------------------------------------------------------
    def text_budget(self):
        """Bytes: a count, or the uniform build's .text at the level named."""
        budget = self.goal.max_text
        return budget if isinstance(budget, int) else self.loop.text[budget]

    def optimize(self, steps, tools, run_step, name, budget):
        """fluid-prof optimize over the profiles and the uniform binaries for
        one budget; returns (plan path, predicted cycles, predicted .text)."""
        plan = os.path.join(self.loop.out, name + ".json")
        binaries = {level: os.path.join(self.loop.src(level), self.loop.binary)
                    for level in self.levels}
        self.argv = optimize_argv(tools.fluid_prof, plan, self.costs,
                                  self.args.untimed_level, budget, binaries, self.profiles)
        run_step(steps, "optimize the levels (%s.json)" % name, self.argv,
                 log=name + ".optimize.log")
        return (plan,) + predict(plan, self.costs, self.args.untimed_level)

    def plan_and_build(self, steps, tools, run_step, build, measure):
        """Solves, builds the fluid variant (build()), measures its .text
        (measure()), and under a .text budget refines up to --rounds times.
        The plan of the round kept is OUT/plan.json, its build the fluid
        variant's; returns the plan."""
        fastest = self.goal.kind == "fastest"
        budget = ("max-text", self.text_budget()) if fastest \
            else ("max-cycles", self.goal.max_cycles)
        for number in range(1, self.args.rounds + 1):
            try:
                path, cycles, text = self.optimize(steps, tools, run_step,
                                                   "plan%d" % number, budget)
            except StepFailed:
                if number == 1:
                    raise
                # A refined budget below the smallest .text the tables reach.
                steps.progress("round %d: no plan within %s B (%s): stopping"
                               % (number, "{:,}".format(budget[1]),
                                  steps.path("plan%d.optimize.log" % number)))
                break
            levels = plan_levels(path)
            if self.rounds and levels == plan_levels(self.rounds[-1]["plan"]):
                steps.progress("round %d: the same levels as round %d: stopping"
                               % (number, number - 1))
                break
            shutil.copyfile(path, self.loop.plan)
            build()
            measured = measure()
            self.rounds.append({"round": number, "plan": path, "budget": budget[1],
                                "predicted_cycles": cycles, "predicted_text": text,
                                "text": measured})
            if not fastest or measured <= self.text_budget():
                break
            refined = self.text_budget() - (measured - text)
            if refined <= 0 or refined == budget[1]:
                break
            budget = ("max-text", refined)
        # The budget held first, then the fewest predicted cycles (cycles
        # are not measured per round), then the smallest .text.
        limit = self.rounds[0]["budget"]
        kept = min(self.rounds, key=lambda r: (fastest and r["text"] > limit,
                                               r["predicted_cycles"], r["text"]))
        if kept is not self.rounds[-1]:
            steps.progress("keeping round %d's plan" % kept["round"])
            shutil.copyfile(kept["plan"], self.loop.plan)
            build()
            measure()
        self.kept = kept
        self.predicted_cycles, self.predicted_text = (kept["predicted_cycles"],
                                                      kept["predicted_text"])
        with open(self.loop.plan) as f:
            return json.load(f)

    def table_cycles(self, level):
        """A uniform level's profiled self cycles, from the cost table."""
        with open(self.costs) as f:
            return json.load(f)["self_cycles"].get(level)

    def figures(self):
        """What the report shows of the policy (HostedMeasuredFigures)."""
        goal = self.goal
        return HostedMeasuredFigures(
            goal=goal.text(), levels=self.levels, costs=self.costs, rounds=self.rounds,
            kept=self.kept["round"], predicted_text=self.predicted_text,
            predicted_cycles=self.predicted_cycles, max_text=goal.max_text,
            text_budget=self.text_budget() if goal.max_text is not None else None,
            max_cycles=goal.max_cycles,
            table_cycles=self.table_cycles(goal.max_cycles)
            if isinstance(goal.max_cycles, str) else None,
            argv=self.argv)

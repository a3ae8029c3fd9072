"""hosted_report.py - fluid-rebuild program's report (OUT/report.md) and the
summary it prints, drawn from plain data (HostedRun, filled by hosted.py's
report_data()): every figure is this run's, the plan's from the plan JSON
fluid-prof wrote.

    write_report(run, plan)    OUT/report.md (and OUT/flame.svg)
    print_summary(run)         the lines printed at the end
"""
import os
import statistics
import time
from dataclasses import dataclass
from typing import Optional

from . import flame
from .figures import FigureError
from .steps import TOOL, StepFailed, quote

try:
    from . import config
except ImportError:  # run from the source tree
    config = None

LEVEL_ORDER = ["O3", "O2", "O1", "Os", "Oz", "O0"]
TOP_FUNCTIONS = 10


def level_summary(plan):
    counts = {}
    for function in plan["functions"]:
        counts[function["level"]] = counts.get(function["level"], 0) + 1
    parts = ["%d %s" % (counts[level], level) for level in LEVEL_ORDER if level in counts]
    return "%d functions: %s" % (len(plan["functions"]), ", ".join(parts))


@dataclass
class Build:
    """One variant's build: its CFLAGS, the environment its build command
    ran in (CC, CXX, CFLAGS, CXXFLAGS, LDFLAGS), its copy of the source
    and the .text bytes of the binary measured."""
    cflags: str
    env: dict
    src: str
    text: Optional[int]


@dataclass
class HostedMeasuredFigures:
    """The measured policy's figures (HostedMeasured.figures())."""
    goal: str                   # the goal in words
    levels: list                # the levels measured
    costs: str                  # the cost table's path
    rounds: list                # dicts: round, plan, budget, predicted_text, text
    kept: int                   # the round whose plan the fluid build has
    predicted_text: int
    predicted_cycles: int
    max_text: object            # the .text budget as given: bytes, a level or None
    text_budget: Optional[int]  # in bytes
    max_cycles: object          # the cycles budget as given: cycles, a level or None
    table_cycles: Optional[int]  # a level's profiled self cycles (cost table)
    argv: list                  # fluid-prof optimize's command line


@dataclass
class HostedRun:
    """Everything the report shows of one run of the hosted loop."""
    source: str
    out: str
    cwd: str                    # where fluid-rebuild ran
    argv: list                  # its arguments
    build: str                  # --build, --train, --run (commands)
    train: str
    run: str
    repeat: int
    train_repeat: int
    untimed_level: str
    variants: list              # every variant built, in build order
    instrumented: list          # names, in build order
    uniform: list
    timed: list                 # names, O2 first, fluid last
    builds: dict                # name -> Build ("contexts" too)
    cpu: dict                   # timed name -> CPU seconds per round
    digest: dict                # timed name -> sha256 of --run's stdout
    output_bytes: int
    binary: str                 # relative to each copy
    binary_how: str
    warnings: int               # fluid-cc warnings of the fluid build
    plan: str                   # OUT/plan.json
    plan_argv: list             # fluid-prof plan's options (shares, bareflow)
    profiles: int               # how many profiles the plan read
    profiles_dir: str
    measured: Optional[HostedMeasuredFigures]
    fluid_prof: str
    llvm_size: str
    llvm_cxxfilt: str
    elapsed: float              # seconds in all
    flame_profiles: Optional[list]  # parsed contexts profiles (None: not drawn)


def median(run, variant):
    return statistics.median(run.cpu[variant])


def ratio(numerator, denominator):
    return "%.3f" % (numerator / denominator) if denominator > 0 else "n/a"


def top_functions_table(plan):
    total = plan["total_self_cycles"]
    ranked = sorted(plan["functions"], key=lambda f: (-f["self_cycles"], f["name"]))
    lines = ["| function | file | self share | calls | level | reason |",
             "|---|---|---:|---:|---|---|"]
    for function in ranked[:TOP_FUNCTIONS]:
        share = "%.2f%%" % (100.0 * function["self_cycles"] / total) if total else "n/a"
        lines.append("| `%s` | %s | %s | %d | %s | %s |"
                     % (function["name"], function["file"], share, function["calls"],
                        function["level"], function["reason"].replace("|", "\\|")))
    return lines


def variants_table(run):
    base = median(run, "O2")
    lines = ["| variant | CFLAGS | median CPU s | ratio to O2 | .text bytes "
             "| output sha256 | identical to O2 |",
             "|---|---|---:|---:|---:|---|---|"]
    untimed = [(v, "trains") for v in run.instrumented]
    untimed += [(v, "sizes the cost table") for v in run.uniform if v not in run.timed]
    for variant, why in untimed:
        lines.append("| %s | `%s` | (%s, not timed) | | %d | | |"
                     % (variant, run.builds[variant].cflags, why, run.builds[variant].text))
    for variant in run.timed:
        lines.append("| %s | `%s` | %.6f | %s | %d | `%s` | yes |"
                     % (variant, run.builds[variant].cflags, median(run, variant),
                        ratio(median(run, variant), base), run.builds[variant].text,
                        run.digest[variant][:16]))
    return lines


def _rounds_table(run):
    m = run.measured
    lines = ["| round | budget | predicted .text | measured .text | error | plan |",
             "|---:|---:|---:|---:|---:|---|"]
    for r in m.rounds:
        lines.append("| {} | {:,} | {:,} | {:,} | {:+.1f}% | `{}`{} |".format(
            r["round"], r["budget"], r["predicted_text"], r["text"],
            100.0 * (r["text"] - r["predicted_text"]) / max(r["predicted_text"], 1),
            os.path.basename(r["plan"]), " (kept)" if r["round"] == m.kept else ""))
    return lines


def _budgets(run, lines):
    """The budgets against the measured figures: rows appended to the
    figure table `lines`, and the verdict lines returned."""
    m, text, fluid = run.measured, run.builds["fluid"].text, median(run, "fluid")
    held = []
    if m.max_text is not None:
        held.append("- .text: {:,} B against the budget, {}{:,} B: {}".format(
            text, "uniform -%s's .text, " % m.max_text
            if isinstance(m.max_text, str) else "", m.text_budget,
            "held" if text <= m.text_budget else "**missed**"))
    if isinstance(m.max_cycles, str) and m.max_cycles in run.cpu:
        level = m.max_cycles
        table = m.table_cycles
        lines.append("| fluid cycles / -%s cycles (profiles) | %s | %s (CPU time) | |"
                     % (level, ratio(m.predicted_cycles, table) if table else "n/a",
                        ratio(fluid, median(run, level))))
        held.append("- cycles: CPU time fluid/-%s %s: %s (real clock: within its noise, "
                    "read the rounds below)" % (level, ratio(fluid, median(run, level)),
                                                "held" if fluid <= median(run, level)
                                                else "**missed**"))
    elif m.max_cycles is not None:
        held.append("- cycles: budget %s in the profiles' measure (predicted {:,})"
                    .format(m.predicted_cycles) % m.max_cycles)
    return held


def measured_lines(run):
    """The measured policy: the goal, the model's prediction against the
    build's measured .text, and the budgets against the timed rounds."""
    m = run.measured
    lines = ["## The measured policy", "",
             "Goal: %s. Levels measured: %s (instrumented post-inline and uniform builds "
             "of each, every instrumented build trained %d time%s); code no profile "
             "times at -%s (`--untimed-level`). The model's figures come from the "
             "cost table (`%s`), the measured ones from llvm-size and the timed rounds."
             % (m.goal, ", ".join("-" + l for l in m.levels), run.train_repeat,
                "" if run.train_repeat == 1 else "s", run.untimed_level,
                os.path.basename(m.costs)), "",
             "Rounds (under a .text budget, each solves again with the bytes the "
             "round before missed):", ""]
    lines += _rounds_table(run)
    lines += ["", "| figure | predicted | measured | error |", "|---|---:|---:|---:|"]
    text = run.builds["fluid"].text
    lines.append("| fluid .text bytes | {:,} | {:,} | {:+.1f}% |".format(
        m.predicted_text, text, 100.0 * (text - m.predicted_text) / max(m.predicted_text, 1)))
    held = _budgets(run, lines)
    return lines + [""] + held + [""]


def _plan_commands(run):
    """How the plan was made from the profiles."""
    if run.measured:
        return ["# plan (fluid-prof validate, then optimize)",
                quote([run.fluid_prof, "validate"]) + " %s/*/p.*.profile" % run.profiles_dir,
                quote(run.measured.argv), ""]
    return ["# plan (fluid-prof validate, then plan)",
            quote([run.fluid_prof, "validate"]) + " %s/p.*.profile" % run.profiles_dir,
            quote([run.fluid_prof, "plan"] + run.plan_argv + ["-o", run.plan])
            + " %s/p.*.profile" % run.profiles_dir, ""]


def _variant_commands(run, variant):
    """How one variant was built, then trained or run, then measured."""
    build = run.builds[variant]
    note = ""
    if run.out.startswith(run.source + os.sep):
        note = "   # then delete the copy of %s inside it" % run.out
    env = " ".join("%s=%s" % (k, quote([v])) for k, v in build.env.items())
    lines = ["# %s" % variant, quote(["cp", "-a", run.source, build.src]) + note,
             "(cd %s && %s sh -c %s)" % (quote([build.src]), env, quote([run.build]))]
    if variant.startswith("instrumented"):
        level = variant[len("instrumented-"):]
        lines.append("(cd %s && FLUID_PROFILE_FILE=%s sh -c %s)%s"
                     % (quote([build.src]),
                        quote([os.path.join(run.profiles_dir, level, "p.%p.profile")]),
                        quote([run.train]),
                        "   # %d times" % run.train_repeat if run.train_repeat > 1 else ""))
    else:
        lines.append("(cd %s && sh -c %s > run.stdout)   # CPU time: /usr/bin/time"
                     % (quote([build.src]), quote([run.run])))
    return lines + [quote([run.llvm_size, "-A", os.path.join(build.src, run.binary)]), ""]


def reproduce_lines(run):
    lines = ["# the whole loop", "cd %s && %s program %s"
             % (quote([run.cwd]), TOOL, quote(run.argv)), ""]
    for variant in run.variants:
        if variant == "fluid":
            lines += _plan_commands(run)
        lines += _variant_commands(run, variant)
    return lines


def flame_lines(run, plan):
    """The flame graph (flame.py) of the contexts build's profiles, filled
    by the plan's levels."""
    profiles = run.flame_profiles
    how = ("Drawn from %d profile%s of one more build (`contexts/`: `%s`) trained once "
           "by `%s`; its CPU time is not among the figures above" % (
               len(profiles or []), "" if len(profiles or []) == 1 else "s",
               run.builds["contexts"].cflags, run.train))
    try:
        return flame.report_section(
            run.out, profiles, {f["name"]: f["level"] for f in plan["functions"]},
            "%s: calling contexts, coloured by the fluid build's levels"
            % os.path.basename(run.source), how, demangler=run.llvm_cxxfilt)
    except FigureError as error:
        raise StepFailed("the flame graph of %s: %s"
                         % (os.path.join(run.out, "contexts", "profiles"), error))


def _result_lines(run):
    base, best = median(run, "O2"), median(run, "O3")
    fluid = median(run, "fluid")
    text = run.builds["fluid"].text, run.builds["O2"].text
    return [
        "# fluid-rebuild program: %s" % os.path.basename(run.source), "",
        "Source `%s`, built %d times by `%s`; trained by `%s`; timed and compared "
        "on `%s`. fluid-rebuild %s, %s, %.1f s in all."
        % (run.source, len(run.variants), run.build, run.train, run.run,
           config.VERSION if config else "?", time.strftime("%Y-%m-%d %H:%M"), run.elapsed),
        "", "## Result", "",
        "fluid/O2 = **%s**, fluid/O3 = **%s** (median CPU time, user+sys, of %d "
        "rounds run round robin); .text fluid/O2 = **%s**."
        % (ratio(fluid, base), ratio(fluid, best), run.repeat, ratio(*text)), ""]


def _timing_lines(run):
    lines = ["", "Every variant printed the same %d bytes. `.text` is measured on `%s` "
             "(%s) with llvm-size -A. The fluid build printed %d fluid-cc warnings."
             % (run.output_bytes, run.binary, run.binary_how, run.warnings), "",
             "CPU seconds per round:", "", "| round | " + " | ".join(run.timed) + " |",
             "|---:|" + "---:|" * len(run.timed)]
    for index in range(run.repeat):
        lines.append("| %d | %s |" % (index + 1, " | ".join(
            "%.6f" % run.cpu[v][index] for v in run.timed)))
    return lines


def _plan_lines(run, plan):
    return ["", "## Plan", "",
            "`%s` (policy %s, from %d profile%s, %d self cycles): %s."
            % (run.plan, plan["policy"], run.profiles, "" if run.profiles == 1 else "s",
               plan["total_self_cycles"], level_summary(plan)), "",
            "Top functions by self cycles:", ""] + top_functions_table(plan)


def write_report(run, plan):
    """OUT/report.md from `run` (a HostedRun) and the plan it built."""
    text = _result_lines(run) + variants_table(run) + _timing_lines(run)
    if run.measured:
        text += [""] + measured_lines(run)
    text += _plan_lines(run, plan)
    text += [""] + flame_lines(run, plan)
    text += ["", "## Reproduce", "", "```sh"] + reproduce_lines(run) + ["```", ""]
    with open(os.path.join(run.out, "report.md"), "w") as f:
        f.write("\n".join(text))


def print_summary(run):
    base, best, fluid = (median(run, v) for v in ("O2", "O3", "fluid"))
    text = {v: run.builds[v].text for v in ("O2", "O3", "fluid")}
    print("CPU s (median of %d): O2 %.6f, O3 %.6f, fluid %.6f; fluid/O2 %s, fluid/O3 %s"
          % (run.repeat, base, best, fluid, ratio(fluid, base), ratio(fluid, best)))
    print(".text bytes of %s: O2 %d, O3 %d, fluid %d; fluid/O2 %s"
          % (run.binary, text["O2"], text["O3"], text["fluid"],
             ratio(text["fluid"], text["O2"])))
    print("report: %s" % os.path.join(run.out, "report.md"))

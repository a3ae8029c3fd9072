"""hosted_report.py - fluid-rebuild program's report (OUT/report.md) and the
summary it prints: every figure is taken from the Loop of this run
(hosted.py), the plan's from the plan JSON fluid-prof wrote.
"""
import os
import statistics
import time

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


def median(loop, variant):
    return statistics.median(loop.cpu[variant])


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


def variants_table(loop):
    base = median(loop, "O2")
    lines = ["| variant | CFLAGS | median CPU s | ratio to O2 | .text bytes "
             "| output sha256 | identical to O2 |",
             "|---|---|---:|---:|---:|---|---|"]
    for variant in loop.instrumented:
        cflags, _ = loop.flags(variant)
        lines.append("| %s | `%s` | (trains, not timed) | | %d | | |"
                     % (variant, cflags, loop.text[variant]))
    for variant in loop.uniform:
        if variant not in loop.timed:
            cflags, _ = loop.flags(variant)
            lines.append("| %s | `%s` | (sizes the cost table, not timed) | | %d | | |"
                         % (variant, cflags, loop.text[variant]))
    for variant in loop.timed:
        cflags, _ = loop.flags(variant)
        lines.append("| %s | `%s` | %.6f | %s | %d | `%s` | yes |"
                     % (variant, cflags, median(loop, variant),
                        ratio(median(loop, variant), base), loop.text[variant],
                        loop.digest[variant][:16]))
    return lines


def measured_lines(loop):
    """The measured policy: the goal, the model's prediction against the
    build's measured .text, and the budgets against the timed rounds."""
    m = loop.measured
    fluid = median(loop, "fluid")
    lines = ["## The measured policy", "",
             "Goal: %s. Levels measured: %s (instrumented post-inline and uniform builds "
             "of each, every instrumented build trained %d time%s); code no profile "
             "times at -%s (`--untimed-level`). The model's figures come from the "
             "cost table (`%s`), the measured ones from llvm-size and the timed rounds."
             % (m.goal.text(), ", ".join("-" + l for l in m.levels), loop.args.train_repeat,
                "" if loop.args.train_repeat == 1 else "s", loop.args.untimed_level,
                os.path.basename(m.costs)), "",
             "Rounds (under a .text budget, each solves again with the bytes the "
             "round before missed):", "",
             "| round | budget | predicted .text | measured .text | error | plan |",
             "|---:|---:|---:|---:|---:|---|"]
    for r in m.rounds:
        lines.append("| {} | {:,} | {:,} | {:,} | {:+.1f}% | `{}`{} |".format(
            r["round"], r["budget"], r["predicted_text"], r["text"],
            100.0 * (r["text"] - r["predicted_text"]) / max(r["predicted_text"], 1),
            os.path.basename(r["plan"]), " (kept)" if r is m.kept else ""))
    lines += ["", "| figure | predicted | measured | error |", "|---|---:|---:|---:|"]
    text = loop.text["fluid"]
    lines.append("| fluid .text bytes | {:,} | {:,} | {:+.1f}% |".format(
        m.predicted_text, text, 100.0 * (text - m.predicted_text) / max(m.predicted_text, 1)))
    held = []
    if m.goal.max_text is not None:
        budget = m.text_budget()
        held.append("- .text: {:,} B against the budget, {}{:,} B: {}".format(
            text, "uniform -%s's .text, " % m.goal.max_text
            if isinstance(m.goal.max_text, str) else "", budget,
            "held" if text <= budget else "**missed**"))
    if isinstance(m.goal.max_cycles, str) and m.goal.max_cycles in loop.cpu:
        level = m.goal.max_cycles
        table = m.table_cycles(level)
        lines.append("| fluid cycles / -%s cycles (profiles) | %s | %s (CPU time) | |"
                     % (level, ratio(m.predicted_cycles, table) if table else "n/a",
                        ratio(fluid, median(loop, level))))
        held.append("- cycles: CPU time fluid/-%s %s: %s (real clock: within its noise, "
                    "read the rounds below)" % (level, ratio(fluid, median(loop, level)),
                                                "held" if fluid <= median(loop, level)
                                                else "**missed**"))
    elif m.goal.max_cycles is not None:
        held.append("- cycles: budget %s in the profiles' measure (predicted {:,})"
                    .format(m.predicted_cycles) % m.goal.max_cycles)
    return lines + [""] + held + [""]


def reproduce_lines(loop, tools):
    note = ""
    if loop.out.startswith(loop.source + os.sep):
        note = "   # then delete the copy of %s inside it" % loop.out
    lines = ["# the whole loop", "cd %s && %s program %s"
             % (quote([os.getcwd()]), TOOL, quote(loop.argv)), ""]
    for variant in loop.variants:
        if variant == "fluid" and loop.measured:
            lines += ["# plan (fluid-prof validate, then optimize)",
                      quote([tools.fluid_prof, "validate"]) + " %s/*/p.*.profile"
                      % loop.profiles_dir, quote(loop.measured.argv), ""]
        elif variant == "fluid":
            lines += ["# plan (fluid-prof validate, then plan)",
                      quote([tools.fluid_prof, "validate"]) + " %s/p.*.profile"
                      % loop.profiles_dir,
                      quote([tools.fluid_prof, "plan"] + loop.plan_args
                            + ["-o", loop.plan]) + " %s/p.*.profile" % loop.profiles_dir,
                      ""]
        env = " ".join("%s=%s" % (k, quote([v]))
                       for k, v in loop.variant_env(tools, variant).items())
        lines += ["# %s" % variant, quote(["cp", "-a", loop.source, loop.src(variant)]) + note,
                  "(cd %s && %s sh -c %s)" % (quote([loop.src(variant)]), env,
                                              quote([loop.args.build]))]
        if variant.startswith("instrumented"):
            level = variant[len("instrumented-"):]
            lines.append("(cd %s && FLUID_PROFILE_FILE=%s sh -c %s)%s"
                         % (quote([loop.src(variant)]),
                            quote([os.path.join(loop.profiles_dir, level, "p.%p.profile")]),
                            quote([loop.args.train]),
                            "   # %d times" % loop.args.train_repeat
                            if loop.args.train_repeat > 1 else ""))
        else:
            lines.append("(cd %s && sh -c %s > run.stdout)   # CPU time: /usr/bin/time"
                         % (quote([loop.src(variant)]), quote([loop.args.run])))
        lines += [quote([tools.llvm_size, "-A",
                         os.path.join(loop.src(variant), loop.binary)]), ""]
    return lines


def flame_lines(loop, tools, plan, profiles):
    """The flame graph (flame.py) of the contexts build's profiles, filled
    by the plan's levels."""
    how = ("Drawn from %d profile%s of one more build (`contexts/`: `%s`) trained once "
           "by `%s`; its CPU time is not among the figures above" % (
               len(profiles or []), "" if len(profiles or []) == 1 else "s",
               loop.flags("contexts")[0], loop.args.train))
    try:
        return flame.report_section(
            loop.out, profiles, {f["name"]: f["level"] for f in plan["functions"]},
            "%s: calling contexts, coloured by the fluid build's levels"
            % os.path.basename(loop.source), how, demangler=tools.llvm_cxxfilt)
    except FigureError as error:
        raise StepFailed("the flame graph of %s: %s"
                         % (os.path.join(loop.out, "contexts", "profiles"), error))


def write_report(loop, tools, plan, elapsed, flame_profiles=None):
    name = os.path.basename(loop.source)
    base, best = median(loop, "O2"), median(loop, "O3")
    fluid = median(loop, "fluid")
    text = [
        "# fluid-rebuild program: %s" % name, "",
        "Source `%s`, built %d times by `%s`; trained by `%s`; timed and compared "
        "on `%s`. fluid-rebuild %s, %s, %.1f s in all."
        % (loop.source, len(loop.variants), loop.args.build, loop.args.train, loop.args.run,
           config.VERSION if config else "?", time.strftime("%Y-%m-%d %H:%M"), elapsed),
        "", "## Result", "",
        "fluid/O2 = **%s**, fluid/O3 = **%s** (median CPU time, user+sys, of %d "
        "rounds run round robin); .text fluid/O2 = **%s**."
        % (ratio(fluid, base), ratio(fluid, best), loop.args.repeat,
           ratio(loop.text["fluid"], loop.text["O2"])), "",
    ]
    text += variants_table(loop)
    text += ["", "Every variant printed the same %d bytes. `.text` is measured on `%s` "
             "(%s) with llvm-size -A. The fluid build printed %d fluid-cc warnings."
             % (loop.output_bytes, loop.binary, loop.binary_how, loop.warnings), "",
             "CPU seconds per round:", "", "| round | " + " | ".join(loop.timed) + " |",
             "|---:|" + "---:|" * len(loop.timed)]
    for index in range(loop.args.repeat):
        text.append("| %d | %s |" % (index + 1, " | ".join(
            "%.6f" % loop.cpu[v][index] for v in loop.timed)))
    if loop.measured:
        text += [""] + measured_lines(loop)
    text += ["", "## Plan", "",
             "`%s` (policy %s, from %d profile%s, %d self cycles): %s."
             % (loop.plan, plan["policy"], len(loop.profiles),
                "" if len(loop.profiles) == 1 else "s", plan["total_self_cycles"],
                level_summary(plan)), "",
             "Top functions by self cycles:", ""]
    text += top_functions_table(plan)
    text += [""] + flame_lines(loop, tools, plan, flame_profiles)
    text += ["", "## Reproduce", "", "```sh"] + reproduce_lines(loop, tools) + ["```", ""]
    with open(os.path.join(loop.out, "report.md"), "w") as f:
        f.write("\n".join(text))


def print_summary(loop):
    base, best, fluid = (median(loop, v) for v in ("O2", "O3", "fluid"))
    print("CPU s (median of %d): O2 %.6f, O3 %.6f, fluid %.6f; fluid/O2 %s, fluid/O3 %s"
          % (loop.args.repeat, base, best, fluid, ratio(fluid, base), ratio(fluid, best)))
    print(".text bytes of %s: O2 %d, O3 %d, fluid %d; fluid/O2 %s"
          % (loop.binary, loop.text["O2"], loop.text["O3"], loop.text["fluid"],
             ratio(loop.text["fluid"], loop.text["O2"])))
    print("report: %s" % os.path.join(loop.out, "report.md"))

"""hosted_report.py - fluid-rebuild program's report (OUT/report.md) and the
summary it prints: every figure is taken from the Loop of this run
(hosted.py), the plan's from the plan JSON fluid-prof wrote.
"""
import os
import statistics
import time

from .steps import TOOL, quote

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
    cflags, _ = loop.flags("instrumented")
    lines.append("| instrumented | `%s` | (trains, not timed) | | %d | | |"
                 % (cflags, loop.text["instrumented"]))
    for variant in loop.timed:
        cflags, _ = loop.flags(variant)
        lines.append("| %s | `%s` | %.6f | %s | %d | `%s` | yes |"
                     % (variant, cflags, median(loop, variant),
                        ratio(median(loop, variant), base), loop.text[variant],
                        loop.digest[variant][:16]))
    return lines


def reproduce_lines(loop, tools):
    note = ""
    if loop.out.startswith(loop.source + os.sep):
        note = "   # then delete the copy of %s inside it" % loop.out
    lines = ["# the whole loop", "cd %s && %s program %s"
             % (quote([os.getcwd()]), TOOL, quote(loop.argv)), ""]
    for variant in loop.variants:
        if variant == "fluid":
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
        if variant == "instrumented":
            lines.append("(cd %s && FLUID_PROFILE_FILE=%s sh -c %s)"
                         % (quote([loop.src(variant)]),
                            quote([os.path.join(loop.profiles_dir, "p.%p.profile")]),
                            quote([loop.args.train])))
        else:
            lines.append("(cd %s && sh -c %s > run.stdout)   # CPU time: /usr/bin/time"
                         % (quote([loop.src(variant)]), quote([loop.args.run])))
        lines += [quote([tools.llvm_size, "-A",
                         os.path.join(loop.src(variant), loop.binary)]), ""]
    return lines


def write_report(loop, tools, plan, elapsed):
    name = os.path.basename(loop.source)
    base, best = median(loop, "O2"), median(loop, "O3")
    fluid = median(loop, "fluid")
    text = [
        "# fluid-rebuild program: %s" % name, "",
        "Source `%s`, built four times by `%s`; trained by `%s`; timed and compared "
        "on `%s`. fluid-rebuild %s, %s, %.1f s in all."
        % (loop.source, loop.args.build, loop.args.train, loop.args.run,
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
    text += ["", "## Plan", "",
             "`%s` (policy %s, from %d profile%s, %d self cycles): %s."
             % (loop.plan, plan["policy"], len(loop.profiles),
                "" if len(loop.profiles) == 1 else "s", plan["total_self_cycles"],
                level_summary(plan)), "",
             "Top functions by self cycles:", ""]
    text += top_functions_table(plan)
    text += ["", "## Reproduce", "", "```sh"] + reproduce_lines(loop, tools) + ["```", ""]
    with open(os.path.join(loop.out, "report.md"), "w") as f:
        f.write("\n".join(text))


def print_summary(loop):
    base, best, fluid = (median(loop, v) for v in loop.timed)
    print("CPU s (median of %d): O2 %.6f, O3 %.6f, fluid %.6f; fluid/O2 %s, fluid/O3 %s"
          % (loop.args.repeat, base, best, fluid, ratio(fluid, base), ratio(fluid, best)))
    print(".text bytes of %s: O2 %d, O3 %d, fluid %d; fluid/O2 %s"
          % (loop.binary, loop.text["O2"], loop.text["O3"], loop.text["fluid"],
             ratio(loop.text["fluid"], loop.text["O2"])))
    print("report: %s" % os.path.join(loop.out, "report.md"))

"""report.py - report.md for the kernel loop, with its chart and call graph.

    write_kernel_report(run, steps)   run: a KernelRun, plain data that
                                      kernel.Loop.report_data() fills

Every number comes from this run: cycles from the serial logs' run tables,
.text from llvm-size, levels and reasons from the plan, self shares, calls
and edges from the profile.
"""
import json
import os
from dataclasses import dataclass
from typing import Optional

from . import figures, flame
from .steps import StepFailed
from .tools import tool_output

TOP_FUNCTIONS = 15


def _n(value):
    return "{:,}".format(value)


def _ratio(a, b):
    return "%.3f" % (a / b) if b else "-"


def _level_counts(plan):
    counts = {}
    for f in plan["functions"]:
        counts[f["level"]] = counts.get(f["level"], 0) + 1
    order = ["O3", "O2", "O1", "O0", "Os", "Oz"]
    return ", ".join("%d %s" % (counts[l], l) for l in order if l in counts)


def _verdict(value, target):
    if value <= target:
        return "met"
    return "missed by %.1f%%" % (100 * (value / target - 1))


@dataclass
class Search:
    """--search: its goal ("targets" or "cycles") and its tries, dicts:
    function, from, to, cycles, text, base_cycles, base_text, kept."""
    goal: str
    tries: list


@dataclass
class MeasuredFigures:
    """The measured policy's figures (measured.Measured.figures())."""
    goal: str                 # the goal in words
    levels: list              # the levels measured
    scale: dict               # level -> kernel cycles per profiled cycle
    untimed_level: str
    mixed: bool               # --refine=mixed
    rounds: list              # dicts: round, budget, predicted_*, holds, kernel
    frontier_asked: int       # --frontier N
    frontier: list            # dicts: budget, predicted_*, kernel
    predicted_frontier: list  # (text, cycles) of plans solved, not built


@dataclass
class KernelRun:
    """What the kernel report shows: this run's kernels (kernel.Kernel:
    name, elf, image, modules, cycles, text), the plan and profile paths,
    the command line's settings and each section's figures."""
    out: str
    arch: str
    cmdline: str
    fluid_cpu: Optional[str]
    cflags: str
    policy: str
    base_level: str           # the Fluid build's command-line level
    uniform: list             # the uniform kernels, in --variants order
    kernels: dict             # name ("-O3", ...) -> kernel, every one booted
    fluid: object             # the Fluid kernel shown
    plan: str                 # its plan
    profile: str              # the report's profile
    rounds: list              # shares, bareflow: dicts round, plan, kernel, gain
    rounds_asked: int         # --rounds
    search: Optional[Search]
    measured: Optional[MeasuredFigures]
    flame_profile: Optional[str]  # the contexts kernel's profile (None: not drawn)
    contexts_level: str
    llvm_nm: str
    llvm_cxxfilt: str


def _row(cells):
    return "| %s |" % " | ".join(cells)


def _function_sizes(steps, llvm_nm, elf):
    """{function: bytes} of the code symbols of a kernel (llvm-nm)."""
    out = tool_output(steps, [llvm_nm, "--print-size", "--radix=d", elf])
    sizes = {}
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 4 and fields[2] in ("t", "T", "W", "w"):
            sizes[fields[3]] = sizes.get(fields[3], 0) + int(fields[1])
    return sizes


def _slower_modules(fluid, o3):
    lines = ["Modules slower than in the -O3 kernel (%s cycles in all):"
             % _n(fluid.cycles - o3.cycles), "",
             "| module | Fluid | -O3 | difference |", "|---|---:|---:|---:|"]
    o3_cycles = {m[0]: m[2] for m in o3.modules}
    slower = sorted(((m[2] - o3_cycles.get(m[0], m[2]), m) for m in fluid.modules),
                    key=lambda item: -item[0])
    for delta, m in slower:
        if delta > 0:
            lines.append("| %s | %s | %s | +%s |" % (m[0], _n(m[2]), _n(o3_cycles[m[0]]),
                                                     _n(delta)))
    return lines + [""]


def _larger_functions(run, steps, os_):
    fluid = run.fluid
    mine = _function_sizes(steps, run.llvm_nm, fluid.elf)
    theirs = _function_sizes(steps, run.llvm_nm, os_.elf)
    larger = sorted(((size - theirs.get(name, 0), name, size) for name, size in mine.items()),
                    key=lambda item: (-item[0], item[1]))
    lines = ["Functions with more code than in the -Os kernel (`llvm-nm --print-size`; "
             "0 in -Os: inlined there), the ten largest differences of %s bytes of .text "
             "in all:" % _n(fluid.text - os_.text), "",
             "| function | Fluid bytes | -Os bytes | difference | level |",
             "|---|---:|---:|---:|---|"]
    with open(run.plan) as f:
        levels = {}
        for entry in json.load(f)["functions"]:
            levels[entry["name"].split(":")[-1]] = entry["level"]
    for delta, name, size in larger[:10]:
        if delta <= 0:
            break
        lines.append("| `%s` | %s | %s | +%s | %s |" % (
            name, _n(size), _n(theirs.get(name, 0)), _n(delta),
            levels.get(name, "-" + run.base_level)))
    return lines + [""]


def gaps(run, steps):
    """Where the Fluid kernel misses a target: the modules that lose cycles
    against -O3, the functions whose code is larger than in -Os."""
    o3, os_ = run.kernels.get("-O3"), run.kernels.get("-Os")
    if not o3 or not os_:
        return []
    cycles_missed = run.fluid.cycles > o3.cycles
    text_missed = run.fluid.text > os_.text
    if not cycles_missed and not text_missed:
        return []
    lines = ["## Where the targets are missed", ""]
    if cycles_missed:
        lines += _slower_modules(run.fluid, o3)
    if text_missed:
        lines += _larger_functions(run, steps, os_)
    return lines


def _error(measured, predicted):
    return "%+.2f%%" % (100.0 * (measured - predicted) / predicted) if predicted else "-"


def _model_cells(entry, errors):
    """Predicted and measured cycles, then .text (each with the model's
    error if `errors`), of a round or a frontier kernel; then its path."""
    kernel, cells = entry["kernel"], []
    for predicted, measured in ((entry["predicted_cycles"], kernel.cycles),
                                (entry["predicted_text"], kernel.text)):
        cells += [_n(predicted), _n(measured)] + ([_error(measured, predicted)] if errors
                                                   else [])
    return cells


def _kernel_cell(kernel, out):
    return "`%s`" % os.path.relpath(kernel.elf, out)


def _model_text(m):
    return (
        "Goal: %s. Cost tables from instrumented (post-inline) kernels at %s and the "
        "uniform kernels' symbol sizes (`fluid-prof optimize`, `measured-LEVEL.profile.json`, "
        "`planN.costs.json`); code no profile times is built at -%s. Predicted cycles are "
        "each unit's profiled self cycles at its level times that level's kernel cycles "
        "per profiled cycle (%s); predicted .text is each unit's bytes at its level plus "
        "the bytes no function owns at -%s. Each round's error is measured against "
        "predicted; a round after the first asks for the bytes (or cycles) the model "
        "missed%s." % (
            m.goal, ", ".join("-" + l for l in m.levels), m.untimed_level,
            ", ".join("-%s %.3f" % (l, m.scale[l]) for l in m.levels),
            m.untimed_level,
            ", from a table corrected unit by unit by the round before's plan built "
            "instrumented with its levels (`--refine=mixed`: `mixed-roundN.profile.json`, "
            "`fluid-prof optimize --mixed-profile`)" if m.mixed else ""))


def measured_section(run):
    """The measured policy: goal, rounds (predicted against measured: the
    model's error), the frontier and its chart."""
    m = run.measured
    lines = ["## The measured model", "", _model_text(m), "",
             "| round | budget | predicted cycles | measured cycles | error | predicted .text "
             "| measured .text | error | budgets held | kernel |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for r in m.rounds:
        budget = _n(r["budget"]) if isinstance(r["budget"], int) else r["budget"]
        lines.append(_row(["%d" % r["round"], budget] + _model_cells(r, True) +
                          ["yes" if r["holds"] else "no", _kernel_cell(r["kernel"], run.out)]))
    lines.append("")
    if m.frontier:
        lines += ["Frontier (`--frontier %d`): one kernel per .text budget, each planned, "
                  "built and booted:" % m.frontier_asked, "",
                  "| budget | predicted cycles | measured cycles | predicted .text "
                  "| measured .text | kernel |", "|---:|---:|---:|---:|---:|---|"]
        for f in m.frontier:
            lines.append(_row([_n(f["budget"])] + _model_cells(f, False) +
                              [_kernel_cell(f["kernel"], run.out)]))
        lines.append("")
    return lines + ["![cycles against .text: uniform kernels, the model's frontier, "
                    "Fluid's kernels](frontier.svg)", ""]


def measured_chart(run):
    m = run.measured
    uniform = [(k.name, k.text, k.cycles) for k in run.uniform]
    measured = [(r["kernel"].text, r["kernel"].cycles) for r in m.rounds] + \
        [(f["kernel"].text, f["kernel"].cycles) for f in m.frontier]
    figures.frontier_chart(os.path.join(run.out, "frontier.svg"), uniform,
                           m.predicted_frontier, measured, (run.fluid.text, run.fluid.cycles),
                           "Test kernel (%s): cycles against .text, measured policy"
                           % run.arch)


def flame_section(run, plan):
    """The flame graph (flame.py) of the contexts kernel's profile, filled
    by the Fluid kernel's plan."""
    profiles = None
    if run.flame_profile is not None:
        with open(run.flame_profile) as f:
            profiles = [json.load(f)]
    how = ("Drawn from `%s`, the profile of one more kernel (`contexts/`) instrumented "
           "at -%s with calling contexts and booted once under `-icount shift=0`; its "
           "cycles are not among the figures above" % (
               os.path.basename(run.flame_profile or ""), run.contexts_level))
    try:
        return flame.report_section(
            run.out, profiles, {f["name"]: f["level"] for f in plan["functions"]},
            "Test kernel (%s): calling contexts, coloured by the Fluid kernel's levels"
            % run.arch, how, demangler=run.llvm_cxxfilt)
    except figures.FigureError as error:
        raise StepFailed("the flame graph of %s: %s" % (run.flame_profile, error))


def _variants(run):
    return run.uniform + [run.fluid]


def _name(run, kernel):
    return "Fluid" if kernel is run.fluid else kernel.name


def _header(run):
    return [
        "# Fluid rebuild report: test kernel, %s" % run.arch, "",
        "Every kernel booted under QEMU with `-icount shift=0`: a cycle is one guest "
        "instruction, so each figure below is exact and reproduces to the instruction. "
        "Command line: `%s`%s%s." % (run.cmdline or "(default: every module)",
                                     ", CPU model `%s`" % run.fluid_cpu if run.fluid_cpu else "",
                                     ", extra flags `%s`" % run.cflags if run.cflags else ""),
        "",
        "Plan policy: **%s** (%s)." % (
            run.policy, "fluid-prof optimize, goal: " + run.measured.goal
            if run.measured is not None else "fluid-prof plan over the -O2 profile"), ""]


def _ratios(run):
    fluid, kernels, lines = run.fluid, run.kernels, []
    if "-O3" in kernels:
        r = fluid.cycles / kernels["-O3"].cycles
        lines.append("- Fluid cycles / -O3 cycles: **%.3f** (target <= 1: %s)"
                     % (r, _verdict(r, 1.0)))
    if "-Os" in kernels:
        r = fluid.text / kernels["-Os"].text
        lines.append("- Fluid .text / -Os .text: **%.3f** (target <= 1: %s)"
                     % (r, _verdict(r, 1.0)))
    if "-O2" in kernels:
        lines.append("- Fluid against -O2: cycles %s, .text %s" % (
            _ratio(fluid.cycles, kernels["-O2"].cycles),
            _ratio(fluid.text, kernels["-O2"].text)))
    return lines


def _summary(run):
    lines = ["## Summary", "", "| variant | total cycles | .text bytes | checksums | kernel |",
             "|---|---:|---:|---|---|"]
    for k in _variants(run):
        ok = sum(1 for m in k.modules if m[4] == "OK")
        lines.append("| %s | %s | %s | %d/%d OK | %s |" % (
            "**Fluid**" if k is run.fluid else k.name, _n(k.cycles), _n(k.text), ok,
            len(k.modules), _kernel_cell(k, run.out)))
    return lines + [""] + _ratios(run) + ["", "![cycles and .text per variant](chart.svg)", ""]


def _modules(run):
    variants, fluid = _variants(run), run.fluid
    lines = ["## Cycles per module", "",
             "| module | " + " | ".join(_name(run, k) for k in variants) + " |",
             "|---|" + "---:|" * len(variants)]
    for index, name in enumerate(m[0] for m in fluid.modules):
        row = []
        for k in variants:
            m = k.modules[index] if index < len(k.modules) else None
            row.append(_n(m[2]) if m and m[0] == name else "-")
        lines.append("| %s | %s |" % (name, " | ".join(row)))
    return lines + [
        "| **total** | " + " | ".join(_n(k.cycles) for k in variants) + " |", "",
        "Checksums (identical in every variant, each checked by the kernel): " +
        ", ".join("%s `%s`" % (m[0], m[3]) for m in fluid.modules) + ".", ""]


def _plan(run, plan):
    lines = ["## The plan", "",
             "`plan.json` (**%s** policy): %d functions: %s. Functions the plan does not "
             "name (kernel code the profile does not time) are compiled at the command "
             "line's level, -%s." % (plan["policy"], len(plan["functions"]),
                                     _level_counts(plan), run.base_level), "",
             "| function | self share | calls | level | why |", "|---|---:|---:|---|---|"]
    total_self = plan.get("total_self_cycles") or 1
    top = sorted(plan["functions"], key=lambda f: (-f["self_cycles"], f["name"]))[:TOP_FUNCTIONS]
    for f in top:
        lines.append("| `%s` | %.2f%% | %s | %s | %s |" % (
            f["name"], 100.0 * f["self_cycles"] / total_self, _n(f["calls"]), f["level"],
            f["reason"].replace("|", "\\|")))
    return lines + ["", "![hot call graph: node size is self share, label the level]"
                        "(callgraph.svg)", ""]


def _rounds(run):
    if run.measured is not None or (len(run.rounds) <= 1 and run.rounds_asked <= 1):
        return []
    lines = ["## Rounds", "", "| round | total cycles | .text bytes | gain | plan |",
             "|---:|---:|---:|---:|---|"]
    for r in run.rounds:
        with open(r["plan"]) as f:
            counts = _level_counts(json.load(f))
        lines.append("| %d | %s | %s | %s | %s |" % (
            r["round"], _n(r["kernel"].cycles), _n(r["kernel"].text),
            "%.2f%%" % (100 * r["gain"]) if "gain" in r else "-", counts))
    return lines + [""]


def _search(search):
    if search is None:
        return []
    lines = ["## Search", "",
             "One function at a time, each other level, each try a kernel built and booted: "
             + ("kept when the sum of the two target ratios (cycles against -O3, .text "
                "against -Os) drops: a level that saves a larger share of .text than it "
                "costs in cycles, or the reverse." if search.goal == "targets" else
                "kept when the cycles drop, or the .text drops at equal cycles."), "",
             "| try | function | level | cycles | .text | against | kept |",
             "|---:|---|---|---:|---:|---|---|"]
    for number, t in enumerate(search.tries, 1):
        lines.append("| %d | `%s` | %s -> %s | %s | %s | %s / %s | %s |" % (
            number, t["function"], t["from"], t["to"], _n(t["cycles"]), _n(t["text"]),
            _n(t["base_cycles"]), _n(t["base_text"]), "yes" if t["kept"] else "no"))
    if not search.tries:
        lines.append("| - | (no function with self cycles) | | | | | |")
    return lines + [""]


def _reproduce(run):
    i386 = run.arch == "i386"
    return [
        "## Reproduce", "",
        "    scripts/qemu-run %s %s%s" % (
            "--image" if i386 else "--kernel",
            os.path.relpath(run.fluid.image if i386 else run.fluid.elf, run.out),
            " --cmdline '%s'" % run.cmdline if run.cmdline else ""), "",
        "boots the Fluid kernel (paths relative to this directory); each uniform variant "
        "sits in its own directory (`O0` .. `Oz`), the instrumented one in "
        "`instrumented`, every serial log beside its kernel. `%s` is the profile, "
        "`plan.json` the plan the Fluid kernel was built from."
        % os.path.relpath(run.profile, run.out), ""]


def _pictures(run, plan):
    """chart.svg, callgraph.svg and (measured) frontier.svg."""
    figures.variant_chart(
        os.path.join(run.out, "chart.svg"),
        [{"name": _name(run, k), "cycles": k.cycles, "text_bytes": k.text}
         for k in _variants(run)],
        "Test kernel (%s): cycles and .text per variant" % run.arch)
    with open(run.profile) as f:
        profile = json.load(f)
    levels = {(f["name"]): f["level"] for f in plan["functions"]}
    total = sum(f["self_cycles"] for f in profile["functions"]) or 1
    functions = [{"name": f["name"], "self_cycles": f["self_cycles"],
                  "share": f["self_cycles"] / total, "calls": f["calls"],
                  "total_cycles": f["total_cycles"],
                  "level": levels.get(f["name"], "-" + run.base_level)}
                 for f in profile["functions"]]
    figures.call_graph(os.path.join(run.out, "callgraph.svg"), functions, profile["edges"])
    if run.measured is not None:
        measured_chart(run)


def write_kernel_report(run, steps):
    """OUT/report.md and its pictures from `run` (a KernelRun); `steps`
    runs llvm-nm for the missed targets' table. Returns the report's path."""
    with open(run.plan) as f:
        plan = json.load(f)
    lines = _header(run) + _summary(run)
    if run.measured is not None:
        lines += measured_section(run)
    lines += _modules(run) + _plan(run, plan) + flame_section(run, plan) + gaps(run, steps)
    lines += _rounds(run) + _search(run.search) + _reproduce(run)
    path = os.path.join(run.out, "report.md")
    with open(path, "w") as f:
        f.write("\n".join(lines))
    _pictures(run, plan)
    return path

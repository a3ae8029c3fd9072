"""report.py - report.md for the kernel loop, with its chart and call graph.

Every number comes from this run: cycles from the serial logs' run tables,
.text from llvm-size, levels and reasons from the plan, self shares, calls
and edges from the profile.
"""
import json
import os

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


def _function_sizes(loop, elf):
    """{function: bytes} of the code symbols of a kernel (llvm-nm)."""
    out = tool_output(loop.steps, [loop.tools.llvm_nm, "--print-size", "--radix=d", elf])
    sizes = {}
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 4 and fields[2] in ("t", "T", "W", "w"):
            sizes[fields[3]] = sizes.get(fields[3], 0) + int(fields[1])
    return sizes


def gaps(loop, fluid, add):
    """Where the Fluid kernel misses a target: the modules that lose cycles
    against -O3, the functions whose code is larger than in -Os."""
    o3, os_ = loop.kernels.get("-O3"), loop.kernels.get("-Os")
    if not o3 or not os_:
        return
    cycles_missed = fluid.cycles > o3.cycles
    text_missed = fluid.text > os_.text
    if not cycles_missed and not text_missed:
        return
    add("## Where the targets are missed")
    add("")
    if cycles_missed:
        add("Modules slower than in the -O3 kernel (%s cycles in all):" %
            _n(fluid.cycles - o3.cycles))
        add("")
        add("| module | Fluid | -O3 | difference |")
        add("|---|---:|---:|---:|")
        o3_cycles = {m[0]: m[2] for m in o3.modules}
        slower = sorted(((m[2] - o3_cycles.get(m[0], m[2]), m) for m in fluid.modules),
                        key=lambda item: -item[0])
        for delta, m in slower:
            if delta > 0:
                add("| %s | %s | %s | +%s |" % (m[0], _n(m[2]), _n(o3_cycles[m[0]]), _n(delta)))
        add("")
    if text_missed:
        mine, theirs = _function_sizes(loop, fluid.elf), _function_sizes(loop, os_.elf)
        larger = sorted(((size - theirs.get(name, 0), name, size) for name, size in mine.items()),
                        key=lambda item: (-item[0], item[1]))
        add("Functions with more code than in the -Os kernel (`llvm-nm --print-size`; "
            "0 in -Os: inlined there), the ten largest differences of %s bytes of .text "
            "in all:" % _n(fluid.text - os_.text))
        add("")
        add("| function | Fluid bytes | -Os bytes | difference | level |")
        add("|---|---:|---:|---:|---|")
        with open(loop.final_plan) as f:
            levels = {}
            for entry in json.load(f)["functions"]:
                levels[entry["name"].split(":")[-1]] = entry["level"]
        for delta, name, size in larger[:10]:
            if delta <= 0:
                break
            add("| `%s` | %s | %s | +%s | %s |" % (name, _n(size), _n(theirs.get(name, 0)),
                                                    _n(delta), levels.get(name, "-" + loop.args.base_level)))
        add("")


def _error(measured, predicted):
    return "%+.2f%%" % (100.0 * (measured - predicted) / predicted) if predicted else "-"


def measured_section(loop, add):
    """The measured policy: goal, rounds (predicted against measured: the
    model's error), the frontier and its chart."""
    m = loop.measured
    add("## The measured model")
    add("")
    add("Goal: %s. Cost tables from instrumented (post-inline) kernels at %s and the "
        "uniform kernels' symbol sizes (`fluid-prof optimize`, `measured-LEVEL.profile.json`, "
        "`planN.costs.json`); code no profile times is built at -%s. Predicted cycles are "
        "each unit's profiled self cycles at its level times that level's kernel cycles "
        "per profiled cycle (%s); predicted .text is each unit's bytes at its level plus "
        "the bytes no function owns at -%s. Each round's error is measured against "
        "predicted; a round after the first asks for the bytes (or cycles) the model "
        "missed%s." % (
            m.goal_text(), ", ".join("-" + l for l in m.levels), loop.args.untimed_level,
            ", ".join("-%s %.3f" % (l, m.scale[l]) for l in m.levels),
            loop.args.untimed_level,
            ", from a table corrected unit by unit by the round before's plan built "
            "instrumented with its levels (`--refine=mixed`: `mixed-roundN.profile.json`, "
            "`fluid-prof optimize --mixed-profile`)" if loop.args.refine == "mixed" else ""))
    add("")
    add("| round | budget | predicted cycles | measured cycles | error | predicted .text "
        "| measured .text | error | budgets held | kernel |")
    add("|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for r in m.rounds:
        k = r["kernel"]
        add("| %d | %s | %s | %s | %s | %s | %s | %s | %s | `%s` |" % (
            r["round"], _n(r["budget"]) if isinstance(r["budget"], int) else r["budget"],
            _n(r["predicted_cycles"]), _n(k.cycles), _error(k.cycles, r["predicted_cycles"]),
            _n(r["predicted_text"]), _n(k.text), _error(k.text, r["predicted_text"]),
            "yes" if r["holds"] else "no", os.path.relpath(k.elf, loop.out)))
    add("")
    if m.frontier:
        add("Frontier (`--frontier %d`): one kernel per .text budget, each planned, built "
            "and booted:" % loop.args.frontier)
        add("")
        add("| budget | predicted cycles | measured cycles | predicted .text | measured .text "
            "| kernel |")
        add("|---:|---:|---:|---:|---:|---|")
        for f in m.frontier:
            k = f["kernel"]
            add("| %s | %s | %s | %s | %s | `%s` |" % (
                _n(f["budget"]), _n(f["predicted_cycles"]), _n(k.cycles),
                _n(f["predicted_text"]), _n(k.text), os.path.relpath(k.elf, loop.out)))
        add("")
    add("![cycles against .text: uniform kernels, the model's frontier, Fluid's kernels]"
        "(frontier.svg)")
    add("")


def measured_chart(loop):
    m = loop.measured
    uniform = [(k.name, k.text, k.cycles) for k in
               (loop.kernels["-" + v] for v in loop.args.variants)]
    measured = [(r["kernel"].text, r["kernel"].cycles) for r in m.rounds] + \
        [(f["kernel"].text, f["kernel"].cycles) for f in m.frontier]
    figures.frontier_chart(os.path.join(loop.out, "frontier.svg"), uniform,
                           m.predicted_frontier, measured, (loop.final.text, loop.final.cycles),
                           "Test kernel (%s): cycles against .text, measured policy"
                           % loop.args.arch)


def flame_section(loop, plan):
    """The flame graph (flame.py) of the contexts kernel's profile, filled
    by the Fluid kernel's plan."""
    profiles = None
    if loop.flame_profile is not None:
        with open(loop.flame_profile) as f:
            profiles = [json.load(f)]
    how = ("Drawn from `%s`, the profile of one more kernel (`contexts/`) instrumented "
           "at -%s with calling contexts and booted once under `-icount shift=0`; its "
           "cycles are not among the figures above" % (
               os.path.basename(loop.flame_profile or ""), getattr(loop, "contexts_level", "")))
    try:
        return flame.report_section(
            loop.out, profiles, {f["name"]: f["level"] for f in plan["functions"]},
            "Test kernel (%s): calling contexts, coloured by the Fluid kernel's levels"
            % loop.args.arch, how, demangler=loop.tools.llvm_cxxfilt)
    except figures.FigureError as error:
        raise StepFailed("the flame graph of %s: %s" % (loop.flame_profile, error))


def write_kernel_report(loop):
    out = loop.out
    args = loop.args
    fluid = loop.final
    uniform = [loop.kernels["-" + v] for v in args.variants]
    variants = uniform + [fluid]
    with open(loop.final_plan) as f:
        plan = json.load(f)
    with open(loop.rounds[0]["profile"]) as f:
        profile = json.load(f)

    lines = []
    add = lines.append
    add("# Fluid rebuild report: test kernel, %s" % args.arch)
    add("")
    add("Every kernel booted under QEMU with `-icount shift=0`: a cycle is one guest "
        "instruction, so each figure below is exact and reproduces to the instruction. "
        "Command line: `%s`%s%s." % (args.cmdline or "(default: every module)",
                                     ", CPU model `%s`" % args.fluid_cpu if args.fluid_cpu else "",
                                     ", extra flags `%s`" % args.cflags if args.cflags else ""))
    add("")
    add("Plan policy: **%s** (%s)." % (
        args.policy, "fluid-prof optimize, goal: " + loop.measured.goal_text()
        if loop.measured is not None else "fluid-prof plan over the -O2 profile"))
    add("")
    add("## Summary")
    add("")
    add("| variant | total cycles | .text bytes | checksums | kernel |")
    add("|---|---:|---:|---|---|")
    for k in variants:
        ok = sum(1 for m in k.modules if m[4] == "OK")
        add("| %s | %s | %s | %d/%d OK | `%s` |" % (
            "**Fluid**" if k is fluid else k.name, _n(k.cycles), _n(k.text), ok,
            len(k.modules), os.path.relpath(k.elf, out)))
    add("")
    ratios = []
    if "-O3" in loop.kernels:
        r = fluid.cycles / loop.kernels["-O3"].cycles
        ratios.append("- Fluid cycles / -O3 cycles: **%.3f** (target <= 1: %s)" % (r, _verdict(r, 1.0)))
    if "-Os" in loop.kernels:
        r = fluid.text / loop.kernels["-Os"].text
        ratios.append("- Fluid .text / -Os .text: **%.3f** (target <= 1: %s)" % (r, _verdict(r, 1.0)))
    if "-O2" in loop.kernels:
        ratios.append("- Fluid against -O2: cycles %s, .text %s" % (
            _ratio(fluid.cycles, loop.kernels["-O2"].cycles),
            _ratio(fluid.text, loop.kernels["-O2"].text)))
    lines.extend(ratios)
    add("")
    add("![cycles and .text per variant](chart.svg)")
    add("")

    if loop.measured is not None:
        measured_section(loop, add)

    add("## Cycles per module")
    add("")
    add("| module | " + " | ".join("Fluid" if k is fluid else k.name for k in variants) + " |")
    add("|---|" + "---:|" * len(variants))
    names = [m[0] for m in fluid.modules]
    for index, name in enumerate(names):
        row = []
        for k in variants:
            m = k.modules[index] if index < len(k.modules) else None
            row.append(_n(m[2]) if m and m[0] == name else "-")
        add("| %s | %s |" % (name, " | ".join(row)))
    add("| **total** | " + " | ".join(_n(k.cycles) for k in variants) + " |")
    add("")
    add("Checksums (identical in every variant, each checked by the kernel): " +
        ", ".join("%s `%s`" % (m[0], m[3]) for m in fluid.modules) + ".")
    add("")

    add("## The plan")
    add("")
    add("`plan.json` (**%s** policy): %d functions: %s. Functions the plan does not name "
        "(kernel code the profile does not time) are compiled at the command line's "
        "level, -%s." % (plan["policy"], len(plan["functions"]), _level_counts(plan),
                          args.base_level))
    add("")
    total_self = plan.get("total_self_cycles") or 1
    add("| function | self share | calls | level | why |")
    add("|---|---:|---:|---|---|")
    top = sorted(plan["functions"], key=lambda f: (-f["self_cycles"], f["name"]))[:TOP_FUNCTIONS]
    for f in top:
        add("| `%s` | %.2f%% | %s | %s | %s |" % (
            f["name"], 100.0 * f["self_cycles"] / total_self, _n(f["calls"]), f["level"],
            f["reason"].replace("|", "\\|")))
    add("")
    add("![hot call graph: node size is self share, label the level](callgraph.svg)")
    add("")

    lines.extend(flame_section(loop, plan))

    gaps(loop, fluid, add)

    if loop.measured is None and (len(loop.rounds) > 1 or args.rounds > 1):
        add("## Rounds")
        add("")
        add("| round | total cycles | .text bytes | gain | plan |")
        add("|---:|---:|---:|---:|---|")
        for r in loop.rounds:
            with open(r["plan"]) as f:
                counts = _level_counts(json.load(f))
            add("| %d | %s | %s | %s | %s |" % (
                r["round"], _n(r["kernel"].cycles), _n(r["kernel"].text),
                "%.2f%%" % (100 * r["gain"]) if "gain" in r else "-", counts))
        add("")
    if args.search:
        add("## Search")
        add("")
        add("One function at a time, each other level, each try a kernel built and booted: "
            + ("kept when the sum of the two target ratios (cycles against -O3, .text "
               "against -Os) drops: a level that saves a larger share of .text than it "
               "costs in cycles, or the reverse." if loop.search_goal == "targets" else
               "kept when the cycles drop, or the .text drops at equal cycles."))
        add("")
        add("| try | function | level | cycles | .text | against | kept |")
        add("|---:|---|---|---:|---:|---|---|")
        for number, t in enumerate(loop.tries, 1):
            add("| %d | `%s` | %s -> %s | %s | %s | %s / %s | %s |" % (
                number, t["function"], t["from"], t["to"], _n(t["cycles"]), _n(t["text"]),
                _n(t["base_cycles"]), _n(t["base_text"]), "yes" if t["kept"] else "no"))
        if not loop.tries:
            add("| - | (no function with self cycles) | | | | | |")
        add("")

    add("## Reproduce")
    add("")
    add("    scripts/qemu-run %s %s%s" % (
        "--image" if args.arch == "i386" else "--kernel",
        os.path.relpath(fluid.image if args.arch == "i386" else fluid.elf, out),
        " --cmdline '%s'" % args.cmdline if args.cmdline else ""))
    add("")
    add("boots the Fluid kernel (paths relative to this directory); each uniform variant "
        "sits in its own directory (`O0` .. `Oz`), the instrumented one in "
        "`instrumented`, every serial log beside its kernel. `%s` is the profile, "
        "`plan.json` the plan the Fluid kernel was built from." % os.path.relpath(
            loop.rounds[0]["profile"], out))
    add("")

    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("\n".join(lines))

    figures.variant_chart(
        os.path.join(out, "chart.svg"),
        [{"name": "Fluid" if k is fluid else k.name, "cycles": k.cycles, "text_bytes": k.text}
         for k in variants],
        "Test kernel (%s): cycles and .text per variant" % args.arch)
    levels = {(f["name"]): f["level"] for f in plan["functions"]}
    total = sum(f["self_cycles"] for f in profile["functions"]) or 1
    functions = [{"name": f["name"], "self_cycles": f["self_cycles"],
                  "share": f["self_cycles"] / total, "calls": f["calls"],
                  "total_cycles": f["total_cycles"], "level": levels.get(f["name"], "-" + args.base_level)}
                 for f in profile["functions"]]
    figures.call_graph(os.path.join(out, "callgraph.svg"), functions, profile["edges"])
    if loop.measured is not None:
        measured_chart(loop)
    return os.path.join(out, "report.md")

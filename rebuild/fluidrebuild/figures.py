"""figures.py - the report's pictures but the flame graph (flame.py), all
SVG and all deterministic.

    variant_chart(path, variants, title)        matplotlib: cycles and .text
                                                per build variant, Fluid's bar
                                                highlighted
    call_graph(path, functions, edges, top=12)  Graphviz dot: the hot
                                                functions, sized by share of
                                                self cycles, coloured by level
    frontier_chart(path, uniform, model, measured, chosen, title)
                                                matplotlib: cycles against
                                                .text, the measured policy's
                                                kernels and model

    matplotlib_for(what), svg_style(size), svg_bytes(figure, title)
                                                what every matplotlib picture
                                                (flame.py's too) is drawn with

Same input, same bytes: the chart fixes matplotlib's SVG hash salt and drops
the date, the graph sorts every input and names nodes n0, n1, ... so that
function names (C++ ones included) appear only inside escaped labels.
Anything that keeps a picture from being drawn raises FigureError, a
StepFailed whose str() is one line for the user (main() prints it).
"""
import io
import math
import os
import subprocess

from .steps import StepFailed

# Fill colours by optimisation level: hot levels warm, size levels cool
# (ColorBrewer RdYlBu), -O0 neutral grey. Dark fills get white text.
LEVEL_COLOURS = [
    ("O3", "#fc8d59", "black"),
    ("O2", "#fee090", "black"),
    ("O1", "#ffffbf", "black"),
    ("O0", "#d9d9d9", "black"),
    ("Os", "#91bfdb", "black"),
    ("Oz", "#4575b4", "white"),
]
UNKNOWN_COLOUR = ("#ffffff", "black")
FONT = "Helvetica,Arial,sans-serif"

# The chart: uniform bars muted, Fluid's bar the one colour that stands out.
UNIFORM_BAR = "#9fb3c8"
FLUID_BAR = "#e4572e"
REFERENCE_LINE = "#333333"


class FigureError(StepFailed):
    """A picture could not be drawn; str() is the one-line message."""


def _one_line(text):
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0] if lines else "no message"


def _atomic_write(path, data):
    """Writes bytes to path through a temporary file, so a failure never
    leaves half a picture behind."""
    temporary = path + ".tmp"
    try:
        with open(temporary, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError as error:
        raise FigureError("cannot write %s: %s" % (path, error.strerror or error))


def matplotlib_for(what):
    """matplotlib (its figure and ticker modules loaded), imported only when
    a picture is drawn; a missing one is a FigureError naming `what`."""
    try:
        import matplotlib
        import matplotlib.figure
        import matplotlib.ticker
    except ImportError as error:
        raise FigureError("%s: matplotlib is missing (%s); install python3-matplotlib"
                          % (what, _one_line(error)))
    return matplotlib


def svg_style(font_size):
    """matplotlib's settings for a picture whose bytes depend on its input
    only: a fixed SVG hash salt, and text kept as text (svg.fonttype none),
    so the report's numbers can be searched."""
    return {"svg.hashsalt": "fluid-rebuild", "svg.fonttype": "none",
            "font.family": "sans-serif", "font.size": font_size}


def svg_bytes(figure, title):
    """The figure as SVG, without a date."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Title": str(title)})
    return buffer.getvalue()


def _percent(share):
    percent = share * 100.0
    if percent == 0:
        return "0%"
    if percent < 0.1:
        return "<0.1%"
    return "%.1f%%" % percent


def _level_name(level):
    """"-O3" and "O3" are the same level."""
    return str(level or "?").lstrip("-") or "?"


def _level_colours(level):
    for name, fill, font in LEVEL_COLOURS:
        if name == level:
            return fill, font
    return UNKNOWN_COLOUR


# ---------------------------------------------------------------- the chart

def _check_variants(variants):
    if not variants:
        raise FigureError("chart: no variants to draw")
    for number, variant in enumerate(variants, 1):
        for key in ("name", "cycles", "text_bytes"):
            if key not in variant:
                raise FigureError("chart: variant %d has no '%s'" % (number, key))
        for key in ("cycles", "text_bytes"):
            if not isinstance(variant[key], int) or variant[key] < 0:
                raise FigureError("chart: variant '%s' has %s %r, not a count"
                                  % (variant["name"], key, variant[key]))


def _bar_label(value, best, is_fluid):
    """The value, and for Fluid how far it is from the best uniform one."""
    text = "{:,}".format(value)
    if is_fluid and best:
        change = (value - best) * 100.0 / best
        text += " (%s%.1f%%)" % ("\u2212" if change < 0 else "+", abs(change))
    return text


def _panel(axes, names, values, fluid, heading):
    """One horizontal bar panel, variants top to bottom in display order."""
    rows = list(range(len(names)))
    colours = [FLUID_BAR if i in fluid else UNIFORM_BAR for i in rows]
    axes.barh(rows, values, height=0.62, color=colours, zorder=2)
    uniform = [(values[i], names[i]) for i in rows if i not in fluid]
    best = min(uniform)[0] if uniform else None
    for i in rows:
        axes.text(values[i], i, "  " + _bar_label(values[i], best, i in fluid),
                  va="center", ha="left", fontsize=9,
                  fontweight="bold" if i in fluid else "normal", zorder=3)
    if best is not None:
        best_name = min(uniform)[1]
        axes.axvline(best, color=REFERENCE_LINE, linestyle="--", linewidth=1, zorder=4)
        axes.text(best, -0.75, " best uniform (%s)" % best_name, fontsize=8,
                  color=REFERENCE_LINE, va="bottom", ha="left")
    axes.set_yticks(rows)
    axes.set_yticklabels(names)
    for i in fluid:
        axes.get_yticklabels()[i].set_fontweight("bold")
    axes.set_ylim(len(names) - 0.5, -1.0)
    # Room on the right for the longest label; bars start at zero so their
    # lengths compare honestly.
    axes.set_xlim(0, max(max(values), 1) * 1.45)
    axes.set_title(heading, fontsize=10, loc="left")
    axes.grid(axis="x", color="#e6e6e6", zorder=0)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="y", length=0)


def variant_chart(path, variants, title):
    """Writes an SVG chart to `path`: per variant (dicts in display order with
    name, cycles, text_bytes) a bar in each of two panels, total cycles and
    .text bytes, each labelled with its value; the variant named "Fluid" is
    highlighted and labelled with its change from the best uniform variant,
    which a dashed line marks in each panel."""
    _check_variants(variants)
    matplotlib = matplotlib_for("chart")
    names = [str(v["name"]) for v in variants]
    fluid = {i for i, name in enumerate(names) if name == "Fluid"}
    with matplotlib.rc_context(svg_style(9)):
        figure = matplotlib.figure.Figure(figsize=(11, 1.3 + 0.42 * len(variants)))
        left, right = figure.subplots(1, 2)
        _panel(left, names, [v["cycles"] for v in variants], fluid,
               "Total cycles (guest instructions, all modules; lower is better)")
        _panel(right, names, [v["text_bytes"] for v in variants], fluid,
               ".text bytes (lower is better)")
        for axes in (left, right):
            axes.xaxis.set_major_formatter(matplotlib.ticker.EngFormatter(sep=""))
        figure.suptitle(title, fontsize=12, x=0.01, ha="left")
        figure.tight_layout()
        svg = svg_bytes(figure, title)
    _atomic_write(path, svg)


# ----------------------------------------------------------- the call graph

def _printable(text):
    return "".join(c if c >= " " else "?" for c in str(text))


def _html(text):
    """Text for a Graphviz HTML-like label, so that quotes, <, >, & and
    backslashes in (C++) names reach the picture unchanged: XML-escaped, and
    each backslash doubled (dot 2.43 reads "\\N" in a label as the node's
    name, "\\\\" as one backslash)."""
    return (_printable(text).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;").replace("\\", "\\\\"))


def _quoted(text):
    """A DOT quoted string for a tooltip. dot 2.43 unescapes a tooltip
    twice (the parser, then its \\N-style escapes), so a backslash is
    written as four; a quote needs one for the parser; & is escaped because
    dot reads entities in tooltips."""
    text = _printable(text).replace("\\", "\\" * 4).replace('"', '\\"')
    return '"%s"' % text.replace("&", "&amp;")


def _merge_edges(edges):
    """{(caller, callee): [calls, cycles]}, repeated pairs summed."""
    merged = {}
    for edge in edges:
        key = (str(edge["caller"]), str(edge["callee"]))
        total = merged.setdefault(key, [0, 0])
        total[0] += int(edge.get("calls", 0))
        total[1] += int(edge.get("cycles", 0))
    return merged


def _select(functions, merged, top):
    """The `top` functions by self cycles (ties by name, only those that
    ran), then up to `top` of their direct callers and callees: first those
    touching the most hot functions (they connect them), then by the cycles
    on their edges. Returns (hot names, context names)."""
    ranked = sorted((f for f in functions.values() if f["self_cycles"] > 0),
                    key=lambda f: (-f["self_cycles"], f["name"]))
    hot = {f["name"] for f in ranked[:top]}
    touches, weight = {}, {}
    for (caller, callee), (calls, cycles) in merged.items():
        for near, far in ((caller, callee), (callee, caller)):
            if near in hot and far not in hot:
                touches.setdefault(far, set()).add(near)
                weight[far] = weight.get(far, 0) + cycles
    context = sorted(touches, key=lambda n: (-len(touches[n]), -weight[n], n))[:top]
    return hot, set(context)


def _node_line(node_id, name, function, largest, is_context):
    share = function["share"] if function else 0.0
    level = _level_name(function["level"]) if function else "?"
    fill, font = _level_colours(level)
    # Area of the text (and so of the box) grows with the share of self
    # cycles; every node stays readable.
    size = round(10.0 + 14.0 * math.sqrt(max(share, 0.0) / largest), 1)
    small = max(8.0, round(size * 0.65, 1))
    label = '%s<BR/><FONT POINT-SIZE="%.1f">%s \u00b7 %s</FONT>' % (
        _html(name), small, _html(level), _html(_percent(share)))
    if function:
        tip = "%s: %s, %s self cycles (%s), %s calls" % (
            name, level, "{:,}".format(function["self_cycles"]), _percent(share),
            "{:,}".format(function["calls"]))
        if function.get("total_cycles") is not None:
            tip += ", %s total cycles" % "{:,}".format(function["total_cycles"])
    else:
        tip = "%s: not in the profile" % name
    style = "rounded,filled" + (",dashed" if is_context else "")
    return ('  %s [label=<%s>, fontsize=%.1f, fillcolor="%s", fontcolor="%s", '
            'style="%s", tooltip=%s];' % (node_id, label, size, fill, font, style,
                                          _quoted(tip)))


def _legend(levels, top):
    known = [name for name, _, _ in LEVEL_COLOURS if name in levels]
    others = sorted(levels - set(known))
    cells = []
    for level in known + others:
        fill, font = _level_colours(level)
        cells.append('<TD BGCOLOR="%s"><FONT COLOR="%s">%s</FONT></TD>'
                     % (fill, font, _html(level)))
    # One row: dot stretches a nested table to the width of a longer row.
    note = ("top %d functions by self cycles, sized by their share; dashed: "
            "their callers and callees; edges: calls, width by cycles" % top)
    return ('<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="2" CELLPADDING="3">'
            '<TR><TD BORDER="0">level:</TD>%s<TD BORDER="0"><FONT POINT-SIZE="9">  %s'
            '</FONT></TD></TR></TABLE>>' % ("".join(cells), _html(note)))


def _dot_source(functions, edges, top):
    functions = {str(f["name"]): dict(f, name=str(f["name"])) for f in functions}
    merged = _merge_edges(edges)
    hot, context = _select(functions, merged, top)
    drawn = sorted(hot | context)
    ids = {name: "n%d" % number for number, name in enumerate(drawn)}
    largest = max([functions[n]["share"] for n in drawn if n in functions] + [0.0]) or 1.0
    lines = ["digraph callgraph {",
             '  graph [rankdir=TB, nodesep=0.3, ranksep=0.5, fontname="%s", fontsize=10, '
             'labelloc=b, labeljust=l, bgcolor=white];' % FONT,
             '  node [shape=box, fontname="%s", margin="0.12,0.06", penwidth=1];' % FONT,
             '  edge [fontname="%s", fontsize=9, color="#555555", fontcolor="#333333", '
             'arrowsize=0.7];' % FONT]
    for name in drawn:
        lines.append(_node_line(ids[name], name, functions.get(name), largest,
                                name in context))
    shown = sorted(k for k in merged if k[0] in ids and k[1] in ids)
    heaviest = max([merged[k][1] for k in shown] + [0]) or 1
    for caller, callee in shown:
        calls, cycles = merged[(caller, callee)]
        lines.append('  %s -> %s [label="%s call%s", penwidth=%.2f, tooltip=%s];' % (
            ids[caller], ids[callee], "{:,}".format(calls), "" if calls == 1 else "s",
            1.0 + 3.0 * cycles / heaviest,
            _quoted("%s -> %s: %s calls, %s cycles" % (
                caller, callee, "{:,}".format(calls), "{:,}".format(cycles)))))
    if not drawn:
        lines.append('  empty [label="no function has self cycles", shape=plaintext];')
    levels = {_level_name(functions[n]["level"]) if n in functions else "?" for n in drawn}
    lines.append("  label=%s;" % _legend(levels, top))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _check_functions(functions, edges):
    for number, function in enumerate(functions, 1):
        for key in ("name", "self_cycles", "share", "calls", "level"):
            if key not in function:
                raise FigureError("call graph: function %d has no '%s'" % (number, key))
    for number, edge in enumerate(edges, 1):
        for key in ("caller", "callee", "calls", "cycles"):
            if key not in edge:
                raise FigureError("call graph: edge %d has no '%s'" % (number, key))


def call_graph(path, functions, edges, top=12, dot="dot"):
    """Writes an SVG call graph of the hot functions to `path` with Graphviz
    (`dot`, a command name or path): the `top` functions by self cycles and
    up to `top` of their direct callers and callees (dashed), each labelled
    "name" over "level · share", sized by share and filled by level; edges
    among the drawn functions labelled with their calls."""
    _check_functions(functions, edges)
    source = _dot_source(functions, edges, top)
    try:
        result = subprocess.run([dot, "-Tsvg"], input=source.encode("utf-8"),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                timeout=120)
    except FileNotFoundError:
        raise FigureError("call graph: Graphviz '%s' not found; install graphviz" % dot)
    except (OSError, subprocess.SubprocessError) as error:
        raise FigureError("call graph: cannot run '%s': %s" % (dot, _one_line(error)))
    if result.returncode != 0 or not result.stdout:
        why = result.stderr.decode("utf-8", "replace").strip()
        raise FigureError("call graph: '%s -Tsvg' failed with status %d%s" % (
            dot, result.returncode, ": " + _one_line(why) if why else ""))
    _atomic_write(path, result.stdout)


# ------------------------------------------------------- the Pareto chart

def frontier_chart(path, uniform, model, measured, chosen, title):
    """Writes an SVG scatter of cycles against .text bytes to `path`: the
    uniform kernels as labelled points (uniform: [(name, text, cycles)]),
    the model's predicted frontier as a dashed line (model: [(text,
    cycles)], plans solved, not built), Fluid's measured kernels as a solid
    line (measured: [(text, cycles)]), and the chosen kernel (chosen: (text,
    cycles)) marked with a star. Thin lines mark -O3's cycles and -Os's
    .text when those kernels are among the uniform ones."""
    if not uniform or not chosen:
        raise FigureError("frontier chart: no uniform kernels or no chosen kernel")
    for point in [p[1:] for p in uniform] + list(model) + list(measured) + [chosen]:
        if len(point) != 2 or not all(isinstance(v, int) and v >= 0 for v in point):
            raise FigureError("frontier chart: %r is not a (.text, cycles) pair of counts"
                              % (point,))
    matplotlib = matplotlib_for("chart")
    with matplotlib.rc_context(svg_style(9)):
        figure = matplotlib.figure.Figure(figsize=(8, 5.5))
        axes = figure.subplots()
        for name, text, cycles in sorted(uniform, key=lambda p: (p[1], p[2], p[0])):
            axes.scatter([text], [cycles], color=UNIFORM_BAR, edgecolor="#334e68", s=36,
                         zorder=3)
            axes.annotate(name, (text, cycles), xytext=(5, 4), textcoords="offset points",
                          fontsize=9)
            if name == "-O3":
                axes.axhline(cycles, color=REFERENCE_LINE, linestyle=":", linewidth=0.8)
            if name == "-Os":
                axes.axvline(text, color=REFERENCE_LINE, linestyle=":", linewidth=0.8)
        if model:
            points = sorted(model)
            axes.plot([p[0] for p in points], [p[1] for p in points], linestyle="--",
                      color="#888888", marker=".", label="model (predicted, not built)",
                      zorder=2)
        points = sorted(set(measured) | {tuple(chosen)})
        axes.plot([p[0] for p in points], [p[1] for p in points], color=FLUID_BAR,
                  marker="o", markersize=4, label="Fluid kernels (measured)", zorder=4)
        axes.scatter([chosen[0]], [chosen[1]], marker="*", s=220, color=FLUID_BAR,
                     edgecolor="black", label="chosen Fluid kernel", zorder=5)
        axes.annotate("Fluid {:,} B, {:,} cycles".format(chosen[0], chosen[1]),
                      tuple(chosen), xytext=(8, -14), textcoords="offset points",
                      fontsize=9, fontweight="bold")
        axes.xaxis.set_major_formatter(matplotlib.ticker.EngFormatter(sep=""))
        axes.yaxis.set_major_formatter(matplotlib.ticker.EngFormatter(sep=""))
        axes.set_xlabel(".text bytes (lower is better)")
        axes.set_ylabel("total cycles (guest instructions; lower is better)")
        axes.grid(color="#e6e6e6", zorder=0)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.legend(loc="upper right", fontsize=8, frameon=False)
        figure.suptitle(title, fontsize=12, x=0.01, ha="left")
        figure.tight_layout()
        svg = svg_bytes(figure, title)
    _atomic_write(path, svg)

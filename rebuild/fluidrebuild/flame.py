"""flame.py - the report's flame graph: a profile's calling-context tree
(profile format version 2, `contexts[]`) drawn as an SVG with matplotlib.

    nodes = contexts(profile)          a parsed v2 profile's tree, names resolved
    nodes = merge([nodes, ...])        several runs' trees summed path by path
    hottest(nodes, top)                the contexts with the most self cycles
    flame_graph(path, nodes, levels, title, demangler=None)
    hottest_table(nodes, drawn, levels)  the report's table of the hottest contexts
    report_section(out_dir, profiles, levels, title, how, demangler)
                                       the report's section: the picture, the table

Plain data in, one picture out. x is a context's share of the tree's
inclusive cycles (roots side by side, children left to right by name inside
their parent, the gap beside them the parent's self cycles), y its depth,
roots at the bottom. A rectangle is filled by the level its function has in
the plan (`levels`: name -> level, the call graph's colours), a function the
plan does not name in a neutral grey. The hottest contexts wide enough for
text are labelled with the function's name (C++ names demangled by
`demangler`, llvm-cxxfilt). Each drawn context N is the SVG group
"ctx-N" (N: its index in `nodes`) with a <title> tooltip (name, level,
calls, cycles); its label is "label-N". Same input, same bytes. Anything
that keeps the picture from being drawn raises figures.FigureError.
"""
import os
import re
import subprocess
from xml.sax.saxutils import escape

from . import figures
from .figures import FigureError

NEUTRAL = ("#e3e3e3", "black")   # a function the plan does not name
NEUTRAL_NAME = "not in the plan"
MIN_SHARE = 0.0005               # narrower contexts (and their callees) are not drawn
LABELS = 60                      # at most this many labels, the widest first
WIDTH_IN, ROW_IN = 12.0, 0.24    # figure width, height of one depth row
AXES_LEFT, AXES_WIDTH = 0.015, 0.97
FONT_PT = 7.5
CHAR_PT = 0.6 * FONT_PT          # a sans-serif character's mean width, roughly
KEYS = ("parent", "function", "calls", "self_cycles", "total_cycles")


def _fail(message):
    raise FigureError("flame graph: " + message)


def contexts(profile):
    """The context tree of a parsed profile (a dict): a list of nodes
    {parent, name, calls, self_cycles, total_cycles}, parents first, as the
    profile lists them. A profile without `contexts` (version 1, or built
    without --fluid-contexts) or one whose tree cannot be drawn is refused."""
    functions, nodes = profile.get("functions"), profile.get("contexts")
    if not isinstance(nodes, list):
        _fail("the profile has no calling contexts (build it with fluid-cc "
              "--fluid-contexts)")
    if not isinstance(functions, list):
        _fail("the profile has no functions[]")
    tree = []
    for index, node in enumerate(nodes):
        if not isinstance(node, dict) or any(not isinstance(node.get(k), int) or
                                             isinstance(node.get(k), bool) for k in KEYS):
            _fail("contexts[%d] is not an object of integers %s" % (index, ", ".join(KEYS)))
        if not -1 <= node["parent"] < index or not 0 <= node["function"] < len(functions):
            _fail("contexts[%d]: parent %d or function %d out of range"
                  % (index, node["parent"], node["function"]))
        name = functions[node["function"]].get("name")
        if not isinstance(name, str):
            _fail("functions[%d] has no name" % node["function"])
        tree.append({"parent": node["parent"], "name": name, "calls": node["calls"],
                     "self_cycles": node["self_cycles"],
                     "total_cycles": node["total_cycles"]})
    return tree


def merge(trees):
    """Several trees (of runs of one program) as one: contexts with the same
    path of names are one node, their figures summed."""
    merged, where = [], {}
    for tree in trees:
        index_of = []
        for node in tree:
            parent = index_of[node["parent"]] if node["parent"] >= 0 else -1
            key = (parent, node["name"])
            if key not in where:
                where[key] = len(merged)
                merged.append({"parent": parent, "name": node["name"], "calls": 0,
                               "self_cycles": 0, "total_cycles": 0})
            target = merged[where[key]]
            for figure in ("calls", "self_cycles", "total_cycles"):
                target[figure] += node[figure]
            index_of.append(where[key])
    return merged


def path(nodes, index):
    """The names from the root down to context `index`."""
    names = []
    while index >= 0:
        names.append(nodes[index]["name"])
        index = nodes[index]["parent"]
    return names[::-1]


def hottest(nodes, top):
    """Indices of the `top` contexts with the most self cycles (ties: the
    earlier node), those with none left out."""
    ranked = sorted((i for i, n in enumerate(nodes) if n["self_cycles"] > 0),
                    key=lambda i: (-nodes[i]["self_cycles"], i))
    return ranked[:top]


# ------------------------------------------------------------------ names

def _split(name):
    """(prefix, linkage name, suffix): "file.c:" and "@<hash>" kept apart,
    since mangled names hold neither ':' nor '@'."""
    prefix, _, rest = name.rpartition(":")
    rest, at, digest = rest.partition("@")
    return (prefix + ":" if prefix else ""), rest, (at + digest)


def display_names(names, demangler=None):
    """{linkage name: name for people}: Itanium C++ names demangled by
    `demangler` (llvm-cxxfilt, one name a line), a "file.c:" prefix kept,
    an "@<hash>" suffix dropped (the tooltip keeps the linkage name)."""
    parts = {name: _split(name) for name in names}
    mangled = sorted({rest for _, rest, _ in parts.values() if rest.startswith("_Z")})
    plain = {}
    if mangled and demangler:
        try:
            result = subprocess.run([demangler], input="\n".join(mangled) + "\n",
                                    capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as error:
            _fail("cannot run the demangler '%s': %s" % (demangler, figures._one_line(error)))
        lines = result.stdout.splitlines()
        if result.returncode != 0 or len(lines) != len(mangled):
            _fail("the demangler '%s' failed (status %d, %d names for %d)"
                  % (demangler, result.returncode, len(lines), len(mangled)))
        plain = dict(zip(mangled, lines))
    return {name: prefix + plain.get(rest, rest) for name, (prefix, rest, _) in parts.items()}


# ----------------------------------------------------------------- layout

def _children(nodes, shown):
    kids = {}
    for index, node in enumerate(nodes):
        kids.setdefault(node["parent"], []).append(index)
    for key in kids:
        kids[key].sort(key=lambda i: (shown[i], i))
    return kids


def layout(nodes, shown):
    """{index: (x, width, depth)} in shares of the roots' inclusive cycles,
    for the contexts at least MIN_SHARE wide; and that total."""
    kids = _children(nodes, shown)
    total = sum(nodes[i]["total_cycles"] for i in kids.get(-1, []))
    boxes = {}
    if total <= 0:
        return boxes, total
    stack = [(-1, 0.0, -1)]
    while stack:
        parent, x, depth = stack.pop()
        room = nodes[parent]["total_cycles"] if parent >= 0 else total
        used = 0
        for index in kids.get(parent, []):
            width = nodes[index]["total_cycles"]
            used += width
            if used > room:
                _fail("contexts[%d]: its callees' inclusive cycles exceed its own "
                      "(run fluid-prof validate on the profile)" % parent)
            if width / total >= MIN_SHARE:
                boxes[index] = (x + (used - width) / total, width / total, depth + 1)
                stack.append((index, boxes[index][0], depth + 1))
    return boxes, total


def _label(text, width_share):
    """The label that fits a box this wide, or None: the name, or its start
    and an ellipsis, at least four characters."""
    room = int((width_share * AXES_WIDTH * WIDTH_IN * 72 - 4) / CHAR_PT)
    if room >= len(text):
        return text
    return text[:room - 1] + "\u2026" if room >= 4 else None


def _colours(name, levels):
    level = levels.get(name)
    if level is None:
        return NEUTRAL_NAME, NEUTRAL
    level = figures._level_name(level)
    return level, figures._level_colours(level)


def _tooltip(node, shown, level, total):
    share = node["total_cycles"] / total if total else 0.0
    return "%s (%s%s): %s calls, %s inclusive cycles (%s), %s self" % (
        shown, level, "" if level == NEUTRAL_NAME else " in the plan",
        "{:,}".format(node["calls"]), "{:,}".format(node["total_cycles"]),
        figures._percent(share), "{:,}".format(node["self_cycles"]))


def _with_titles(svg, titles):
    """Each group "ctx-N" gets its tooltip as an SVG <title>."""
    def insert(match):
        title = titles.get(match.group(2))
        return match.group(0) + ("\n    <title>%s</title>" % escape(title) if title else "")
    return re.sub(r'(<g id=")(ctx-\d+)(">)', insert, svg)


def _legend(figure, used):
    from matplotlib.patches import Patch
    order = [name for name, _, _ in figures.LEVEL_COLOURS if name in used]
    order += sorted(used - set(order) - {NEUTRAL_NAME})
    order += [NEUTRAL_NAME] if NEUTRAL_NAME in used else []
    handles = []
    for level in order:
        fill = NEUTRAL[0] if level == NEUTRAL_NAME else figures._level_colours(level)[0]
        handles.append(Patch(facecolor=fill, edgecolor="#999999", linewidth=0.5,
                             label=level))
    figure.legend(handles=handles, loc="upper right", ncol=len(handles), frameon=False,
                  fontsize=8, title="level in the plan", title_fontsize=8)


def _draw(axes, nodes, boxes, names, levels, total):
    """The rectangles and labels (names: each node's full and short name);
    returns ({gid: tooltip}, levels used, {index: label})."""
    from matplotlib.patches import Rectangle
    shown, bare = names
    titles, used = {}, set()
    widest = sorted(boxes, key=lambda i: (-boxes[i][1], i))
    labelled = {}
    for index in widest:
        text = _label(bare[index], boxes[index][1])
        if text and len(labelled) < LABELS:
            labelled[index] = text
    for index in sorted(boxes):
        x, width, depth = boxes[index]
        level, (fill, font) = _colours(nodes[index]["name"], levels)
        used.add(level)
        box = Rectangle((x, depth), width, 0.92, facecolor=fill, edgecolor="white",
                        linewidth=0.4)
        box.set_gid("ctx-%d" % index)
        axes.add_patch(box)
        titles["ctx-%d" % index] = _tooltip(nodes[index], shown[index], level, total)
        if index in labelled:
            text = axes.text(x + 0.002, depth + 0.46, labelled[index], fontsize=FONT_PT,
                             color=font, va="center", ha="left", clip_on=True)
            text.set_gid("label-%d" % index)
    return titles, used, labelled


def flame_graph(path, nodes, levels, title, demangler=None):
    """Writes the flame graph of `nodes` (contexts() or merge()) to `path`,
    filled by `levels` ({function name: level} of the plan); returns
    {"drawn": contexts drawn, "hidden": contexts too narrow to draw,
    "cycles": the roots' inclusive cycles, "labels": {index: label},
    "names": {linkage name: name shown}}."""
    matplotlib = figures.matplotlib_for("flame graph")
    names = display_names(sorted({n["name"] for n in nodes}), demangler)
    shown = [names[n["name"]] for n in nodes]
    # Labels leave out a static function's "file.c:" (the tooltip has it).
    bare = [text[len(_split(n["name"])[0]):] for n, text in zip(nodes, shown)]
    boxes, total = layout(nodes, shown)
    if not boxes:
        _fail("no context has cycles to draw")
    depth = max(box[2] for box in boxes.values()) + 1
    height = 1.1 + ROW_IN * depth
    with matplotlib.rc_context(figures.svg_style(8)):
        figure = matplotlib.figure.Figure(figsize=(WIDTH_IN, height))
        axes = figure.add_axes([AXES_LEFT, 0.55 / height, AXES_WIDTH, ROW_IN * depth / height])
        titles, used, labels = _draw(axes, nodes, boxes, (shown, bare), levels, total)
        axes.set_xlim(0, 1)
        axes.set_ylim(0, depth)
        axes.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
        axes.set_xlabel("share of inclusive cycles (%s cycles, %d of %d contexts drawn; "
                        "roots at the bottom, callees above their callers)"
                        % ("{:,}".format(total), len(boxes), len(nodes)), fontsize=8)
        axes.set_yticks([])
        for side in ("top", "right", "left"):
            axes.spines[side].set_visible(False)
        _legend(figure, used)
        figure.suptitle(title, fontsize=11, x=AXES_LEFT, y=1 - 0.08 / height, ha="left",
                        va="top")
        svg = _with_titles(figures.svg_bytes(figure, title).decode("utf-8"), titles)
    figures._atomic_write(path, svg.encode("utf-8"))
    return {"drawn": len(boxes), "hidden": len(nodes) - len(boxes), "cycles": total,
            "labels": labels, "names": names}


def hottest_table(nodes, drawn, levels, top=10, depth=4):
    """Markdown rows: the `top` contexts with the most self cycles, each
    its path (the last `depth` names), share of the cycles drawn (the
    result of flame_graph()), calls and its function's level in the plan."""
    names, total = drawn["names"], drawn["cycles"] or 1
    rows = ["| context (callers > function) | self share | calls | level |",
            "|---|---:|---:|---|"]
    for index in hottest(nodes, top):
        names_on_path = [names[name] for name in path(nodes, index)]
        shown = " > ".join("`%s`" % n.replace("|", "\\|") for n in names_on_path[-depth:])
        node = nodes[index]
        rows.append("| %s%s | %s | %s | %s |" % (
            "\u2026 > " if len(names_on_path) > depth else "", shown,
            figures._percent(node["self_cycles"] / total), "{:,}".format(node["calls"]),
            _colours(node["name"], levels)[0]))
    return rows


def report_section(out_dir, profiles, levels, title, how, demangler=None):
    """The report's "Flame graph" section, as Markdown lines, and
    OUT_DIR/flame.svg drawn from `profiles` (parsed profiles of the build
    with contexts, their trees merged; None: not asked for) with `levels`
    ({name: level} of the plan); `how` says where the profiles came from.
    Without a profile that has contexts the section says why and nothing
    is drawn (an older flame.svg is removed)."""
    picture = os.path.join(out_dir, "flame.svg")
    if os.path.exists(picture):
        os.remove(picture)
    lines = ["## Flame graph", ""]
    with_contexts = [p for p in profiles or [] if isinstance(p.get("contexts"), list)]
    if profiles is None:
        return lines + ["Not drawn (`--no-flame-graph`).", ""]
    if not with_contexts:
        return lines + ["Not drawn: the profiles of the build with contexts hold none "
                        "(profile version %s; a runtime that records calling contexts "
                        "writes version 2)." % (", ".join(sorted({str(p.get("version"))
                                                                  for p in profiles})) or
                                                "-"), ""]
    nodes = merge([contexts(p) for p in with_contexts])
    drawn = flame_graph(picture, nodes, levels, title, demangler=demangler)
    dropped = sum(p.get("events", {}).get("dropped_contexts", 0) for p in with_contexts)
    lines += ["%s. Every calling context is a box as wide as its share of the inclusive "
              "cycles (%s cycles), its callees above it, filled by its function's level "
              "in the plan (grey: a function the plan does not name); %d of %d contexts are "
              "wide enough to draw. Hover a box for its figures."
              % (how, "{:,}".format(drawn["cycles"]), drawn["drawn"], len(nodes)), ""]
    if dropped:
        lines += ["The runtime's context table was full: %s calls were charged to their "
                  "caller's context (`events.dropped_contexts`)." % "{:,}".format(dropped), ""]
    lines += ["![flame graph: calling contexts by inclusive cycles, coloured by level]"
              "(flame.svg)", "", "The hottest contexts by self cycles:", ""]
    return lines + hottest_table(nodes, drawn, levels) + [""]

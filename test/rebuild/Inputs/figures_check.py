"""figures_check.py PACKAGE_DIR OUT_DIR - draw fluid-rebuild's two figures
from fixed data and check them.

Imports fluidrebuild from PACKAGE_DIR (the build tree's lib/fluid/rebuild),
writes OUT_DIR/chart.svg and OUT_DIR/callgraph.svg, parses both as XML and
checks what a reader must see: every variant's name and values, Fluid's bar
highlighted, the hot functions with their levels, sizes growing with share,
a hostile C++ name intact, the same bytes on a second drawing, and
FigureError (one line, no file left) when dot is missing or fails. Prints
one line per fact for FileCheck; exit status 1 with a reason on a failure.
"""
import os
import stat
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, sys.argv[1])
from fluidrebuild import figures  # noqa: E402

OUT = sys.argv[2]
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

VARIANTS = [
    ("-O0", 912345678, 61234), ("-O1", 301234567, 40211), ("-O2", 251234567, 43990),
    ("-O3", 249876543, 52110), ("-Os", 290123456, 35120), ("-Oz", 340123456, 31002),
    ("Fluid", 247000111, 33800)]

# Quotes, <, >, a backslash before N (dot's "node name" escape), & and an
# entity-like sequence: each must reach the picture unchanged.
HOSTILE = 'ns::Tpl<"q\\N">::operator&amp;&'
# name, self cycles, calls, level (shares are self cycles / 10000)
FUNCTIONS = [
    ("matmul", 5490, 42, "O3"), ("attn", 2000, 3, "O3"), (HOSTILE, 1000, 1, "O2"),
    ("rmsnorm", 800, 4, "-O2"), ("memcpy", 400, 100, "Os"), ("run", 100, 2, "Os"),
    ("main", 50, 1, "Oz"), ("log", 100, 7, "O0"), ("zed", 50, 2, "O1"),
    ("tiny", 10, 5, "Oz"), ("idle", 0, 1, "Oz")]
# caller, callee, calls, cycles; attn -> matmul twice (summed)
EDGES = [
    ("main", "run", 1, 9000), ("run", "attn", 3, 2400), ("run", "matmul", 2, 6000),
    ("attn", "matmul", 40, 1000), ("attn", "matmul", 2, 100), ("matmul", "memcpy", 100, 400),
    ("matmul", "tiny", 5, 10), ("rmsnorm", "log", 7, 150), (HOSTILE, "zed", 2, 60),
    ("run", "rmsnorm", 4, 950), ("run", HOSTILE, 1, 1060), ("main", "idle", 1, 0)]


def fail(message):
    print("figures_check: error: " + message, file=sys.stderr)
    sys.exit(1)


def expect(condition, message):
    if not condition:
        fail(message)


def parse(path):
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as error:
        fail("%s is not well-formed XML: %s" % (path, error))


def draw(directory):
    figures.variant_chart(
        os.path.join(directory, "chart.svg"),
        [{"name": n, "cycles": c, "text_bytes": t} for n, c, t in VARIANTS],
        "Test kernel (x86_64): cycles and .text per variant")
    functions = [{"name": n, "self_cycles": s, "share": s / 10000.0, "calls": c,
                  "level": level, "total_cycles": 2 * s}
                 for n, s, c, level in FUNCTIONS]
    edges = [{"caller": a, "callee": b, "calls": n, "cycles": cycles}
             for a, b, n, cycles in EDGES]
    figures.call_graph(os.path.join(directory, "callgraph.svg"), functions, edges, top=4)


def check_chart(path):
    root = parse(path)
    texts = [t.text or "" for t in root.iter(SVG + "text")]
    for name, cycles, text_bytes in VARIANTS:
        expect(name in texts, "chart: no text '%s'" % name)
        for value in (cycles, text_bytes):
            label = "{:,}".format(value)
            expect(any(t.strip().startswith(label) for t in texts),
                   "chart: no label for %s's %s" % (name, label))
    raw = open(path, encoding="utf-8").read()
    # Fluid's bar, one per panel, is the only bar in the highlight colour.
    expect(raw.count("fill: %s" % figures.FLUID_BAR) == 2, "chart: Fluid not highlighted twice")
    expect(raw.count("fill: %s" % figures.UNIFORM_BAR) == 2 * (len(VARIANTS) - 1),
           "chart: uniform bars not drawn in their colour")
    expect("stroke-dasharray" in raw, "chart: no dashed reference line")
    for t in texts:
        if "Fluid" != t and ("Fluid" in t or "%" in t or "best uniform" in t):
            print("chart text: " + t.strip())
    print("chart: %d variants, names and values as text" % len(VARIANTS))


def node_facts(root):
    """{name: (level line, name font size, fill, dashed)} and {id: name}."""
    nodes, ids = {}, {}
    for group in root.iter(SVG + "g"):
        if group.get("class") != "node":
            continue
        texts = list(group.iter(SVG + "text"))
        shape = [e for e in group.iter() if e.tag in (SVG + "path", SVG + "polygon")][0]
        name = texts[0].text
        ids[group.find(SVG + "title").text] = name
        tooltip = [a.get(XLINK + "title") for a in group.iter(SVG + "a")][0]
        expect(tooltip.startswith(name + ": "), "graph: tooltip %r is not %r's" % (tooltip, name))
        nodes[name] = (texts[1].text, float(texts[0].get("font-size")), shape.get("fill"),
                       shape.get("stroke-dasharray") is not None)
    return nodes, ids


def check_graph(path):
    root = parse(path)
    nodes, ids = node_facts(root)
    share = {n: s for n, s, _, _ in FUNCTIONS}
    for name in sorted(nodes):
        level, size, fill, dashed = nodes[name]
        print("node %s | %s | fill %s%s" % (name, level, fill, " | dashed" if dashed else ""))
    # Sizes grow with share: order the drawn nodes by share, sizes follow.
    ranked = sorted(nodes, key=lambda n: share[n])
    for small, large in zip(ranked, ranked[1:]):
        expect(nodes[small][1] <= nodes[large][1],
               "graph: %s (larger share) is drawn smaller than %s" % (large, small))
        if share[small] < share[large]:
            expect(nodes[small][1] < nodes[large][1],
                   "graph: %s and %s differ in share, not in size" % (small, large))
    print("graph: sizes from %.1f (%s) to %.1f (%s)" % (
        nodes[ranked[0]][1], ranked[0], nodes[ranked[-1]][1], ranked[-1]))
    for group in root.iter(SVG + "g"):
        if group.get("class") == "edge":
            caller, callee = group.find(SVG + "title").text.split("->")
            label = group.find(".//" + SVG + "text").text
            print("edge %s -> %s | %s" % (ids[caller], ids[callee], label))


def check_error(what, dot, path):
    try:
        draw_graph_only(path, dot)
    except figures.FigureError as error:
        message = str(error)
        expect("\n" not in message, "%s: message has more than one line" % what)
        expect(not os.path.exists(path) and not os.path.exists(path + ".tmp"),
               "%s: a file was left at %s" % (what, path))
        print("%s: FigureError: %s" % (what, message))
        return
    fail("%s: no FigureError" % what)


def draw_graph_only(path, dot=None):
    functions = [{"name": "f", "self_cycles": 1, "share": 1.0, "calls": 1, "level": "O3"}]
    if dot is None:
        figures.call_graph(path, functions, [])
    else:
        figures.call_graph(path, functions, [], dot=dot)


def check_errors():
    check_error("missing dot", os.path.join(OUT, "no-such-dir", "dot"),
                os.path.join(OUT, "missing.svg"))
    empty = os.path.join(OUT, "empty-path")
    os.makedirs(empty, exist_ok=True)
    saved = os.environ["PATH"]
    os.environ["PATH"] = empty
    try:
        check_error("dot not on PATH", None, os.path.join(OUT, "nopath.svg"))
    finally:
        os.environ["PATH"] = saved
    broken = os.path.join(OUT, "broken-dot")
    with open(broken, "w") as script:
        script.write("#!/bin/sh\necho 'Error: <stdin>: syntax error' >&2\necho second >&2\nexit 3\n")
    os.chmod(broken, os.stat(broken).st_mode | stat.S_IXUSR)
    check_error("failing dot", broken, os.path.join(OUT, "broken.svg"))
    try:
        figures.variant_chart(os.path.join(OUT, "none.svg"), [], "empty")
        fail("empty chart: no FigureError")
    except figures.FigureError as error:
        print("empty chart: FigureError: %s" % error)


def main():
    draw(OUT)
    first = {name: open(os.path.join(OUT, name), "rb").read()
             for name in ("chart.svg", "callgraph.svg")}
    again = os.path.join(OUT, "again")
    os.makedirs(again, exist_ok=True)
    draw(again)
    for name, data in first.items():
        expect(open(os.path.join(again, name), "rb").read() == data,
               "%s differs between two drawings" % name)
    print("same bytes on a second drawing")
    check_chart(os.path.join(OUT, "chart.svg"))
    check_graph(os.path.join(OUT, "callgraph.svg"))
    check_errors()


main()

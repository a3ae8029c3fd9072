"""flame_check.py - check fluid-rebuild's flame graph against the profile and
the plan it was drawn from.

    flame_check.py check SVG PROFILE PLAN [--list]
        SVG must be well-formed XML; every rectangle (group "ctx-N", N the
        context's index in PROFILE's contexts[]) filled by the level its
        function has in PLAN (a neutral grey when PLAN does not name it),
        as wide as its inclusive cycles, above its caller, with a <title>;
        every label ("label-N") on a drawn rectangle, the start of its
        title's name; the function with the most self cycles labelled in
        full. --list prints each drawn context for FileCheck.
    flame_check.py draw PACKAGE_DIR PROFILE PLAN OUT_DIR DEMANGLER
        draws OUT_DIR/flame.svg with fluidrebuild.flame (PACKAGE_DIR: the
        build tree's lib/fluid/rebuild) and prints what it returned, then
        the one-line errors of bad input.

Prints one line per fact; exit status 1 with a reason on a failure. The
colours are written out here, not taken from the package under test.
"""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
COLOURS = {"O3": "#fc8d59", "O2": "#fee090", "O1": "#ffffbf", "O0": "#d9d9d9",
           "Os": "#91bfdb", "Oz": "#4575b4", None: "#e3e3e3"}


def fail(message):
    print("flame_check: error: " + message, file=sys.stderr)
    sys.exit(1)


def expect(condition, message):
    if not condition:
        fail(message)


def load_profile(path):
    """A bare JSON profile or a framed one (its payload)."""
    with open(path) as f:
        text = f.read()
    if text.startswith("--- FLUID PROFILE BEGIN"):
        text = text[text.index("\n") + 1:text.rindex("--- FLUID PROFILE END")]
    return json.loads(text)


def plan_levels(path):
    with open(path) as f:
        return {e["name"]: e["level"] for e in json.load(f)["functions"]}


def boxes(root):
    """{N: (fill, x0, x1, y0, y1, title)} of the groups ctx-N."""
    found = {}
    for group in root.iter(SVG + "g"):
        match = re.fullmatch(r"ctx-(\d+)", group.get("id", ""))
        if not match:
            continue
        shape = group.find(SVG + "path")
        expect(shape is not None, "%s has no rectangle" % group.get("id"))
        fill = re.search(r"fill: (#[0-9a-f]{6})", shape.get("style", ""))
        expect(fill, "%s has no fill" % group.get("id"))
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", shape.get("d"))]
        xs, ys = numbers[0::2], numbers[1::2]
        title = group.find(SVG + "title")
        expect(title is not None and title.text, "%s has no title" % group.get("id"))
        found[int(match.group(1))] = (fill.group(1), min(xs), max(xs), min(ys), max(ys),
                                      title.text)
    return found


def labels(root):
    found = {}
    for group in root.iter(SVG + "g"):
        match = re.fullmatch(r"label-(\d+)", group.get("id", ""))
        if match:
            found[int(match.group(1))] = "".join(group.itertext()).strip()
    return found


def check(svg, profile_path, plan_path, listing):
    try:
        root = ET.parse(svg).getroot()
    except ET.ParseError as error:
        fail("%s is not well-formed XML: %s" % (svg, error))
    print("well-formed XML")
    profile, levels = load_profile(profile_path), plan_levels(plan_path)
    functions, contexts = profile["functions"], profile["contexts"]
    drawn, texts = boxes(root), labels(root)
    expect(drawn, "no context drawn")
    scale = None
    for index, (fill, x0, x1, y0, y1, title) in sorted(drawn.items()):
        node = contexts[index]
        name = functions[node["function"]]["name"]
        level = levels.get(name)
        expect(fill == COLOURS[level], "ctx-%d (%s): fill %s, but the plan's level %s is %s"
               % (index, name, fill, level, COLOURS[level]))
        width = (x1 - x0) / max(node["total_cycles"], 1)
        scale = scale or width
        expect(abs((x1 - x0) - scale * node["total_cycles"]) < 0.05 + 1e-6 * (x1 - x0),
               "ctx-%d (%s): %.3f wide for %d cycles, not in proportion"
               % (index, name, x1 - x0, node["total_cycles"]))
        if node["parent"] >= 0:
            parent = drawn.get(node["parent"])
            expect(parent is not None, "ctx-%d drawn, its caller not" % index)
            expect(y1 <= parent[3] + 0.01 and parent[1] - 0.01 <= x0 and x1 <= parent[2] + 0.01,
                   "ctx-%d is not above and within its caller" % index)
        if listing:
            print("ctx-%d %s | %s | %s | label %s" % (
                index, title.split(" (")[0], level or "-", fill,
                repr(texts[index]) if index in texts else "-"))
    def bare(index):
        """The name shown, less a static function's "file.c:"."""
        prefix = functions[contexts[index]["function"]]["name"].rpartition(":")[0]
        shown = drawn[index][5].split(" (")[0]
        return shown[len(prefix) + 1:] if prefix else shown
    for index, text in texts.items():
        expect(index in drawn, "label-%d has no rectangle" % index)
        expect(bare(index).startswith(text.rstrip("\u2026")),
               "label-%d '%s' is not the start of '%s'" % (index, text, bare(index)))
    print("%d of %d contexts drawn, each filled by its plan level, as wide as its "
          "inclusive cycles, above its caller" % (len(drawn), len(contexts)))
    print("%d labels, each on its rectangle" % len(texts))
    hot = max(range(len(functions)), key=lambda i: (functions[i]["self_cycles"], -i))
    full = [i for i in texts if contexts[i]["function"] == hot and texts[i] == bare(i)]
    expect(full, "the hottest function %s is not labelled" % functions[hot]["name"])
    print("hottest function labelled: %s" % texts[full[0]])


def draw(package, profile_path, plan_path, out, demangler):
    sys.path.insert(0, package)
    from fluidrebuild import flame, figures
    profile, levels = load_profile(profile_path), plan_levels(plan_path)
    nodes = flame.contexts(profile)
    result = flame.flame_graph(os.path.join(out, "flame.svg"), nodes, levels,
                               "Flame graph: hand-written profile", demangler=demangler)
    print("drawn %d, hidden %d, cycles %d" % (result["drawn"], result["hidden"],
                                               result["cycles"]))
    for index in sorted(result["labels"]):
        print("label %d: %s" % (index, result["labels"][index]))
    print("hottest: " + ", ".join(" > ".join(flame.path(nodes, i))
                                  for i in flame.hottest(nodes, 3)))
    twice = flame.merge([nodes, nodes])
    expect(len(twice) == len(nodes) and all(
        twice[i][k] == 2 * nodes[i][k] for i in range(len(nodes))
        for k in ("calls", "self_cycles", "total_cycles")), "merge of two copies is not 2x")
    print("merge of two copies: %d contexts, every figure doubled" % len(twice))

    def refused(what, data, draw_it=False, tool=demangler):
        try:
            tree = flame.contexts(data)
            if draw_it:
                flame.flame_graph(os.path.join(out, "bad.svg"), tree, levels, "bad",
                                  demangler=tool)
        except figures.FigureError as error:
            expect("\n" not in str(error), "%s: a message of several lines" % what)
            expect(not os.path.exists(os.path.join(out, "bad.svg")), "%s: a file left" % what)
            print("%s: FigureError: %s" % (what, error))
            return
        fail("%s: accepted" % what)
    v1 = dict(profile, version=1)
    del v1["contexts"]
    refused("version 1", v1)
    section = os.path.join(out, "section")
    os.makedirs(section)
    for what, profiles in (("off", None), ("v1", [v1]), ("v2 twice", [profile, profile])):
        lines = flame.report_section(section, profiles, levels, "title", "Drawn from "
                                     "test input", demangler=demangler)
        print("section %s: %s" % (what, " / ".join(line for line in lines if line)))
        print("section %s: flame.svg %s" % (what, "drawn" if os.path.exists(
            os.path.join(section, "flame.svg")) else "absent"))
    bad = json.loads(json.dumps(profile))
    bad["contexts"][3]["parent"] = 5
    refused("parent after child", bad)
    bad = json.loads(json.dumps(profile))
    bad["contexts"][2]["total_cycles"] = 1500
    refused("callees above inclusive", bad, draw_it=True)
    refused("missing demangler", profile, draw_it=True,
            tool=os.path.join(out, "no-such-dir", "llvm-cxxfilt"))


def main():
    if len(sys.argv) >= 5 and sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3], sys.argv[4], "--list" in sys.argv[5:])
    elif len(sys.argv) == 7 and sys.argv[1] == "draw":
        draw(*sys.argv[2:])
    else:
        fail("usage: flame_check.py check SVG PROFILE PLAN [--list] | "
             "draw PACKAGE_DIR PROFILE PLAN OUT_DIR DEMANGLER")


if __name__ == "__main__":
    main()

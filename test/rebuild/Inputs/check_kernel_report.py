#!/usr/bin/python3
"""check_kernel_report.py OUT_DIR FLUID_PROF - check a kernel loop's output.

The report's figures must be the serial logs' figures: every module's cycles
and every variant's total in report.md equal the run tables of that
variant's serial.log (parsed here independently of fluid-rebuild), each
.text equals llvm-size's (LLVM_SIZE), every checksum is OK. The profile of
the instrumented kernel must pass fluid-prof validate (frame, CRC, schema);
the plan must hold at least one O3 and one Oz function; a missed target
must come with the section saying where; chart.svg and callgraph.svg must
be well-formed SVG. Prints one line per check passed
("ok: ...") and exits 1 with a one-line reason at the first failure.
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

out, fluid_prof, llvm_size = sys.argv[1], sys.argv[2], sys.argv[3]


def fail(message):
    print("check_kernel_report: error: " + message)
    sys.exit(1)


def number(text):
    return int(text.replace(",", "").strip("* "))


def tables(markdown):
    """Every markdown table as a list of rows (lists of cells)."""
    found, current = [], []
    for line in markdown.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                current.append(cells)
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def serial_table(path):
    rows = {}
    for line in open(path, errors="replace"):
        m = re.match(r"^run: (\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(0x[0-9a-f]+)\s+(\S+)\s*$", line)
        if m:
            rows[m.group(1)] = (int(m.group(3)), m.group(5), m.group(6))
    if not rows:
        fail("%s has no run table" % path)
    return rows


def text_size(elf):
    for line in subprocess.run([llvm_size, "-A", elf], capture_output=True, text=True,
                               check=True).stdout.splitlines():
        f = line.split()
        if f and f[0] == ".text":
            return int(f[1])
    fail("no .text in " + elf)


report = open(os.path.join(out, "report.md")).read()
summary, modules = None, None
for t in tables(report):
    if t[0][:3] == ["variant", "total cycles", ".text bytes"]:
        summary = t
    if t[0][0] == "module" and modules is None:  # the first: cycles per module
        modules = t
if not summary or not modules:
    fail("report.md lacks the summary or the per-module table")

directory = {}
for row in summary[1:]:
    name = row[0].strip("*")
    elf = os.path.join(out, row[4].strip("`"))
    directory[name] = os.path.dirname(elf)
    serial = serial_table(os.path.join(directory[name], "serial.log"))
    total = sum(c for c, _, _ in serial.values())
    if number(row[1]) != total:
        fail("%s: report says %s cycles, its serial log adds up to %d" % (name, row[1], total))
    if number(row[2]) != text_size(elf):
        fail("%s: report says .text %s, llvm-size says %d" % (name, row[2], text_size(elf)))
    bad = [m for m, (_, _, result) in serial.items() if result != "OK"]
    if bad:
        fail("%s: checksum wrong in %s" % (name, ", ".join(bad)))
    print("ok: %s total %d cycles, .text %s, %d modules OK" % (name, total, row[2], len(serial)))

header = modules[0]
for row in modules[1:]:
    if row[0].startswith("**"):
        continue
    for column, cell in enumerate(row[1:], 1):
        variant = header[column]
        serial = serial_table(os.path.join(directory[variant], "serial.log"))
        if number(cell) != serial[row[0]][0]:
            fail("%s/%s: report says %s, serial log says %d" % (row[0], variant, cell,
                                                                 serial[row[0]][0]))
print("ok: %d modules x %d variants equal their serial logs" % (len(modules) - 2, len(header) - 1))

# A missed target comes with where it is missed: modules and functions.
if "missed by" in report:
    section = report.split("## Where the targets are missed", 1)
    if len(section) != 2 or "| module |" not in section[1] and "| function |" not in section[1]:
        fail("a target is missed but the report does not say where")
    print("ok: the report says where the missed targets are missed")

plan = json.load(open(os.path.join(out, "plan.json")))
if plan.get("policy") == "measured":
    # One instrumented kernel per level measured; the plan is
    # fluid-prof optimize's; the Pareto chart is drawn too.
    logs = sorted(d for d in os.listdir(out) if d.startswith("instrumented-"))
    if not logs:
        fail("the measured policy left no instrumented-LEVEL kernels")
    for d in logs:
        validate = subprocess.run([fluid_prof, "validate", os.path.join(out, d, "serial.log")],
                                  capture_output=True, text=True)
        if validate.returncode != 0:
            fail("%s's profile does not validate: %s" % (d, validate.stderr.strip()))
    print("ok: %d profiles valid (%s)" % (len(logs), ", ".join(d.split("-", 1)[1] for d in logs)))
    if "Plan policy: **measured**" not in report or "(**measured** policy)" not in report:
        fail("report.md does not say the measured policy made the plan")
    print("ok: plan made by the measured policy, %d functions" % len(plan["functions"]))
    svgs = ["chart.svg", "callgraph.svg", "frontier.svg"]
else:
    inst_log = os.path.join(out, "instrumented", "serial.log")
    validate = subprocess.run([fluid_prof, "validate", inst_log], capture_output=True, text=True)
    if validate.returncode != 0:
        fail("the instrumented kernel's profile does not validate: " + validate.stderr.strip())
    print("ok: profile valid (frame, CRC, schema)")

    levels = {f["level"] for f in plan["functions"]}
    if "O3" not in levels or "Oz" not in levels:
        fail("the plan is trivial: levels %s" % sorted(levels))
    print("ok: plan has O3 and Oz functions")
    svgs = ["chart.svg", "callgraph.svg"]

for svg in svgs:
    try:
        root = ET.parse(os.path.join(out, svg)).getroot()
    except (ET.ParseError, OSError) as error:
        fail("%s: %s" % (svg, error))
    if not root.tag.endswith("svg"):
        fail("%s: root element is %s, not svg" % (svg, root.tag))
    print("ok: %s is well-formed SVG" % svg)

if plan.get("policy") == "measured":
    # Each round's measured figures are its kernel's serial log and
    # llvm-size; its errors are (measured - predicted) / predicted.
    rounds = [t for t in tables(report) if t[0][:2] == ["round", "budget"]]
    if not rounds or len(rounds[0]) < 2:
        fail("report.md lacks the measured model's rounds")
    for row in rounds[0][1:]:
        elf = os.path.join(out, row[9].strip("`"))
        serial = serial_table(os.path.join(os.path.dirname(elf), "serial.log"))
        cycles, text = sum(c for c, _, _ in serial.values()), text_size(elf)
        if number(row[3]) != cycles or number(row[6]) != text:
            fail("round %s: report says %s cycles, .text %s; logs say %d, %d"
                 % (row[0], row[3], row[6], cycles, text))
        for measured, predicted, error in [(cycles, number(row[2]), row[4]),
                                           (text, number(row[5]), row[7])]:
            expected = "%+.2f%%" % (100.0 * (measured - predicted) / predicted)
            if error != expected:
                fail("round %s: error %s, expected %s" % (row[0], error, expected))
    print("ok: %d round(s): measured figures equal the logs', errors computed from them"
          % (len(rounds[0]) - 1))
    # The Pareto chart names every uniform kernel and the chosen one with
    # its figures (text stays text in the SVG).
    svg_text = " ".join(t.text or "" for t in ET.parse(os.path.join(out, "frontier.svg")).iter()
                        if t.tag.endswith("text"))
    fluid_row = [r for r in summary[1:] if r[0] == "**Fluid**"][0]
    for row in summary[1:]:
        if row[0] != "**Fluid**" and row[0] not in svg_text.split():
            fail("frontier.svg does not name %s" % row[0])
    label = "Fluid %s B, %s cycles" % (fluid_row[2], fluid_row[1])
    if label not in svg_text or "chosen Fluid kernel" not in svg_text:
        fail("frontier.svg does not mark the chosen kernel (%s)" % label)
    print("ok: frontier.svg names %d uniform kernels and marks the chosen one"
          % (len(summary) - 2))

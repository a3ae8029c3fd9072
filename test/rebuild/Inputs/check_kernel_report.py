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

inst_log = os.path.join(out, "instrumented", "serial.log")
validate = subprocess.run([fluid_prof, "validate", inst_log], capture_output=True, text=True)
if validate.returncode != 0:
    fail("the instrumented kernel's profile does not validate: " + validate.stderr.strip())
print("ok: profile valid (frame, CRC, schema)")

plan = json.load(open(os.path.join(out, "plan.json")))
levels = {f["level"] for f in plan["functions"]}
if "O3" not in levels or "Oz" not in levels:
    fail("the plan is trivial: levels %s" % sorted(levels))
print("ok: plan has O3 and Oz functions")

for svg in ["chart.svg", "callgraph.svg"]:
    try:
        root = ET.parse(os.path.join(out, svg)).getroot()
    except (ET.ParseError, OSError) as error:
        fail("%s: %s" % (svg, error))
    if not root.tag.endswith("svg"):
        fail("%s: root element is %s, not svg" % (svg, root.tag))
    print("ok: %s is well-formed SVG" % svg)

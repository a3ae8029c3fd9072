#!/usr/bin/env python3
"""clock_audit.py - no test asserts a figure of the real clock.

The rule (test/README.md): a test asserts cycles, shares, probe floors, or
lists and levels derived from them only on a clock whose figures are exact:
the simulated clock (%fluid_link_sim_clock, or the core built with
-DFLUID_TEST_CLOCK), QEMU's -icount (%qemu_run without --no-icount), or a
profile fixture (Inputs/make_profile.py, a profile file in Inputs/). A test
on the real clock (tsc) may assert counts, structure and invariants only.

Usage: clock_audit.py TEST_DIR. Prints one line per test file that asserts a
real-clock figure (file:line: what), and a summary; exit status 1 if any.
A file counts as on an exact clock when it uses one of the helpers above
anywhere; a figure in it is taken to come from that clock. A file that runs
this audit (the rule's own test, which plants figures) is not audited.

Figures looked for, in RUN and check lines:
  --near                          a value within a tolerance
  --ratio A/B<L with L < 1        one quantity a fraction of another
                                  (L in [1, 1.01] is the ordering A <= B,
                                  an invariant, allowed)
  self|total|min|max|cycles=N     an exact non-zero figure
  fluid-prof untimed              a list derived from cycles
  "level":"Ox", -Ox: hot|warm|probe floor
                                  a level or reason derived from shares
                                  (not a profile's recorded build level,
                                  which follows "max_cycles" in a function
                                  entry: the build's, not derived)
"""
import os
import re
import sys

EXACT_CLOCK = re.compile(
    r"%fluid_link_sim_clock|FLUID_TEST_CLOCK|make_profile\.py|"
    r"%qemu_run(?![^\n]*--no-icount)|%S/Inputs/[\w./-]+\.(?:json|txt|log)")
CHECK_LINE = re.compile(r"^\s*(?://|;|#)?\s*(RUN|[A-Z][A-Z0-9_-]*)(-[A-Z]+)?:")
FIGURES = [
    (re.compile(r"^\W*RUN:.*--near\b"), "--near (a figure within a tolerance)"),
    (re.compile(r"\b(?:function|edge)\b.*\b(?:self|total|min|max|cycles)="
                r"[1-9][0-9]*\b"), "an exact non-zero cycle figure"),
    (re.compile(r"^\W*RUN:.*(?:%fluid_prof|fluid-prof) untimed\b"),
     "an untimed list (derived from cycles)"),
    (re.compile(r'^(?!.*never ran)(?!.*"max_cycles").*(?:"level":"O[0-3sz]"|'
                r': -O[0-3sz]: (?:hot|warm|probe floor))'),
     "a level derived from shares of cycles (not from calls)"),
]
RATIO = re.compile(r"--ratio[ =]'?[^ ']*<([0-9.]+)")
SUFFIXES = (".c", ".cpp", ".test", ".ll")
SKIP_DIRS = {"Inputs", "unit", "fuzz"}


def figures(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    if EXACT_CLOCK.search(text) or "clock_audit.py" in text:
        return []
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if not CHECK_LINE.match(line):
            continue
        for pattern, what in FIGURES:
            if pattern.search(line):
                found.append((number, what))
        for limit in RATIO.findall(line):
            if float(limit) < 1 or float(limit) > 1.01:
                found.append((number, "--ratio below %s (a proportion)" % limit))
    return found


def main():
    root = sys.argv[1]
    files = bad = 0
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d not in SKIP_DIRS)
        for name in sorted(names):
            if not name.endswith(SUFFIXES) or name == "lit.cfg.py":
                continue
            path = os.path.join(directory, name)
            files += 1
            for number, what in figures(path):
                bad += 1
                print("%s:%d: real-clock figure: %s"
                      % (os.path.relpath(path, root), number, what))
    print("clock_audit: %d test files, %d real-clock figures" % (files, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""profile_check.py - verify a framed Fluid profile and list it for FileCheck.

Finds the frame in FILE (a profile file or a noisy serial log), checks the
payload's byte count and CRC-32 against the END line, parses the JSON and
prints one sorted line per function, edge and event, so tests can check
exact values:

    function NAME calls=N self=N total=N min=N max=N
    edge CALLER -> CALLEE calls=N
    event NAME=N

--ratio A.field/B.field<LIMIT fails unless the ratio is below LIMIT.
--expect FILE: each line of FILE starting "expect: " must be, after that
prefix, exactly one of the listed lines (for counts only the program knows).
Exit status 1 with a one-line reason on any failure.
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from profile_table import ProfileError, extract as verified_profile  # noqa: E402


def fail(message):
    print("profile_check: error: " + message, file=sys.stderr)
    sys.exit(1)


def extract(data, path):
    try:
        return verified_profile(data, path)
    except ProfileError as e:
        fail(str(e))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--ratio", action="append", default=[])
    parser.add_argument("--expect")
    args = parser.parse_args()
    with open(args.file, "rb") as f:
        profile = extract(f.read(), args.file)
    listing = []
    functions = {}
    for fn in profile["functions"]:
        if fn["name"] in functions:
            fail("%s: duplicate function %s" % (args.file, fn["name"]))
        functions[fn["name"]] = fn
    for name in sorted(functions):
        fn = functions[name]
        listing.append("function %s calls=%d self=%d total=%d min=%d max=%d" % (
            name, fn["calls"], fn["self_cycles"], fn["total_cycles"],
            fn["min_cycles"], fn["max_cycles"]))
    for edge in sorted(profile["edges"], key=lambda e: (e["caller"], e["callee"])):
        listing.append("edge %s -> %s calls=%d" % (edge["caller"], edge["callee"], edge["calls"]))
    for name in sorted(profile["events"]):
        listing.append("event %s=%d" % (name, profile["events"][name]))
    print("\n".join(listing))
    if args.expect:
        for line in open(args.expect):
            if not line.startswith("expect: "):
                continue
            want = line[len("expect: "):].rstrip("\n")
            # Function lines carry cycles after the count: match the prefix.
            if not any(have == want or have.startswith(want + " ") for have in listing):
                fail("expected '%s' in the profile" % want)
            print("expected %s" % want)
    print("clock=%s target=%s" % (profile["clock"], profile["target"]))
    for spec in args.ratio:
        m = re.fullmatch(r"([^.]+)\.(\w+)/([^.]+)\.(\w+)<([0-9.]+)", spec)
        if not m:
            fail("bad --ratio '%s'" % spec)
        a, fa, b, fb, limit = m.groups()
        for name in (a, b):
            if name not in functions:
                fail("--ratio: no function %s" % name)
        value = functions[a][fa] / max(1, functions[b][fb])
        if value >= float(limit):
            fail("ratio %s = %.4f, not below %s" % (spec, value, limit))
        print("ratio %s.%s/%s.%s below %s" % (a, fa, b, fb, limit))


if __name__ == "__main__":
    main()

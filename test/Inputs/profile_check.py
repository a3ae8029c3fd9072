#!/usr/bin/env python3
"""profile_check.py - verify a framed Fluid profile and list it for FileCheck.

Finds the frame in FILE (a profile file or a noisy serial log), checks the
payload's byte count and CRC-32 against the END line, parses the JSON and
prints one sorted line per function, edge and event, so tests can check
exact values:

    function NAME calls=N self=N total=N min=N max=N [untimed]
    edge CALLER -> CALLEE calls=N
    event NAME=N

Every profile read is also held to the accounting invariants the runtime
guarantees by construction, so every test that reads a profile checks them:
a function's inclusive cycles are at least its self cycles and its longest
call; an edge's cycles are at most its caller's inclusive and its callee's;
the functions' self cycles add up to totals.self_cycles; no counter stands
at 2^64-1 unless events.saturations says one saturated. The rules have one
owner, fluid-prof validate (driver/prof/Accounting.cpp), which this script
runs on the payload (fluid-prof is found on PATH, as lit sets it); the
framing is read here, independently of fluid-prof, on purpose.

--edge-cycles adds cycles=N to each edge line.
--ratio A.field/B.field<LIMIT fails unless the ratio is below LIMIT.
--near A.field=VALUE@PCT% fails unless the field is within PCT percent of
VALUE (A may also be probe_cost, for its inner and outer fields).
--expect FILE: each line of FILE starting "expect: " (or "// expect: ",
"# expect: ": a test's own comments) must be, after that
prefix, exactly one of the listed lines (for counts only the program knows),
or its start up to a space; {{REGEX}} in it matches as in FileCheck
(`expect: event closed_at_exit={{[3-5]}}`).
Several FILEs are each checked and listed in turn (a racy program's runs).
Exit status 1 with a one-line reason on any failure.
"""
import argparse
import json
import re
import shutil
import subprocess
import sys
import zlib

# Version 1, or 2 (a runtime built with calling contexts: the same keys and
# the context tree, whose invariants fluid-prof validate checks too).
BEGIN = re.compile(rb"--- FLUID PROFILE BEGIN v([12]) ---\n")
END = re.compile(rb"--- FLUID PROFILE END bytes=(\d+) crc32=([0-9a-f]{8}) ---\n")


def fail(message):
    print("profile_check: error: " + message, file=sys.stderr)
    sys.exit(1)


def extract(data, path):
    """The JSON of the first framed profile in `data`, verified, parsed."""
    return extract_payload(data, path)[0]


def extract_payload(data, path):
    """The JSON of the first framed profile in `data`, verified: parsed, and
    the payload's bytes.

    An implementation independent of fluid-prof's, on purpose: tests that
    read profiles through both cross-check the two readers."""
    begin = BEGIN.search(data)
    if not begin:
        fail("%s: no '--- FLUID PROFILE BEGIN v1 ---' (or v2) line" % path)
    start = begin.end()
    version = int(begin.group(1))
    end = END.search(data, start)
    if not end:
        fail("%s: profile is truncated (no END line)" % path)
    payload = data[start:end.start()]
    if len(payload) != int(end.group(1)):
        fail("%s: payload has %d bytes, END line says %s"
             % (path, len(payload), end.group(1).decode()))
    crc = "%08x" % (zlib.crc32(payload) & 0xffffffff)
    if crc != end.group(2).decode():
        fail("%s: CRC mismatch: computed %s, END line says %s"
             % (path, crc, end.group(2).decode()))
    try:
        profile = json.loads(payload)
    except ValueError as e:
        fail("%s: payload is not JSON: %s" % (path, e))
    if profile.get("format") != "fluid-profile" or profile.get("version") != version:
        fail("%s: not a fluid-profile version %d, as its BEGIN line says" % (path, version))
    return profile, payload


def check_invariants(payload, path):
    """Fail with fluid-prof validate's one-line reason if the figures do not
    add up (or the schema is broken)."""
    tool = shutil.which("fluid-prof")
    if not tool:
        fail("fluid-prof is not on PATH: it checks the invariants")
    run = subprocess.run([tool, "validate", "-"], input=payload,
                         capture_output=True)
    if run.returncode != 0:
        lines = run.stderr.decode(errors="replace").strip().splitlines()
        reason = lines[-1] if lines else "fluid-prof validate failed"
        # "fluid-prof: error: <stdin>: REASON" names this file instead.
        reason = re.sub(r"^fluid-prof: error: (<stdin>|-): ", "", reason)
        fail("%s: %s" % (path, reason))


def expectation(want):
    """A regular expression for an expect: line: literal text, {{REGEX}}
    parts as regular expressions, matching a whole line or its start up to a
    space (function lines carry cycles after the count)."""
    parts = re.split(r"\{\{(.*?)\}\}", want)
    pattern = "".join(re.escape(part) if i % 2 == 0 else "(?:%s)" % part
                      for i, part in enumerate(parts))
    return re.compile(pattern + r"(?: .*)?")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", metavar="file")
    parser.add_argument("--ratio", action="append", default=[])
    parser.add_argument("--near", action="append", default=[])
    parser.add_argument("--edge-cycles", action="store_true")
    parser.add_argument("--expect")
    args = parser.parse_args()
    for path in args.files:
        args.file = path
        check_one(args)


def check_one(args):
    with open(args.file, "rb") as f:
        profile, payload = extract_payload(f.read(), args.file)
    listing = []
    functions = {}
    for fn in profile["functions"]:
        if fn["name"] in functions:
            fail("%s: duplicate function %s" % (args.file, fn["name"]))
        functions[fn["name"]] = fn
    check_invariants(payload, args.file)
    for name in sorted(functions):
        fn = functions[name]
        listing.append("function %s calls=%d self=%d total=%d min=%d max=%d" % (
            name, fn["calls"], fn["self_cycles"], fn["total_cycles"],
            fn["min_cycles"], fn["max_cycles"])
            + (" untimed" if fn.get("untimed") else ""))
    for edge in sorted(profile["edges"], key=lambda e: (e["caller"], e["callee"])):
        line = "edge %s -> %s calls=%d" % (edge["caller"], edge["callee"], edge["calls"])
        if args.edge_cycles:
            line += " cycles=%d" % edge["cycles"]
        listing.append(line)
    for name in sorted(profile["events"]):
        listing.append("event %s=%d" % (name, profile["events"][name]))
    print("\n".join(listing))
    if args.expect:
        for line in open(args.expect):
            # A program's output, or a test's own comments ("// expect: ").
            m = re.match(r"(?:(?://|#) )?expect: (.*)$", line.rstrip("\n"))
            if not m:
                continue
            want = m.group(1)
            matcher = expectation(want)
            if not any(matcher.fullmatch(have) for have in listing):
                fail("%s: expected '%s' in the profile" % (args.file, want))
            print("expected %s" % want)
    print("clock=%s target=%s" % (profile["clock"], profile["target"]))
    for spec in args.ratio:
        # Names may hold dots (file.c:name): the field follows the last one.
        m = re.fullmatch(r"(.+)\.(\w+)/(.+)\.(\w+)<([0-9.]+)", spec)
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
    for spec in args.near:
        m = re.fullmatch(r"(.+)\.(\w+)=([0-9]+)@([0-9.]+)%", spec)
        if not m:
            fail("bad --near '%s'" % spec)
        name, field, want, percent = m.groups()
        owner = profile["probe_cost"] if name == "probe_cost" else functions.get(name)
        if owner is None or field not in owner:
            fail("--near: no %s.%s" % (name, field))
        have, want = owner[field], int(want)
        if abs(have - want) > want * float(percent) / 100:
            fail("%s.%s = %d, not within %s%% of %d (%+.2f%%)"
                 % (name, field, have, percent, want,
                    100.0 * (have - want) / max(1, want)))
        print("near %s.%s within %s%% of %d" % (name, field, percent, want))


if __name__ == "__main__":
    main()

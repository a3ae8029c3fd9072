#!/usr/bin/env python3
"""profile_table.py - print a Fluid profile as a table.

Usage: profile_table.py FILE [--top N]

FILE is a profile file or any log holding a framed profile. The frame's byte
count and CRC-32 are verified first; a damaged profile is refused with a
one-line error and exit status 1. (Interim tool: fluid-prof will own this.)
"""
import argparse
import json
import re
import sys
import zlib

BEGIN = b"--- FLUID PROFILE BEGIN v1 ---\n"
END = re.compile(rb"--- FLUID PROFILE END bytes=(\d+) crc32=([0-9a-f]{8}) ---\n")


class ProfileError(Exception):
    pass


def extract(data, path):
    """The JSON of the first framed profile in `data`, verified."""
    start = data.find(BEGIN)
    if start < 0:
        raise ProfileError("%s: no '--- FLUID PROFILE BEGIN v1 ---' line" % path)
    start += len(BEGIN)
    end = END.search(data, start)
    if not end:
        raise ProfileError("%s: profile is truncated (no END line)" % path)
    payload = data[start:end.start()]
    if len(payload) != int(end.group(1)):
        raise ProfileError("%s: payload has %d bytes, END line says %s"
                           % (path, len(payload), end.group(1).decode()))
    crc = "%08x" % (zlib.crc32(payload) & 0xffffffff)
    if crc != end.group(2).decode():
        raise ProfileError("%s: CRC mismatch: computed %s, END line says %s"
                           % (path, crc, end.group(2).decode()))
    try:
        profile = json.loads(payload)
    except ValueError as e:
        raise ProfileError("%s: payload is not JSON: %s" % (path, e))
    if profile.get("format") != "fluid-profile" or profile.get("version") != 1:
        raise ProfileError("%s: not a fluid-profile version 1" % path)
    return profile


def print_table(profile, top):
    functions = sorted(profile["functions"], key=lambda f: -f["self_cycles"])
    total_self = sum(f["self_cycles"] for f in functions) or 1
    print("Fluid profile: %s, clock %s, probe cost %d+%d cycles/call" % (
        profile["target"], profile["clock"], profile["probe_cost"]["inner"],
        profile["probe_cost"]["outer"]))
    print("%-32s %10s %14s %7s %14s %10s" % ("function", "calls", "self cycles", "self%",
                                             "incl cycles", "avg incl"))
    for f in functions[:top]:
        print("%-32s %10d %14d %6.1f%% %14d %10d" % (
            f["name"][:32], f["calls"], f["self_cycles"], 100.0 * f["self_cycles"] / total_self,
            f["total_cycles"], f["total_cycles"] // max(1, f["calls"])))
    if len(functions) > top:
        print("... %d more functions" % (len(functions) - top))
    print()
    print("%-32s    %-32s %10s" % ("caller", "callee", "calls"))
    for e in sorted(profile["edges"], key=lambda e: -e["calls"])[:top]:
        print("%-32s -> %-32s %10d" % (e["caller"][:32], e["callee"][:32], e["calls"]))
    events = {k: v for k, v in profile["events"].items() if v and k != "threads"}
    print()
    print("threads: %d; events: %s" % (profile["events"]["threads"],
                                       ", ".join("%s=%d" % kv for kv in sorted(events.items())) or "none"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    try:
        with open(args.file, "rb") as f:
            profile = extract(f.read(), args.file)
    except (OSError, ProfileError) as e:
        print("profile_table: error: %s" % e, file=sys.stderr)
        sys.exit(1)
    print_table(profile, args.top)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""run_times.py N PROFILE_PATTERN [--stdout TEXT] -- COMMAND... - run a program N times.

Runs COMMAND N times in a row, each with FLUID_PROFILE_FILE set to
PROFILE_PATTERN with "{}" replaced by the run's number (0..N-1), so each run
leaves its own profile. Every run must exit with status 0 and, with
--stdout, print exactly TEXT (a line, newline added). Prints "N runs" when
all did. Exit status 1 with a one-line reason naming the run otherwise.

Tests that must hold in every run of a racy program (threads still running
at exit) run it through this, then check every profile.
"""
import argparse
import os
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", type=int)
    parser.add_argument("pattern")
    parser.add_argument("--stdout")
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    command = argv[split + 1:]
    if not command or "{}" not in args.pattern:
        print("run_times: error: need a PROFILE_PATTERN with {} and a command",
              file=sys.stderr)
        return 1
    for run in range(args.runs):
        env = dict(os.environ, FLUID_PROFILE_FILE=args.pattern.replace("{}", str(run)))
        done = subprocess.run(command, env=env, capture_output=True, timeout=60)
        output = done.stdout.decode(errors="replace")
        if done.returncode != 0:
            print("run_times: error: run %d exited with %d: %s"
                  % (run, done.returncode,
                     done.stderr.decode(errors="replace").strip()[:300]),
                  file=sys.stderr)
            return 1
        if args.stdout is not None and output != args.stdout + "\n":
            print("run_times: error: run %d printed %r, not %r"
                  % (run, output[:200], args.stdout), file=sys.stderr)
            return 1
    print("%d runs" % args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

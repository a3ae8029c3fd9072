"""steps.py - run the loop's steps: one progress line each, with its time;
a failure names the step, the command and the log to read.

    steps = Steps(out_dir)
    steps.run("build the instrumented kernel", ["cmake", "--build", d],
              log="instrumented/build.log")
    with steps.step("plan the levels"):        # work done in Python
        ...
Every command's output goes to its log under the output directory, never to
the terminal. A failed step raises StepFailed, which main() turns into one
"fluid-rebuild: error: ..." line and exit status 1.
"""
import json
import os
import shlex
import subprocess
import sys
import time
from contextlib import contextmanager

TOOL = "fluid-rebuild"


class StepFailed(Exception):
    """A step failed; str() is the one-line message for the user."""


def quote(argv):
    return " ".join(shlex.quote(str(a)) for a in argv)


class Steps:
    def __init__(self, out_dir, stream=None):
        self.out_dir = out_dir
        self.stream = stream or sys.stderr
        self.count = 0
        self.started = time.monotonic()
        self.current = None

    def progress(self, message):
        print("%s: %s" % (TOOL, message), file=self.stream, flush=True)

    def path(self, *parts):
        return os.path.join(self.out_dir, *parts)

    @contextmanager
    def step(self, name):
        """A step done in Python: progress line, timing, failures named."""
        self.count += 1
        self.current = name
        begin = time.monotonic()
        self.progress("[%2d] %s ..." % (self.count, name))
        try:
            yield
        except StepFailed:
            raise
        except OSError as error:
            raise StepFailed("step '%s' failed: %s" % (name, error))
        except json.JSONDecodeError as error:  # a tool's output we read back
            raise StepFailed("step '%s' failed: not JSON: %s" % (name, error))
        self.progress("[%2d] %s: done in %.1f s" % (self.count, name, time.monotonic() - begin))
        self.current = None

    def run(self, name, argv, log, env=None, cwd=None, ok_status=(0,), input_text=None):
        """Runs argv as step `name`, output (stdout and stderr) to `log`
        (relative to the output directory). Returns the exit status."""
        with self.step(name):
            return self.command(argv, log, env=env, cwd=cwd, ok_status=ok_status,
                                input_text=input_text, what="step '%s'" % name)

    def command(self, argv, log, env=None, cwd=None, ok_status=(0,), input_text=None,
                what=None):
        """Runs one command inside the current step."""
        what = what or "step '%s'" % (self.current or "?")
        log_path = log if os.path.isabs(log) else self.path(log)
        os.makedirs(os.path.dirname(log_path), exist_ok=True)
        with open(log_path, "w") as out:
            out.write("$ %s\n" % quote(argv))
            out.flush()
            try:
                result = subprocess.run([str(a) for a in argv], stdout=out,
                                        stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                        input=input_text, text=True)
            except FileNotFoundError:
                raise StepFailed("%s failed: '%s' not found (command: %s)"
                                 % (what, argv[0], quote(argv)))
        if result.returncode not in ok_status:
            raise StepFailed("%s failed with status %d: %s; read %s"
                             % (what, result.returncode, quote(argv), log_path))
        return result.returncode

    def elapsed(self):
        return time.monotonic() - self.started

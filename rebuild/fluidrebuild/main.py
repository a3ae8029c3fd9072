"""main.py - fluid-rebuild's command line.

    fluid-rebuild [KERNEL OPTIONS]         the test kernel's loop (kernel.py)
    fluid-rebuild program [OPTIONS]        a hosted program's loop (hosted.py)

Every expected failure raises StepFailed (steps.py), printed here as one
"fluid-rebuild: error: ..." line with exit status 1.
"""
import sys

from .steps import TOOL, StepFailed


def main(argv):
    try:
        if argv and argv[0] == "program":
            from . import hosted
            return hosted.main(argv[1:])
        from . import kernel
        return kernel.main(argv)
    except StepFailed as failure:  # every expected failure, FigureError too
        print("%s: error: %s" % (TOOL, failure), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("%s: interrupted" % TOOL, file=sys.stderr)
        return 130

"""plan_options.py - fluid-prof plan's thresholds (the shares and bareflow
policies), listed once for the kernel loop's and the hosted loop's parsers.

    add_arguments(group)   --hot-share ... --warm-cycles, --plan-base-level
    given(args)            the options the user gave, as spelled
    plan_argv(args)        fluid-prof plan's options for the ones given

fluid-rebuild's --plan-base-level is fluid-prof plan's --base-level (the
level of the executed functions neither hot nor cold). It has its own name
because the kernel loop's --base-level is the Fluid build's command-line
level, a different thing.
"""

# (fluid-rebuild's option, fluid-prof plan's option, help)
PLAN_OPTIONS = [
    ("hot-share", "hot-share", "shares: the top functions covering this share of self "
                               "cycles are hot (default 0.9)"),
    ("cold-share", "cold-share", "shares: executed functions beyond the top ones covering "
                                 "this share are cold (default 0.99)"),
    ("hot-level", "hot-level", "shares: level of hot functions (default O3)"),
    ("plan-base-level", "base-level", "shares: level of the other executed functions "
                                      "(fluid-prof plan --base-level; default O2)"),
    ("cold-level", "cold-level", "shares: level of cold functions (default Os)"),
    ("never-level", "never-level", "shares: level of functions that never ran (default Oz)"),
    ("hot-calls", "hot-calls", "bareflow: O3 from this many calls (default 1000)"),
    ("hot-cycles", "hot-cycles", "bareflow: O3 from this many inclusive cycles "
                                 "(default 1000000)"),
    ("warm-calls", "warm-calls", "bareflow: O2 from this many calls (default 100)"),
    ("warm-cycles", "warm-cycles", "bareflow: O2 from this many inclusive cycles "
                                   "(default 100000)"),
]


def _value(args, name):
    return getattr(args, name.replace("-", "_"))


def add_arguments(group):
    for name, _, help_text in PLAN_OPTIONS:
        group.add_argument("--" + name, metavar="VALUE", help=help_text)


def given(args):
    return ["--" + name for name, _, _ in PLAN_OPTIONS if _value(args, name) is not None]


def plan_argv(args):
    return ["--%s=%s" % (option, _value(args, name)) for name, option, _ in PLAN_OPTIONS
            if _value(args, name) is not None]

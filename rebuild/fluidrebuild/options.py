"""options.py - the options both loops take (the kernel loop's and
`fluid-rebuild program`'s), each defined once with one meaning, and the
checks that go with them.

    add_arguments(parser, built, out_default)  --out, --placement, --rounds,
                                               --flame-graph, --policy, then
                                               the measured policy's and
                                               fluid-prof plan's groups
    check_arguments(parser, args, rounds, more)  defaults that depend on
                                               --policy; one parser.error
                                               for a bad combination

`built` names what a loop builds ("kernel", "build"), in the help only.
Under --policy=measured every instrumented build is post-inline (the cost
tables time what survives inlining at each level) and fluid-prof plan's
thresholds mean nothing: either given is an error in both loops.
"""
import argparse

from . import measured
from . import plan_options

POLICIES = ["measured", "shares", "bareflow"]
MEASURED_PLACEMENT = "post-inline"  # the cost tables time what survives inlining


def add_arguments(parser, built, out_default):
    """The shared options, then the measured policy's group and fluid-prof
    plan's (their titles name the policies they belong to)."""
    parser.add_argument("--out", default=None, metavar="DIR",
                        help="output directory (default %s); every build stays there"
                             % out_default)
    parser.add_argument("--placement", choices=["post-inline", "pre-inline"], default=None,
                        help="shares, bareflow: where the instrumented %s's hooks go "
                             "(default post-inline: the functions that survive inlining "
                             "are timed with what was inlined into them, so a hot loop's "
                             "caller is planned hot; pre-inline gives every source "
                             "function a level); the measured policy's are post-inline"
                             % built)
    parser.add_argument("--rounds", type=int, default=None, metavar="N",
                        help="measured: solve, build and measure up to N rounds, each "
                             "after the first asking for what the model missed, stopping "
                             "once the budgets hold or a round gains nothing (default 3); "
                             "shares, bareflow (the kernel loop): profile the rebuilt "
                             "kernel and plan again, up to N rounds, stopping once a "
                             "round gains less than 2%% (default 1)")
    parser.add_argument("--flame-graph", action=argparse.BooleanOptionalAction, default=True,
                        help="draw the report's flame graph (OUT/flame.svg, default on): "
                             "one more %s, instrumented as the plan's profile was "
                             "(measured: at -O2, or the first level measured) with calling "
                             "contexts, run once; its figures are not the loop's" % built)
    parser.add_argument("--policy", choices=POLICIES, default="measured",
                        help="measured (default): fluid-prof optimize over profiles and "
                             "uniform %ss at every level of --measure-levels; shares, "
                             "bareflow: fluid-prof plan's rules over one -O2 profile"
                             % built)
    group = parser.add_argument_group("the measured policy (docs/measured-levels.md)")
    measured.add_arguments(group, built)
    plan_options.add_arguments(
        parser.add_argument_group("shares and bareflow (passed to fluid-prof plan)"))
    return group


def check_arguments(parser, args, more=None):
    """Fills the defaults that depend on --policy (--rounds, --placement)
    and refuses what the policy cannot use; `more` ({option: value}) are
    the loop's own measured-only options."""
    if args.rounds is None:
        args.rounds = 3 if args.policy == "measured" else 1
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    measured.check_arguments(parser, args, more=more)
    if args.policy == "measured":
        given = plan_options.given(args)
        if given:
            parser.error("%s: fluid-prof plan's options need --policy=shares or bareflow"
                         % ", ".join(given))
        if args.placement not in (None, MEASURED_PLACEMENT):
            parser.error("--placement=%s: the measured policy's builds are %s (its cost "
                         "tables time what survives inlining at each level)"
                         % (args.placement, MEASURED_PLACEMENT))
    args.placement = args.placement or "post-inline"


def contexts_level(args):
    """The level of the flame graph's build, the level of the profile the
    plan came from: -O2 (measured: -O2 if measured, else the first level
    measured)."""
    levels = args.measure_levels if args.policy == "measured" else ["O2"]
    return "O2" if "O2" in levels else levels[0]

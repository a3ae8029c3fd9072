#!/usr/bin/env python3
"""merge_scale.py FLUID_PROF PROFILE DIR MARGIN_KIB - merge in bounded memory.

Writes 10,000 copies of PROFILE (a small framed profile) into DIR, merges
the first 10 and then all 10,000 with `fluid-prof merge --files-from`, and
measures each run's peak resident set (os.wait4's rusage of that child
alone). Passes when the 10,000-profile merge peaks within MARGIN_KIB of the
10-profile one (memory does not grow with the number of inputs) and its
result is exactly 10,000 times PROFILE (merge_check.py). Prints both peaks
and 'ok', or one line saying what failed, exit status 1.
"""
import os
import subprocess
import sys

fluid_prof, profile, work = (os.path.abspath(a) for a in sys.argv[1:4])
margin = int(sys.argv[4])
COPIES = 10000
data = open(profile, "rb").read()
os.makedirs(os.path.join(work, "p"), exist_ok=True)
names = ["p/%05d.profile" % i for i in range(COPIES)]
for name in names:
    with open(os.path.join(work, name), "wb") as f:
        f.write(data)


def merge(count):
    """Peak RSS in KiB of merging the first `count` copies."""
    listed = os.path.join(work, "list%d" % count)
    with open(listed, "w") as f:
        f.write("\n".join(names[:count]) + "\n")
    out = os.path.join(work, "merged%d.profile" % count)
    child = subprocess.Popen([fluid_prof, "merge", "--files-from=" + listed,
                              "-o", out], cwd=work, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        print("merge_scale: error: merging %d profiles failed (%d)" % (count, child.returncode))
        sys.exit(1)
    return usage.ru_maxrss, out


small, _ = merge(10)
large, out = merge(COPIES)
print("peak RSS: 10 profiles %d KiB, %d profiles %d KiB" % (small, COPIES, large))
if large > small + margin:
    print("merge_scale: error: merging %d profiles took %d KiB more than 10 (margin %d KiB)"
          % (COPIES, large - small, margin))
    sys.exit(1)
check = os.path.join(os.path.dirname(os.path.abspath(__file__)), "merge_check.py")
result = subprocess.run([sys.executable, check, profile, out, str(COPIES)],
                        stdout=subprocess.PIPE, text=True)
print(result.stdout.strip())
sys.exit(result.returncode)

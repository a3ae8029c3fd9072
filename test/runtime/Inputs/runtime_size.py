#!/usr/bin/env python3
"""runtime_size.py LLVM_SIZE LIMIT ARCHIVE... - the code of each freestanding
runtime archive, counted as bench/overhead.sh counts it: the executable
sections (.text*) of its members, summed, from `llvm-size -A`. Prints one line
per archive, `NAME code=N text=T under LIMIT` (or `OVER LIMIT`), where T is
llvm-size's Berkeley text column (code plus read-only data: the profile's
JSON keys), for information. Exits 1 when an archive's code is LIMIT bytes or
more, 2 when llvm-size cannot read one."""
import os
import subprocess
import sys


def llvm_size(tool, args, archive):
    run = subprocess.run([tool] + args + [archive], capture_output=True, text=True)
    if run.returncode != 0:
        print("runtime_size.py: error: %s: %s" % (archive, run.stderr.strip()),
              file=sys.stderr)
        sys.exit(2)
    return run.stdout.splitlines()


def code_bytes(tool, archive):
    """Sum of the .text* section sizes over the archive's members."""
    total = 0
    for line in llvm_size(tool, ["-A"], archive):
        fields = line.split()
        if len(fields) >= 2 and fields[0].startswith(".text") and fields[1].isdigit():
            total += int(fields[1])
    return total


def berkeley_text(tool, archive):
    """Sum of the Berkeley text column over the archive's members."""
    rows = llvm_size(tool, [], archive)[1:]
    return sum(int(row.split()[0]) for row in rows if row.split())


def main():
    if len(sys.argv) < 4 or not sys.argv[2].isdigit():
        print("usage: runtime_size.py LLVM_SIZE LIMIT ARCHIVE...", file=sys.stderr)
        return 2
    tool, limit = sys.argv[1], int(sys.argv[2])
    over = False
    for archive in sys.argv[3:]:
        code = code_bytes(tool, archive)
        over |= code >= limit
        print("%s code=%d text=%d %s %d" % (os.path.basename(archive), code,
                                            berkeley_text(tool, archive),
                                            "OVER" if code >= limit else "under", limit))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""mutate_elf.py AUDIT SEED_ELF... - fluid-audit against damaged ELF files.

Writes N mutants of each seed (random byte flips biased towards the ELF,
section and symbol headers; truncations; zeroed and all-ones fields) with a
fixed random seed and runs `AUDIT --cpu=qemu64 FILE` on each. Every run must
end with status 0, 1 or 2 (clean, findings, bad input), never a signal or a
hang, and a status 2 must print exactly one "fluid-audit: error:" line.
Prints one summary line; exit status 1 on the first violation.
"""
import os
import random
import struct
import subprocess
import sys
import tempfile

RUNS_PER_SEED = 50


def mutants(data, rng):
    for _ in range(RUNS_PER_SEED):
        buf = bytearray(data)
        kind = rng.randrange(4)
        if kind == 0:  # truncate
            del buf[rng.randrange(len(buf)):]
        elif kind == 1:  # flip bytes in the ELF header or a header table
            shoff = struct.unpack_from("<Q", buf, 0x28)[0] if buf[4] == 2 else \
                struct.unpack_from("<I", buf, 0x20)[0]
            hot = [rng.randrange(0, 64)]
            if 0 < shoff < len(buf):
                hot.append(rng.randrange(shoff, len(buf)))
            for _ in range(rng.randrange(1, 8)):
                at = rng.choice(hot + [rng.randrange(len(buf))])
                buf[at] = rng.randrange(256)
        elif kind == 2:  # a 4- or 8-byte field set to 0 or all ones
            at = rng.randrange(max(1, len(buf) - 8))
            width = rng.choice((4, 8))
            buf[at:at + width] = (b"\xff" if rng.random() < 0.5 else b"\0") * width
        else:  # random flips anywhere
            for _ in range(rng.randrange(1, 32)):
                buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
        yield bytes(buf)


def main():
    audit, seeds = sys.argv[1], sys.argv[2:]
    rng = random.Random(20261121)
    counts = {0: 0, 1: 0, 2: 0}
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "mutant.o")
        for seed in seeds:
            data = open(seed, "rb").read()
            for index, mutant in enumerate(mutants(data, rng)):
                with open(path, "wb") as f:
                    f.write(mutant)
                try:
                    r = subprocess.run([audit, "--cpu=qemu64", path], capture_output=True,
                                       text=True, errors="replace", timeout=30)
                except subprocess.TimeoutExpired:
                    sys.exit("mutate_elf: %s mutant %d: fluid-audit hung" % (seed, index))
                if r.returncode not in counts:
                    sys.exit("mutate_elf: %s mutant %d: status %d: %s" % (
                        seed, index, r.returncode, r.stderr.strip()[-300:]))
                if r.returncode == 2 and len(r.stderr.splitlines()) != 1:
                    sys.exit("mutate_elf: %s mutant %d: status 2 with stderr %r" % (
                        seed, index, r.stderr))
                counts[r.returncode] += 1
    print("mutate_elf: %d runs: %d clean, %d with findings, %d refused, no crash" % (
        sum(counts.values()), counts[0], counts[1], counts[2]))


main()

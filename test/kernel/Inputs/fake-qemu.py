#!/usr/bin/env python3
"""fake-qemu.py - stands in for qemu-system-* to test qemu-run's decoding.

Writes FAKE_QEMU_SERIAL (if set) to the file named by `-serial file:PATH`,
then exits with FAKE_QEMU_EXIT, or sleeps forever when that is "hang".
"""
import os
import sys
import time

arguments = sys.argv[1:]
for index, argument in enumerate(arguments[:-1]):
    if argument == "-serial" and arguments[index + 1].startswith("file:"):
        with open(arguments[index + 1][len("file:"):], "w") as log:
            log.write(os.environ.get("FAKE_QEMU_SERIAL", "").replace("\\n", "\n"))
if os.environ.get("FAKE_QEMU_EXIT") == "hang":
    time.sleep(3600)
print(os.environ.get("FAKE_QEMU_STDERR", ""), file=sys.stderr)
sys.exit(int(os.environ.get("FAKE_QEMU_EXIT", "0")))

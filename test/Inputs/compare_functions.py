#!/usr/bin/env python3
"""compare_functions.py - does each function's machine code match a reference?

    compare_functions.py [--ignore-padding] OBJDUMP MIXED.o FUNC=REF.o [FUNC=REF.o ...]

Disassembles FUNC in MIXED.o and in REF.o (llvm-objdump -d, no addresses, no
raw bytes) and compares the instruction lists after normalising what depends
on where the function sits: absolute addresses of branch targets (kept as
<symbol+offset>, which is position independent; a call resolved by a
relocation as <target>) and the padding after the last instruction. Prints one line per function (same / DIFFERENT, with a diff;
"absent from both" when neither object keeps the function out of line)
and exits 1 if any differs or is missing from one object only.
--ignore-padding also drops the nops inside a function (loop alignment:
how many bytes pad a loop depends on where the function sits in its
section, as when assembly output is assembled in one file).
"""
import difflib
import re
import subprocess
import sys


def disassemble(objdump, obj, func, ignore_padding=False):
    out = subprocess.run(
        [objdump, "-dr", "--no-show-raw-insn", "--no-leading-addr",
         "--disassemble-symbols=" + func, obj],
        check=True, capture_output=True, text=True).stdout
    lines = []
    started = False
    for line in out.splitlines():
        if line.startswith("<" + func + ">:"):
            started = True
            continue
        if not started or not line.strip():
            continue
        reloc = re.search(r"R_(X86_64|386)_\w+\s+([^\s+-]+)", line)
        if reloc:
            # A call or jump resolved by a relocation (to a function of
            # another part) names its target like a resolved one does.
            if lines and "<" in lines[-1]:
                lines[-1] = re.sub(r"<[^>]*>", "<%s>" % reloc.group(2), lines[-1])
            continue
        # "jne 0x1c <f0+0x1c>" -> "jne <f0+0x1c>"
        line = re.sub(r"0x[0-9a-f]+ <", "<", line.strip())
        line = re.sub(r"\s+", " ", line)
        if ignore_padding and re.match(r"(nop|data16|int3)", line):
            continue
        lines.append(line)
    # Padding after the last instruction belongs to the layout, not to the
    # function (the assembler pads with nops, ld -r with int3).
    while lines and re.match(r"(nop|int3|data16)", lines[-1]):
        lines.pop()
    return lines


def main():
    args = sys.argv[1:]
    ignore = args[0] == "--ignore-padding"
    if ignore:
        args = args[1:]
    objdump, mixed = args[0], args[1]
    bad = 0
    for spec in args[2:]:
        func, ref = spec.split("=", 1)
        got = disassemble(objdump, mixed, func, ignore)
        want = disassemble(objdump, ref, func, ignore)
        if not got and not want:
            # Inlined everywhere in both: no code of its own to compare.
            print("%s: absent from both" % func)
        elif not got or not want:
            print("%s: MISSING (%d vs %d instructions)" % (func, len(got), len(want)))
            bad += 1
        elif got == want:
            print("%s: same as %s (%d instructions)" % (func, ref, len(got)))
        else:
            print("%s: DIFFERENT from %s" % (func, ref))
            sys.stdout.writelines(l + "\n" for l in difflib.unified_diff(want, got, ref, mixed, lineterm="", n=1))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

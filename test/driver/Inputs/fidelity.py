#!/usr/bin/env python3
"""fidelity.py - fluid-cc without --fluid-* flags produces clang's bytes.

Usage: fidelity.py CLANG FLUID_CC SOURCES WORKDIR

For each case of the table, runs clang and then fluid-cc with the same
arguments in the same directory (so paths embedded by -g, -MD and the
linker are equal), and compares every output file and stdout/stderr
byte for byte. Prints "identical CASE: N files" or "DIFFERENT CASE: what";
exit status 1 if any case differs.
"""
import os
import shutil
import subprocess
import sys

# (name, arguments, outputs to compare). "{c}" is the compiler (clang or
# fluid-cc), "{cxx}" its C++ form (clang++ or fluid-c++).
CASES = [
    ("compile", ["-c", "a.c"], ["a.o"]),
    ("output", ["-c", "a.c", "-o", "out.o"], ["out.o"]),
    ("assembly", ["-S", "a.c", "-o", "a.s"], ["a.s"]),
    ("preprocess", ["-E", "a.c"], []),
    ("deps-M", ["-M", "a.c"], []),
    ("deps-MM-MF", ["-MM", "-MF", "a.mm.d", "a.c"], ["a.mm.d"]),
    ("deps-MD-MF", ["-c", "-MD", "-MF", "a.d", "-MT", "a.o", "a.c"], ["a.d", "a.o"]),
    ("debug", ["-g", "-c", "a.c", "-o", "a.g.o"], ["a.g.o"]),
    ("O0", ["-O0", "-c", "a.c"], ["a.o"]),
    ("O1", ["-O1", "-c", "a.c"], ["a.o"]),
    ("O2", ["-O2", "-c", "a.c"], ["a.o"]),
    ("O3", ["-O3", "-c", "a.c"], ["a.o"]),
    ("Os", ["-Os", "-c", "a.c"], ["a.o"]),
    ("Oz", ["-Oz", "-c", "a.c"], ["a.o"]),
    ("shared-fPIC", ["-shared", "-fPIC", "b.c", "-o", "libb.so"], ["libb.so"]),
    ("relocatable", ["-r", "ra.o", "rb.o", "-o", "ab.o"], ["ab.o"]),
    ("x-c", ["-x", "c", "a.src", "-c", "-o", "src.o"], ["src.o"]),
    ("x-c++", ["-x", "c++", "hello.cc", "-c", "-o", "hello.o"], ["hello.o"]),
    ("response-file", ["@args.rsp"], ["rsp.o"]),
    ("multiple-inputs", ["-O1", "-c", "a.c", "b.c"], ["a.o", "b.o"]),
    ("link", ["-O1", "a.c", "b.c", "-o", "prog"], ["prog"]),
    ("syntax-warning", ["-fsyntax-only", "-Wall", "-Wextra", "warn.c"], []),
    ("c++-driver", ["{cxx}", "-O1", "-c", "hello.cc", "-o", "hello.o"], ["hello.o"]),
]


def run(compiler, cxx, args, workdir):
    argv = [compiler] + args
    if args and args[0] == "{cxx}":
        argv = [cxx] + args[1:]
    result = subprocess.run(argv, cwd=workdir, capture_output=True)
    return result.returncode, result.stdout, result.stderr


def main():
    clang, fluid_cc, sources, workdir = sys.argv[1:5]
    clangxx = clang + "++"
    fluid_cxx = os.path.join(os.path.dirname(fluid_cc), "fluid-c++")
    for name in os.listdir(sources):
        shutil.copy(os.path.join(sources, name), workdir)
    shutil.copy(os.path.join(workdir, "a.c"), os.path.join(workdir, "a.src"))
    with open(os.path.join(workdir, "args.rsp"), "w") as f:
        f.write("-O2 -c\n'a.c' -o rsp.o\n")
    with open(os.path.join(workdir, "warn.c"), "w") as f:
        f.write("int f(int unused) { int x; return 0; }\n")
    # Objects for the -r case.
    for source in ("a", "b"):
        subprocess.run([clang, "-c", source + ".c", "-o", "r%s.o" % source],
                       cwd=workdir, check=True)
    failed = False
    for name, args, outputs in CASES:
        results = []
        for compiler, cxx in ((clang, clangxx), (fluid_cc, fluid_cxx)):
            status, out, err = run(compiler, cxx, args, workdir)
            files = []
            for output in outputs:
                path = os.path.join(workdir, output)
                if not os.path.exists(path):
                    files.append(None)
                    continue
                with open(path, "rb") as f:
                    files.append(f.read())
                os.unlink(path)
            results.append((status, out, err, files))
        (s1, o1, e1, f1), (s2, o2, e2, f2) = results
        what = [w for w, a, b in (("status", s1, s2), ("stdout", o1, o2),
                                  ("stderr", e1, e2)) if a != b]
        what += [outputs[i] for i in range(len(outputs)) if f1[i] != f2[i]]
        what += ["no " + outputs[i] for i in range(len(outputs)) if f1[i] is None]
        if s1 != 0 and name != "syntax-warning":
            what.append("clang failed: " + e1.decode(errors="replace"))
        if what:
            failed = True
            print("DIFFERENT %s: %s" % (name, ", ".join(what)))
        else:
            print("identical %s: %d files, %d bytes of output" % (
                name, len(outputs), len(o1) + len(e1)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

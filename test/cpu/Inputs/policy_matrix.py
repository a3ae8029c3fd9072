#!/usr/bin/env python3
"""policy_matrix.py - every QEMU model x -march through the CPU policy.

Prints each combination's policy flags, checks that fluid-cc's
--fluid-print-cpu-flags gives the same, builds kernels through fluid-cc
--fluid-cpu=MODEL -march=ARCH, boots each on the models whose flags it was
built with (iters=1, every module's checksum checked by the kernel) and
audits it with fluid-audit for each such model. Two jobs at a time. One line
per result; the lit test checks the lines.

Which kernels: a model's flag lists (one per -march) usually nest, a
narrower -march enabling a subset of a wider one's instruction-set
extensions. The extensions a flag list enables are the feature macros
fluid-cc predefines with it (`-E -dM`: __AVX2__, __MOVBE__, ...), and the
compiler emits no instruction of an extension it was not given. So per
model one kernel is built from the flag list whose extensions contain every
other list's of that model and which avoids gathers (-mno-gather) if any of
them does; the lists it covers are printed as covered, with the list that
covers them. A model whose lists do not nest gets a kernel per list, as
before. (Tuning differs between the lists, the instructions' extensions do
not: the audit checks extensions.)

Each job builds in one of two CMake trees per architecture, reconfigured
with the kernel's FLUID_OPT: CMake detects the compilers once per tree, not
once per kernel (that detection took longer than the kernel's own build);
every kernel is still compiled and linked from its own flags (Ninja reruns
every command whose flags changed), then copied out before the tree is
handed to the next job.
"""
import concurrent.futures, os, queue, re, shutil, subprocess, sys

def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)

def features(fluid_cc, model, march, arch):
    """The instruction-set feature macros fluid-cc predefines for a model and
    -march (names like __AVX2__; arch and tuning names are lower case)."""
    out = run([fluid_cc, "--fluid-cpu=" + model, "-march=" + march, "-E", "-dM",
               "-x", "c", os.devnull] + (["-m32"] if arch == "i386" else []))
    if out.returncode:
        sys.exit("feature macros failed for %s %s: %s" % (model, march, out.stderr))
    return frozenset(m.group(1) for m in
                     re.finditer(r"^#define (__[A-Z0-9_]+__) 1$", out.stdout, re.M))

def covering_lists(fluid_cc, builds):
    """The (arch, flags) keys to build, each with the models to boot it on:
    per model, the key covering its other keys (see the docstring), or all
    of its keys when none does. Prints what each covered key is covered by."""
    per_model = {}
    for key, models in builds.items():
        for model in models:
            per_model.setdefault(model, []).append(key)
    chosen = {}
    for model, keys in sorted(per_model.items()):
        feats = {k: features(fluid_cc, model, example_march[(model, k)], k[0]) for k in keys}
        gather = {k: "-mno-gather" in k[1].split() for k in keys}
        cover = [k for k in sorted(keys)
                 if all(feats[o] <= feats[k] and (gather[k] or not gather[o]) for o in keys)]
        picks = cover[:1] or sorted(keys)
        for k in picks:
            chosen.setdefault(k, set()).add(model)
        for k in sorted(set(keys) - set(picks)):
            print("covered %s [%s]: by [%s]" % (model, k[1], picks[0][1]))
    return chosen

example_march = {}

def main():
    bindir, src, qemu_run, work, models, marches = sys.argv[1:7]
    fluid_cc = os.path.join(bindir, "fluid-cc")
    os.makedirs(work, exist_ok=True)
    out = run([os.path.join(bindir, "fluid-cpu"), "matrix", "--cpu=" + models,
               "--march=" + marches])
    if out.returncode:
        sys.exit("matrix failed: " + out.stderr)
    builds = {}
    example = {}
    for line in out.stdout.splitlines():
        print("map", line)
        model, rest = line.split(" ", 1)
        march, flags = rest.split(": ", 1)
        arch = "i386" if model == "qemu32" else "x86_64"
        driver = run([fluid_cc, "--fluid-cpu=" + model, "--fluid-print-cpu-flags",
                      "-march=" + march] + (["-m32"] if arch == "i386" else []))
        if driver.stdout.strip() != flags:
            print("fluid-cc differs for %s %s: %s%s" % (model, march, driver.stdout.strip(),
                                                         driver.stderr.strip()))
        builds.setdefault((arch, flags), set()).add(model)
        example.setdefault((arch, flags), (model, march))
        example_march[(model, (arch, flags))] = march
    chosen = covering_lists(fluid_cc, builds)
    print("distinct kernels", len(builds), "built", len(chosen), flush=True)
    builds = chosen

    trees = queue.Queue()
    for slot in range(2):
        trees.put(slot)
    def build(index, key):
        arch, flags = key
        model, march = example[key]
        slot = trees.get()
        try:
            tree = os.path.join(work, "tree-%s-%d" % (arch, slot))
            for cmd in (["cmake", "-S", os.path.join(src, "kernel"), "-B", tree, "-G", "Ninja",
                         "-DCMAKE_C_COMPILER=" + fluid_cc, "-DFLUID_ARCH=" + arch,
                         "-DFLUID_OPT=-O2 -march=%s --fluid-cpu=%s" % (march, model)],
                        ["cmake", "--build", tree, "--target", "kernel.elf"]):
                r = run(cmd)
                if r.returncode:
                    tail = [l for l in r.stdout.splitlines() if "error" in l][-1:]
                    return None, ["build FAILED %s [%s]: %s" % (arch, flags, "".join(tail))]
            elf = os.path.join(work, "k%d" % index, "kernel.elf")
            os.makedirs(os.path.dirname(elf), exist_ok=True)
            shutil.copyfile(os.path.join(tree, "kernel.elf"), elf)
            return elf, []
        finally:
            trees.put(slot)
    def build_and_check(index, key):
        arch, flags = key
        elf, lines = build(index, key)
        if elf is None:
            return lines
        for model in sorted(builds[key]):
            boot = run(qemu_run.split() + (["--arch", "i386"] if arch == "i386" else []) +
                       ["--kernel", elf, "--cpu", model, "--cmdline", "iters=1"])
            audit = run([os.path.join(bindir, "fluid-audit"), "--cpu=" + model,
                         "--code32=mb_entry", "--skip=mb_header", "--skip=fluid_header",
                         "--skip=cpu_init", "--skip=cpu_dump_cpuid", "--skip=trap_common.xsave",
                         "--skip=trap_common.xrstor", elf])
            lines.append("boot %s [%s]: status %d" % (model, flags, boot.returncode))
            lines.append("audit %s [%s]: %s" % (model, flags, audit.stdout.splitlines()[-1] if audit.stdout else audit.stderr))
        return lines

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        for lines in pool.map(lambda item: build_and_check(*item), enumerate(sorted(builds))):
            for line in lines:
                print(line)

main()

"""tools.py - where fluid-rebuild's tools are, and the .text measurement,
shared by the kernel loop (kernel.py) and the hosted loop (hosted.py).

    tools = Tools(source)              # fluid-cc, fluid-prof, llvm-size, ...
    tools.check(KERNEL_NEEDS)          # StepFailed names the first one missing
    text_bytes(steps, tools, elf)      # .text (and .text.*) bytes, llvm-size -A
    tool_output(steps, argv)           # a measuring tool's stdout

A missing tool or a failed measurement raises StepFailed: one line for the
user, never a traceback.
"""
import os
import shutil
import subprocess
import sys

from .steps import StepFailed, quote

try:
    from . import config
except ImportError:  # run from the source tree
    config = None

# What each loop needs, by Tools attribute, and the hint for a missing one.
KERNEL_NEEDS = ["fluid_cc", "fluid_prof", "kernel_sources", "qemu_run", "llvm_size"]
KERNEL_HINT = "build Fluid first, or give --source"
HOSTED_NEEDS = ["fluid_cc", "fluid_cxx", "fluid_prof", "llvm_size"]
HOSTED_HINT = "build Fluid first"


class Tools:
    """Fluid's tools beside this launcher, the test kernel's sources, and
    LLVM's tools."""

    def __init__(self, source=None):
        bin_dir = os.path.dirname(os.path.realpath(sys.argv[0]))
        self.bin = bin_dir
        self.lib = os.path.normpath(os.path.join(bin_dir, "..", "lib", "fluid"))
        self.source = source or (config.SOURCE_DIR if config else
                                 os.path.normpath(os.path.join(bin_dir, "..", "..")))
        self.llvm = config.LLVM_ROOT if config else "/usr/lib/llvm-19"
        self.fluid_cc = os.path.join(bin_dir, "fluid-cc")
        self.fluid_cxx = os.path.join(bin_dir, "fluid-c++")
        self.fluid_prof = os.path.join(bin_dir, "fluid-prof")
        self.kernel_sources = os.path.join(self.source, "kernel", "CMakeLists.txt")
        self.qemu_run = os.path.join(self.source, "scripts", "qemu-run")
        self.clang = os.path.join(self.llvm, "bin", "clang")
        self.llvm_size = os.path.join(self.llvm, "bin", "llvm-size")
        self.llvm_nm = os.path.join(self.llvm, "bin", "llvm-nm")
        self.llvm_cxxfilt = os.path.join(self.llvm, "bin", "llvm-cxxfilt")

    def check(self, needs, hint, programs=()):
        """Raises StepFailed for the first of `needs` (attribute names) that
        does not exist, then for the first of `programs` not in PATH."""
        names = {"kernel_sources": "the test kernel's sources", "fluid_cxx": "fluid-c++"}
        for attribute in needs:
            path = getattr(self, attribute)
            if not os.path.exists(path):
                what = names.get(attribute, attribute.replace("_", "-"))
                raise StepFailed("%s not found at %s (%s)" % (what, path, hint))
        for program in programs:
            if not shutil.which(program):
                raise StepFailed("'%s' not found in PATH (scripts/install-deps installs it)"
                                 % program)


def tool_output(steps, argv):
    """stdout of a measuring tool (llvm-size, llvm-nm) run inside the current
    step; a failure is a one-line StepFailed naming the step and command."""
    try:
        result = subprocess.run([str(a) for a in argv], capture_output=True, text=True)
    except OSError as error:
        raise StepFailed("step '%s' failed: cannot run %s: %s"
                         % (steps.current, quote(argv), error.strerror or error))
    if result.returncode != 0:
        raise StepFailed("step '%s' failed with status %d: %s: %s"
                         % (steps.current, result.returncode, quote(argv),
                            result.stderr.strip()))
    return result.stdout


def text_bytes(steps, tools, path):
    """.text bytes of an ELF file (with any .text.* output section a linker
    kept apart), from llvm-size -A. A file llvm-size cannot read, or one
    with no .text, is a one-line StepFailed."""
    out = tool_output(steps, [tools.llvm_size, "-A", path])
    sizes = [int(fields[1]) for fields in (line.split() for line in out.splitlines())
             if len(fields) >= 2 and (fields[0] == ".text" or fields[0].startswith(".text."))]
    if not sizes:
        raise StepFailed("%s has no .text section" % path)
    return sum(sizes)

# lit configuration for Fluid's test suite (passes, runtime, driver, kernel).
#
# Substitutions every test can use:
#   %clang %clangxx %opt %FileCheck %llvm_profdata %llvm_objdump %llvm_nm ...
#                        LLVM 19's tools, never the system default clang
#   %fluid_plugin        the FluidPasses plugin
#   %fluid_lib           the directory holding the runtimes and the plugin
#   %fluid_include       the runtime's public header directory
#   %fluid_cc_instrument clang flags that instrument and honour
#                        no_instrument_function (what fluid-cc passes), and
#                        time every function (--fluid-time-all): tests of
#                        untimed functions ask for them by name
#   %fluid_link_hosted   linker flags for the hosted runtime
#   %fluid_link_sim_clock linker flags for the hosted runtime on the simulated
#                        clock (test-only; compile with -DFLUID_SIM_CLOCK and
#                        Inputs/sim_clock.h): exact cycles on any machine
#   %fluid_cc %fluid_cxx %fluid_audit %fluid_prof
#                        Fluid's tools in the build tree's bin/
#   %profile_check       test/Inputs/profile_check.py: verify a profile, list
#                        it one sorted line per function/edge/event
#   %fluid_build %fluid_src %python
#   %run_i386            prefix that runs an i386 Linux user program: empty
#                        where the host runs it natively, `qemu-i386` where
#                        it cannot (no IA32 emulation) or where
#                        FLUID_I386_RUNNER=qemu asks for it; tests that run
#                        one say `REQUIRES: i386-user` (UNSUPPORTED, with
#                        the reason noted at the top of the run, when
#                        neither path works)
import os
import shutil
import struct
import subprocess

import lit.formats

config.name = "Fluid"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".ll", ".c", ".cpp", ".test"]
config.excludes = ["Inputs", "unit", "fuzz", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.fluid_build_dir, "test")


def real_interpreter(python):
    """The interpreter `python` runs (sys.executable as it reports it). A
    version manager's shim (pyenv's: a shell script that chooses a version
    each time) cost 0.6 s of CPU per start here, and the suite starts
    Python hundreds of times."""
    try:
        out = subprocess.run([python, "-c", "import sys; print(sys.executable)"],
                             capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return python
    return out if out and os.access(out, os.X_OK) else python


config.python_executable = real_interpreter(config.python_executable)
# `python3` on PATH in tests (scripts' `#!/usr/bin/env python3`, CMake's
# find_package(Python3) in kernel builds) is that interpreter too: a
# directory of the build tree holding only python3 and python, first on PATH.
python_bin = os.path.join(config.fluid_build_dir, "test", "python-bin")
os.makedirs(python_bin, exist_ok=True)
for name in ["python3", "python"]:
    link = os.path.join(python_bin, name)
    if not os.path.islink(link) or os.readlink(link) != config.python_executable:
        fresh = "%s.%d" % (link, os.getpid())  # replaced in one step
        os.symlink(config.python_executable, fresh)
        os.replace(fresh, link)

llvm = config.llvm_bin_dir
plugin = os.path.join(config.fluid_lib_dir, "FluidPasses.so")
include = os.path.join(config.fluid_lib_dir, "include")

config.substitutions.append(("%clangxx", os.path.join(llvm, "clang++")))
config.substitutions.append(("%clang", os.path.join(llvm, "clang")))
config.substitutions.append(("%opt", os.path.join(llvm, "opt")))
config.substitutions.append(("%FileCheck", os.path.join(llvm, "FileCheck")))
for tool in ["llvm-profdata", "llvm-objdump", "llvm-nm", "llvm-readelf",
             "llvm-size", "llvm-dwarfdump", "llvm-symbolizer", "ld.lld", "not",
             "count"]:
    config.substitutions.append(
        ("%" + tool.replace("-", "_").replace(".", "_"), os.path.join(llvm, tool)))
config.substitutions.append(("%fluid_plugin", plugin))
config.substitutions.append(("%fluid_lib", config.fluid_lib_dir))
config.substitutions.append(("%fluid_include", include))
config.substitutions.append((
    "%fluid_cc_instrument",
    "-fpass-plugin={0} -Xclang -load -Xclang {0} "
    "-Xclang -finstrument-functions-after-inlining "
    "-mllvm -fluid-honor-no-instrument -mllvm -fluid-untimed-size=0 "
    "-I{1}".format(plugin, include)))
config.substitutions.append((
    "%fluid_link_hosted",
    "-L{0} -lfluid_rt_hosted -Wl,-rpath,{0}".format(config.fluid_lib_dir)))
sim_clock_dir = os.path.join(config.fluid_build_dir, "test", "simclock")
config.substitutions.append((
    "%fluid_link_sim_clock",
    "-L{0} -lfluid_rt_hosted_simclock -Wl,-rpath,{0}".format(sim_clock_dir)))
# After %fluid_cc_instrument: lit substitutes in order, and %fluid_cc is its prefix.
for tool in ["fluid-cc", "fluid-c++", "fluid-audit", "fluid-prof"]:
    key = "%" + tool.replace("-", "_").replace("c++", "cxx")
    config.substitutions.append((key, os.path.join(config.fluid_bin_dir, tool)))
config.substitutions.append(("%profile_check", "{} {}".format(
    config.python_executable,
    os.path.join(config.fluid_src_dir, "test", "Inputs", "profile_check.py"))))
config.substitutions.append(("%fluid_build", config.fluid_build_dir))
config.substitutions.append(("%fluid_src", config.fluid_src_dir))
config.substitutions.append(("%python", config.python_executable))

# FileCheck and friends by bare name too, as LLVM's own tests write them.
config.environment["PATH"] = os.pathsep.join(
    [config.fluid_bin_dir, llvm, python_bin, config.environment.get("PATH", "")])
# Profiles land in each test's own temporary files, never the source tree.
config.environment.pop("FLUID_PROFILE_FILE", None)


def i386_probe(directory):
    """A minimal i386 Linux ELF program (exit(42) by int $0x80), written by
    hand so the probe needs no compiler: the host either runs it or not."""
    base, entry = 0x08048000, 52 + 32
    code = bytes.fromhex("b801000000" "bb2a000000" "cd80")  # exit(42)
    size = entry + len(code)
    header = (b"\x7fELF\x01\x01\x01" + bytes(9) +
              struct.pack("<HHIIIIIHHHHHH", 2, 3, 1, base + entry, 52, 0, 0,
                          52, 32, 1, 0, 0, 0))
    program = struct.pack("<IIIIIIII", 1, 0, base, base, size, size, 5, 0x1000)
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "i386-probe")
    with open(path, "wb") as out:
        out.write(header + program + code)
    os.chmod(path, 0o755)
    return path


def i386_runs(command):
    """None when `command` ran the probe (exit status 42), else why not."""
    try:
        status = subprocess.run(command, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, timeout=60).returncode
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    return None if status == 42 else "exit status %d, not 42" % status


def choose_i386_runner():
    """(prefix, description) or (None, reason): how %run_i386 runs an i386
    user program. FLUID_I386_RUNNER=qemu forces QEMU (so that path is
    tested on hosts that run i386 programs natively), =native forces the
    host; unset or auto: natively if the host can, else qemu-i386."""
    wanted = os.environ.get("FLUID_I386_RUNNER", "auto") or "auto"
    if wanted not in ("auto", "native", "qemu"):
        return None, "FLUID_I386_RUNNER=%s: expected auto, native or qemu" % wanted
    probe = i386_probe(config.test_exec_root)
    native_error = None
    if wanted != "qemu":
        native_error = i386_runs([probe])
        if native_error is None:
            return "", "natively (the host runs i386 ELF programs)"
        if wanted == "native":
            return None, "FLUID_I386_RUNNER=native, but the host cannot: " + native_error
    qemu = shutil.which("qemu-i386")
    if not qemu:
        return None, "%sno qemu-i386 (Debian package qemu-user)" % (
            "the host cannot run them natively (%s) and " % native_error
            if native_error else "FLUID_I386_RUNNER=qemu but ")
    qemu_error = i386_runs([qemu, probe])
    if qemu_error:
        return None, "qemu-i386 cannot run them either: " + qemu_error
    reason = ("FLUID_I386_RUNNER=qemu" if wanted == "qemu"
              else "the host cannot run them natively: " + native_error)
    return qemu + " ", "under qemu-i386 (%s)" % reason


# Detected once per run, reported at its top.
i386_prefix, i386_how = choose_i386_runner()
if i386_prefix is None:
    lit_config.note("i386 user-space programs: cannot run them (%s); tests "
                    "that REQUIRE i386-user are UNSUPPORTED" % i386_how)
    config.substitutions.append(("%run_i386", "false"))
else:
    lit_config.note("i386 user-space programs run " + i386_how)
    config.available_features.add("i386-user")
    config.substitutions.append(("%run_i386 ", i386_prefix))
    config.substitutions.append(("%run_i386", i386_prefix.strip()))

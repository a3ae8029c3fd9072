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
#                        count-only probes ask for them by name
#   %fluid_link_hosted   linker flags for the hosted runtime
#   %fluid_cc %fluid_cxx %fluid_audit %fluid_prof
#                        Fluid's tools in the build tree's bin/
#   %profile_check       test/Inputs/profile_check.py: verify a profile, list
#                        it one sorted line per function/edge/event
#   %fluid_build %fluid_src %python
import os

import lit.formats

config.name = "Fluid"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".ll", ".c", ".cpp", ".test"]
config.excludes = ["Inputs", "unit", "fuzz", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.fluid_build_dir, "test")

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
    [config.fluid_bin_dir, llvm, config.environment.get("PATH", "")])
# Profiles land in each test's own temporary files, never the source tree.
config.environment.pop("FLUID_PROFILE_FILE", None)

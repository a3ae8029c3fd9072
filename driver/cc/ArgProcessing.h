//===- ArgProcessing.h - From fluid-cc's argv to the clang command -*- C++ -*-//
//
// processArgs is pure: it reads the arguments (response files already
// expanded) and a description of the installation, and returns the
// Invocation main executes: one clang command, the files it needs, what to
// print.
// Like ccache's argument processing, it computes the mode once and passes
// everything it does not understand to clang unchanged.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_ARGPROCESSING_H
#define FLUID_DRIVER_ARGPROCESSING_H

#include "CpuPolicy.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace fluid {
namespace driver {

/// What clang is asked to do, in clang's order of precedence.
enum class Mode { Info, Preprocess, SyntaxOnly, Assemble, Compile, Link };

enum class RuntimeKind { Auto, Hosted, Freestanding, None };

enum class Placement { None, PostInline, PreInline };

/// Where the tool is and what it wraps: everything processArgs would
/// otherwise learn from the file system or the environment.
struct Environment {
  std::string ProgramName = "fluid-cc"; // basename of argv[0]
  std::string LibDir;                   // <prefix>/lib/fluid
  std::string DefaultClang;             // baked in at configure time
  std::string DefaultClangXX;
  std::optional<std::string> ClangOverride;   // FLUID_CLANG
  std::optional<std::string> ClangXXOverride; // FLUID_CLANGXX
  std::string DefaultTriple = "x86_64-pc-linux-gnu";
  /// The machine fluid-cc runs on: what -march=native and --fluid-cpu=host
  /// mean to the CPU policy.
  cpu::HostCpu Host;
};

/// A file the invocation needs, and the flag that made it needed (for the error).
struct RequiredFile {
  std::string Path;
  std::string What; // "pass plugin", "runtime"
  std::string Flag; // "--fluid-instrument"
};

/// One argument of an Invocation's command as processArgs read it, so that no
/// later step parses the command again (driver/levels sorts it by these):
/// which options take a value is known only to Options.def.
struct ArgReading {
  enum Kind { Program, Input, Option, OptionValue };
  /// Option: any other argument starting with '-'; OptionValue: the separate
  /// value of the option before it.
  Kind TheKind = Option;
  /// Option and OptionValue: the option's spelling in Options.def ("-o", "-x"),
  /// empty when fluid-cc does not know it (clang's business).
  std::string Spelling;
  /// Option and OptionValue: the option's value, joined or separate. Input: the
  /// -x in effect ("" when none).
  std::string Value;
  bool Compiled = false; // Input: clang compiles it (C, C++, ObjC)
};

/// What processArgs makes of the command line: the one clang command to
/// run (or what to print instead), the files it needs, and the flags the
/// per-function level compile (driver/levels) follows. Named apart from
/// the level plan (driver/prof/Plan.h), which --fluid-profile reads.
struct Invocation {
  Mode TheMode = Mode::Link;
  bool CxxMode = false;
  std::string Program;       // the clang to exec
  std::string ProgramOrigin; // "FLUID_CLANG" or "the built-in clang"
  std::vector<std::string> Args; // argv, Args[0] == Program
  std::vector<ArgReading> Readings; // one per Args entry
  std::vector<RequiredFile> RequiredFiles;
  bool PrintHelp = false;
  bool PrintVersion = false; // Fluid's line, then clang --version runs
  bool Verbose = false;      // "fluid-cc: exec ..." on stderr
  /// Printed as "fluid-cc: warning: ..." before clang runs.
  std::vector<std::string> Warnings;
  /// --fluid-print-cpu-flags: print this line and exit without clang.
  std::optional<std::string> PrintOnly;
  /// --fluid-profile=FILE: compiles go through the per-function level split
  /// (driver/levels) instead of one clang command.
  std::string ProfileFile;
  /// --fluid-instrument (either placement) is on, and where.
  bool Instrument = false;
  bool InstrumentPreInline = false;
  /// Some -x was given (injected inputs need -x none).
  bool SawLanguage = false;
};

/// The language clang infers from a file name ("c", "c++", ...; "" when it
/// does not compile the file), and whether inputs in \p Language (clang's
/// -x names) go through code generation.
llvm::StringRef languageOfFile(llvm::StringRef File);
bool isCompiledLanguage(llvm::StringRef Language);

/// \p Args excludes argv[0]. Errors name the argument at fault.
llvm::Expected<Invocation> processArgs(llvm::ArrayRef<std::string> Args,
                                 const Environment &Env);

/// The text of --help.
std::string helpText(llvm::StringRef ProgramName);

} // namespace driver
} // namespace fluid

#endif

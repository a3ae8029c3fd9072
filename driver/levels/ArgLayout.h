//===- ArgLayout.h - Arguments sorted for a compile's steps --*- C++ -*-===//
//
// fluid-cc --fluid-profile runs several steps per source file (front ends,
// one compile per level, the link). The clang command processArgs made is
// sorted once into what every step keeps (flags, including the
// instrumentation and CPU-policy flags), the inputs, the output, the -O
// level and the dependency-file flags; each step then appends its own.
// Nothing is parsed again: processArgs' one reading of each argument
// (driver::ArgReading: input or option, the option's table spelling and
// value) decides where it goes, so which options take a value is known
// only to driver/cc/Options.def.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_ARGLAYOUT_H
#define FLUID_DRIVER_LEVELS_ARGLAYOUT_H

#include "ArgProcessing.h"
#include "Plan.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace fluid {
namespace levels {

struct Input {
  std::string Path;
  std::string Language; // the -x in effect, "" if none
  bool Compiled = false;
  size_t Position = 0; // index in Layout::All
};

/// The user's clang arguments, sorted for the steps.
struct Layout {
  std::vector<std::string> All;    // Args[1..], as processArgs left them
  std::vector<std::string> Common; // kept by every step
  std::vector<std::string> Deps;   // -MD and friends: the first front end only
  std::vector<Input> Inputs;
  std::optional<std::string> Output;
  OptLevel Level = OptLevel::O0;
  bool Fast = false; // -Ofast
  bool WantsDeps = false;
  bool HasDepFile = false;   // -MF or -Wp,-MD,FILE
  std::string DepFile;       // when known
  bool HasDepTarget = false; // -MT or -MQ
  std::vector<std::string> Refused; // flags this route cannot honour
  bool DebugInfo = false;           // the last -g... asks for debug info
};

/// The -O level \p Arg asks for ("-O", "-Og", "-Ofast" included), or
/// std::nullopt for anything else (-ObjC). Sets \p Fast for -Ofast.
std::optional<OptLevel> parseOptFlag(llvm::StringRef Arg, bool &Fast);

/// Sorts the clang command \p P (Args and their Readings) for the steps.
Layout sortArgs(const driver::Invocation &P);

} // namespace levels
} // namespace fluid

#endif

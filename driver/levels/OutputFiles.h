//===- OutputFiles.h - The compile's output and dependency file -*- C++ -*-===//
//
// The last stage of fluid-cc --fluid-profile's compile of a source: the
// joined object (or assembly) put where the build expects it, without a
// partial file ever showing there, and the plan named in the dependency
// file as an input, as clang -E's line markers name it for a cache.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_OUTPUTFILES_H
#define FLUID_DRIVER_LEVELS_OUTPUTFILES_H

#include "ArgLayout.h"
#include "ArgProcessing.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace fluid {
namespace levels {

class TempDir;

/// Where source \p In (the \p Index th) is compiled to: -o, else named
/// after the source in the current directory; before a link, a temporary
/// object in \p Temp.
std::string outputFileOf(const driver::Invocation &P, const Layout &L,
                         const Input &In, const TempDir &Temp,
                         unsigned Index);

/// The dependency file source \p In's compile writes (when the command asks
/// for one): -MF's (or -Wp,-MD's), else named after -o when compiling, else
/// after the source, with the extension .d.
std::string depFileOf(const driver::Invocation &P, const Layout &L,
                      const Input &In);

/// The dependency file `clang -E -MD` writes: -MF's, else named after -o
/// (up to its last dot), else after the first input's stem.
std::string preprocessDepFileOf(const Layout &L);

/// Moves \p From to \p To: renamed over it (copied next to it first when
/// on another file system), or written through to standard output ("-") or
/// a device.
llvm::Error placeOutput(const std::string &From, const std::string &To);

/// Adds \p PlanFile to the first rule of the dependency file \p DepFile.
llvm::Error addPlanToDepFile(const std::string &DepFile,
                             llvm::StringRef PlanFile);

} // namespace levels
} // namespace fluid

#endif // FLUID_DRIVER_LEVELS_OUTPUTFILES_H

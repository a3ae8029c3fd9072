//===- FrontEnds.h - The front-end stage of a compile ------*- C++ -*-===//
//
// The first stage of a source's compile (ProfileCompile.h): clang
// -emit-llvm with LLVM's passes disabled, once per front-end class the
// levels need, with the user's flags. The command line's front end runs
// first, alone: it writes the dependency file and prints the diagnostics,
// and its module is the one the levels are chosen on. The others run once
// the levels are known, silently, in parallel.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_FRONTENDS_H
#define FLUID_DRIVER_LEVELS_FRONTENDS_H

#include "Plan.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace llvm {
class Module;
} // namespace llvm

namespace fluid {
namespace levels {

struct StageContext;
struct SourceJob;

/// The front end a level's part is taken from: O0 and O1 have their own
/// marks; O2, O3, Os and Oz share the O2 front end (Os/Oz marks are added).
enum class FrontEnd { O0, O1, O2 };
FrontEnd frontEndOf(OptLevel L);
llvm::StringRef frontEndFlag(FrontEnd F); // "-O0", "-O1", "-O2"

/// clang's flag for a level: "-O3".
std::string levelFlag(OptLevel L);

/// Runs the command line's front end on \p J's source and reads its module
/// (in J.Ctx); sets J.Source. Null after an error line.
std::unique_ptr<llvm::Module> runBaseFrontEnd(const StageContext &C,
                                              SourceJob &J);

/// Runs the front ends \p Levels need that have not run yet, then reads
/// every front end's output. std::nullopt after an error line.
std::optional<std::map<FrontEnd, llvm::MemoryBufferRef>>
runFrontEnds(const StageContext &C, SourceJob &J,
             llvm::ArrayRef<OptLevel> Levels);

} // namespace levels
} // namespace fluid

#endif // FLUID_DRIVER_LEVELS_FRONTENDS_H

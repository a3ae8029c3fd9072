//===- PlanMarker.h - The plan's line markers in -E output --*- C++ -*-===//
//
// `fluid-cc --fluid-profile=PLAN -E` names the plan in preprocessed output,
// as it names headers: a line marker with the plan's absolute path, then one
// with a digest of its content. Compiler caches that hash what -E read
// (ccache) then miss when the plan changes, and a compile of the
// preprocessed file elsewhere (distcc) can check that it uses the same plan.
//
// The markers go after the first line, which is clang's marker naming the
// source: clang takes a preprocessed file's original name (the module's
// source file name, hence the names of internal functions in the plan,
// "file.c:name") from its first line.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_LEVELS_PLANMARKER_H
#define FLUID_LEVELS_PLANMARKER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>

namespace fluid {
namespace levels {

/// What a preprocessed file's plan markers say.
struct PlanMarker {
  std::string Path; // absolute, on the host that preprocessed
  uint64_t Digest = 0;
};

/// The two marker lines for \p M.
std::string formatPlanMarker(const PlanMarker &M);

/// \p Text (preprocessed output) with \p Lines put after its first line when
/// that is a line marker (clang's, naming the source), else before it.
std::string insertPlanMarker(llvm::StringRef Text, llvm::StringRef Lines);

/// The plan markers in the first lines of the preprocessed file \p Path, or
/// std::nullopt when it has none; an error when it cannot be read.
llvm::Expected<std::optional<PlanMarker>> readPlanMarker(llvm::StringRef Path);

} // namespace levels
} // namespace fluid

#endif // FLUID_LEVELS_PLANMARKER_H

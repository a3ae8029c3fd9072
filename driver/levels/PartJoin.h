//===- PartJoin.h - The join stage of a --fluid-profile compile -*- C++ -*-===//
//
// The parts of a source, compiled at their levels (BackEnd.h), become the
// one file the build expects: objects are relinked (ld.lld -r), then
// llvm-objcopy makes the promoted internal symbols local again under their
// own names; with -S the parts' assembly is joined (AssemblyJoin.h).
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_PARTJOIN_H
#define FLUID_DRIVER_LEVELS_PARTJOIN_H

#include "PartNames.h"

#include "llvm/ADT/ArrayRef.h"

#include <optional>
#include <string>
#include <utility>

namespace fluid {
namespace levels {

struct StageContext;
struct SourceJob;

/// The join's tools, LLVM 19's.
struct JoinTools {
  std::string Ld;      // ld.lld
  std::string Objcopy; // llvm-objcopy
};

/// The join's tools (next to clang or in PATH); std::nullopt after an
/// error line naming the one missing.
std::optional<JoinTools> findJoinTools(const StageContext &C);

/// Joins \p Parts; \p Promoted maps each promoted name to the symbol's own.
/// Returns the joined file, or std::nullopt after an error line.
std::optional<std::string>
joinParts(const StageContext &C, const JoinTools &Tools, SourceJob &J,
          llvm::ArrayRef<PartFile> Parts,
          llvm::ArrayRef<std::pair<std::string, std::string>> Promoted);

} // namespace levels
} // namespace fluid

#endif // FLUID_DRIVER_LEVELS_PARTJOIN_H

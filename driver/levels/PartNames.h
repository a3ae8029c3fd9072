//===- PartNames.h - Every name the split into parts gives ----*- C++ -*-===//
//
// The one owner of the part naming rule. A translation unit split by level
// (SplitModule.h) gives names in three places, all made and read back here:
//   - an internal symbol another part refers to is shared under a promoted
//     name, "NAME.fluid.TAG", TAG being the source's partTag; after the
//     relink (or the assembly join) it gets NAME back (ownNameOf);
//   - with -S, an internal copy a part holds but does not own is named
//     "NAME.fluid.TAG.LEVEL", so the parts' assembly can share one file;
//   - each part's files in the temporary directory: "N-part-LEVEL.bc" and
//     its object or assembly, carried with their level (PartFile), so nothing
//     downstream parses a level out of a file name.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_PARTNAMES_H
#define FLUID_DRIVER_LEVELS_PARTNAMES_H

#include "Plan.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace fluid {
namespace levels {

/// The tag that makes a source's promoted names unique across objects: 8
/// hex digits of the source's name.
std::string partTag(llvm::StringRef Source);

/// The shared (hidden, unique) name of internal symbol \p Name.
std::string promotedName(llvm::StringRef Name, llvm::StringRef Tag);

/// The symbol's own name if \p Symbol is a promoted name of \p Tag's.
std::optional<llvm::StringRef> ownNameOf(llvm::StringRef Symbol,
                                         llvm::StringRef Tag);

/// The name of an internal copy part \p L holds but does not own (-S).
std::string copyName(llvm::StringRef Name, llvm::StringRef Tag, OptLevel L);

/// One part's file, with the level it was compiled at.
struct PartFile {
  OptLevel Level;
  std::string Path;
};

/// The name (in the temporary directory) of source \p Index's front end
/// \p FrontEndFlag ("-O2") output: "0-fe-O2.bc".
std::string frontEndFileName(unsigned Index, llvm::StringRef FrontEndFlag);

/// The name of source \p Index's part at \p L, with \p Extension (".bc",
/// ".o", ".s"): "0-part-O2.o".
std::string partFileName(unsigned Index, OptLevel L,
                         llvm::StringRef Extension);

/// The name of source \p Index's joined parts: "0-joined.o".
std::string joinedFileName(unsigned Index, llvm::StringRef Extension);

} // namespace levels
} // namespace fluid

#endif // FLUID_DRIVER_LEVELS_PARTNAMES_H

//===- TempDir.h - fluid-levels' temporary directory -----------*- C++ -*-===//
//
// Where the steps of one profile-driven compile keep their files.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_LEVELS_TEMPDIR_H
#define FLUID_LEVELS_TEMPDIR_H

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace fluid {
namespace levels {

/// A temporary directory removed with everything in it when the compile
/// ends, unless FLUID_KEEP_TEMPS is set (then its path is printed); on a
/// fatal signal its files are removed (the empty directory stays).
class TempDir {
public:
  llvm::Error create() {
    if (std::error_code EC =
            llvm::sys::fs::createUniqueDirectory("fluid-levels", Path))
      return llvm::createStringError(
          EC, "cannot create a temporary directory: %s", EC.message().c_str());
    return llvm::Error::success();
  }
  ~TempDir() {
    if (Path.empty())
      return;
    if (llvm::sys::Process::GetEnv("FLUID_KEEP_TEMPS"))
      llvm::errs() << "fluid-levels: kept " << Path << "\n";
    else
      llvm::sys::fs::remove_directories(Path);
  }
  /// A file in the directory. A compile killed by a signal (SIGTERM, the
  /// SIGPIPE of `| head`) still removes it: bitcode can be megabytes.
  std::string file(const llvm::Twine &Name) const {
    llvm::SmallString<256> P(Path);
    llvm::sys::path::append(P, Name);
    if (!llvm::sys::Process::GetEnv("FLUID_KEEP_TEMPS"))
      llvm::sys::RemoveFileOnSignal(P);
    return std::string(P);
  }

private:
  llvm::SmallString<256> Path;
};

} // namespace levels
} // namespace fluid

#endif // FLUID_LEVELS_TEMPDIR_H

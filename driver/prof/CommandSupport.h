//===- CommandSupport.h - What fluid-prof's subcommands share ---*- C++ -*-===//
//
// The one-line error and warning every subcommand prints, CSV records, and
// the profile a subcommand reads: found in its file or log, verified, parsed
// and its figures checked (Accounting.h), or refused in one line.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_COMMANDSUPPORT_H
#define FLUID_DRIVER_PROF_COMMANDSUPPORT_H

#include "Profile.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace fluid {

/// "fluid-prof: error: Message"; returns the exit status, 1.
int reportError(const llvm::Twine &Message);

/// "fluid-prof: warning: Message".
void reportWarning(const llvm::Twine &Message);

/// One CSV record (RFC 4180): fields separated by commas, a field quoted
/// when it holds a comma, a quote, a CR or LF or starts or ends with a
/// space (its quotes doubled), CRLF at the end.
void writeCsvRow(llvm::raw_ostream &OS, llvm::ArrayRef<std::string> Fields);

/// The one intact profile of Path (a damaged frame beside it is a warning),
/// its figures checked; a plan is refused, naming Subcommand.
llvm::Expected<Profile> readCheckedProfile(llvm::StringRef Path,
                                           llvm::StringRef Subcommand);

} // namespace fluid

#endif // FLUID_DRIVER_PROF_COMMANDSUPPORT_H

//===- LevelReport.cpp - What the level choice tells the user ------------===//
//
// See LevelReport.h.
//
//===----------------------------------------------------------------------===//

#include "LevelReport.h"
#include "StageContext.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace fluid {
namespace levels {

void reportChoice(const StageContext &C, const LevelChoice &Choice,
                  StringRef Source) {
  const std::string &Tool = C.S.ToolName;
  OptLevel CommandLine = C.L.Level;
  // A file none of whose functions the plan knows was not profiled (not
  // instrumented, or not in the profiled program): say so only on request.
  // Once the plan knows some, the rest are news.
  size_t Fallback = Choice.Stale.size() + Choice.Unknown.size();
  bool Unprofiled = Choice.Planned == 0 && Choice.Stale.empty();
  if (Unprofiled && C.S.Verbose)
    errs() << Tool << ": note: " << Source << ": none of its "
           << Fallback + Choice.Unlisted.size()
           << " functions is in --fluid-profile=" << C.P.ProfileFile
           << "; all compiled at " << levelFlag(CommandLine) << "\n";
  if (Fallback && !Unprofiled) {
    std::string Detail;
    if (!Choice.Stale.empty())
      Detail += formatv("{0} changed since the profile", Choice.Stale.size());
    if (!Choice.Unknown.empty())
      Detail += formatv("{0}{1} not in it", Detail.empty() ? "" : ", ",
                        Choice.Unknown.size());
    C.warning(formatv("{0}: {1} of {2} functions compiled at {3}, the "
                      "command line's level ({4}; --fluid-profile={5}){6}",
                      Source, Fallback, Fallback + Choice.Planned,
                      levelFlag(CommandLine), Detail, C.P.ProfileFile,
                      C.S.Verbose ? "" : "; --fluid-verbose lists them"));
  }
  if (C.S.Verbose)
    for (const auto &Entry : Choice.Functions)
      errs() << Tool << ": note: " << Source << ": " << Entry.second.Name
             << ": " << levelFlag(Entry.second.Level)
             << (Entry.second.Level != CommandLine ||
                         Entry.second.Why == levels::Source::Planned
                     ? ""
                     : " (the command line's)")
             << ": " << Entry.second.Reason << "\n";
}

} // namespace levels
} // namespace fluid

//===- LevelPlanFile.cpp - The level plan a compile reads ----------------===//
//
// See LevelPlanFile.h.
//
//===----------------------------------------------------------------------===//

#include "LevelPlanFile.h"
#include "PlanMarker.h"
#include "StageContext.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace fluid {
namespace levels {

namespace {

/// A file clang reads as preprocessed (.i, .ii, -x cpp-output...).
bool isPreprocessed(const Input &In) {
  if (!In.Language.empty())
    return StringRef(In.Language).ends_with("cpp-output");
  StringRef Ext = sys::path::extension(In.Path);
  return Ext == ".i" || Ext == ".ii" || Ext == ".mi" || Ext == ".mii";
}

/// Plans and profiles above this size are refused before reading: real
/// plans are kilobytes, and a mistaken argument (a disk image, a core file)
/// should not be read into memory.
constexpr uint64_t MaxPlanBytes = 256ull << 20;

/// Preprocessed inputs naming their plan, with what they name.
using MarkedInputs = std::vector<std::pair<std::string, PlanMarker>>;

Expected<MarkedInputs> readMarkers(const Layout &L) {
  MarkedInputs Marked;
  for (const Input &In : L.Inputs) {
    if (!In.Compiled || !isPreprocessed(In))
      continue;
    Expected<std::optional<PlanMarker>> M = readPlanMarker(In.Path);
    if (!M)
      return createStringError(inconvertibleErrorCode(),
                               In.Path + ": cannot read: " +
                                   toString(M.takeError()));
    if (*M)
      Marked.push_back({In.Path, std::move(**M)});
  }
  return Marked;
}

/// The plan to read: --fluid-profile's, or, when that relative path is not
/// here (a build host compiling in a directory of its own, as distccd does),
/// the absolute path a preprocessed input names: the preprocessing host's
/// directory joined with the same relative path.
std::string planPath(const StageContext &C, const MarkedInputs &Marked) {
  const std::string &Given = C.P.ProfileFile;
  if (Marked.empty() || sys::fs::exists(Given) ||
      sys::path::is_absolute(Given))
    return Given;
  const std::string &Named = Marked.front().second.Path;
  if (!StringRef(Named).ends_with("/" + Given) || !sys::fs::exists(Named))
    return Given;
  if (C.S.Verbose)
    errs() << C.S.ToolName << ": note: --fluid-profile=" << Given
           << " is not in this directory; reading " << Named << ", which "
           << Marked.front().first << " was preprocessed with\n";
  return Named;
}

/// Every preprocessed input was preprocessed with this plan: a build host
/// with another copy (stale, edited) would level the code differently from
/// what the preprocessing host (and its compiler cache) saw.
Error checkMarkers(const fluid::Plan &Plan, const std::string &Path,
                   const MarkedInputs &Marked) {
  uint64_t Digest = planDigest(Plan);
  for (const auto &[Input, M] : Marked)
    if (M.Digest != Digest)
      return createStringError(
          inconvertibleErrorCode(),
          formatv("--fluid-profile: {0}: is not the plan {1} was "
                  "preprocessed with ({2}, digest {3:x-16}; this one "
                  "{4:x-16}): every build host needs the same plan at the "
                  "same path",
                  Path, Input, M.Path, M.Digest, Digest));
  return Error::success();
}

/// \p Path's content, when it is a file no larger than any plan.
Expected<std::unique_ptr<MemoryBuffer>>
readPlanBytes(const std::string &Path, const MarkedInputs &Marked) {
  auto Err = [&](const Twine &Message) {
    return createStringError(inconvertibleErrorCode(),
                             "--fluid-profile: " + Path + ": " + Message);
  };
  std::string Hint;
  if (!Marked.empty() && Marked.front().second.Path != Path)
    Hint = " (nor " + Marked.front().second.Path + ", which " +
           Marked.front().first +
           " names: every build host needs the plan at the same path)";
  sys::fs::file_status Status;
  if (std::error_code EC = sys::fs::status(Path, Status))
    return Err("cannot read: " + EC.message() + Hint);
  if (sys::fs::is_directory(Status))
    return Err("is a directory, not a plan or profile");
  if (Status.getSize() > MaxPlanBytes)
    return Err(formatv("is {0} bytes, more than any plan ({1} MiB limit); "
                       "is it the right file?",
                       Status.getSize(), MaxPlanBytes >> 20));
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFile(Path, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return Err("cannot read: " + Buffer.getError().message());
  return std::move(*Buffer);
}

} // namespace

Expected<fluid::Plan> readLevelPlan(const StageContext &C) {
  Expected<MarkedInputs> Marked = readMarkers(C.L);
  if (!Marked)
    return Marked.takeError();
  const std::string Path = planPath(C, *Marked);
  Expected<std::unique_ptr<MemoryBuffer>> Bytes = readPlanBytes(Path, *Marked);
  if (!Bytes)
    return Bytes.takeError();
  Expected<fluid::Plan> Read = readPlanOrProfile((*Bytes)->getBuffer(), Path);
  if (!Read)
    return createStringError(inconvertibleErrorCode(),
                             "--fluid-profile: " + toString(Read.takeError()));
  if (Error E = checkMarkers(*Read, Path, *Marked))
    return std::move(E);
  return std::move(*Read);
}

} // namespace levels
} // namespace fluid

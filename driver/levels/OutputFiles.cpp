//===- OutputFiles.cpp - The compile's output and dependency file --------===//
//
// See OutputFiles.h.
//
//===----------------------------------------------------------------------===//

#include "OutputFiles.h"
#include "TempDir.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace fluid::driver;

namespace fluid {
namespace levels {

std::string outputFileOf(const driver::Invocation &P, const Layout &L,
                         const Input &In, const TempDir &Temp,
                         unsigned Index) {
  if (P.TheMode == Mode::Link)
    return Temp.file(Twine(Index) + "-" + sys::path::stem(In.Path) + ".o");
  if (L.Output)
    return *L.Output;
  return (sys::path::stem(In.Path) +
          (P.TheMode == Mode::Assemble ? ".s" : ".o"))
      .str();
}

std::string depFileOf(const driver::Invocation &P, const Layout &L,
                      const Input &In) {
  if (!L.WantsDeps || L.HasDepFile)
    return L.DepFile;
  SmallString<256> Dep(P.TheMode == Mode::Compile && L.Output &&
                               *L.Output != "-"
                           ? StringRef(*L.Output)
                           : sys::path::filename(In.Path));
  sys::path::replace_extension(Dep, "d");
  return std::string(Dep);
}

std::string preprocessDepFileOf(const Layout &L) {
  if (L.HasDepFile)
    return L.DepFile;
  std::string Base;
  if (L.Output)
    Base = L.Output->substr(0, L.Output->rfind('.'));
  else if (!L.Inputs.empty())
    Base = sys::path::stem(L.Inputs.front().Path).str();
  return Base + ".d";
}

/// The plan is an input of every object compiled with it: `make` rebuilds
/// them when it changes, and ccache's depend mode hashes it.
Error addPlanToDepFile(const std::string &DepFile, StringRef PlanFile) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer = MemoryBuffer::getFile(DepFile);
  if (!Buffer)
    return createStringError(Buffer.getError(), "%s: cannot read: %s",
                             DepFile.c_str(),
                             Buffer.getError().message().c_str());
  StringRef Text = (*Buffer)->getBuffer();
  // The first rule ends at the first newline not escaped by a backslash.
  size_t End = 0;
  while ((End = Text.find('\n', End)) != StringRef::npos && End > 0 &&
         Text[End - 1] == '\\')
    ++End;
  if (End == StringRef::npos)
    End = Text.size();
  std::string Escaped;
  for (char C : PlanFile) {
    if (C == ' ' || C == '#')
      Escaped += '\\';
    if (C == '$')
      Escaped += '$';
    Escaped += C;
  }
  // Copied out of the (mapped) buffer before the file is rewritten.
  std::string Updated =
      (Text.take_front(End) + " \\\n  " + Escaped + Text.drop_front(End)).str();
  Buffer->reset();
  std::error_code EC;
  raw_fd_ostream OS(DepFile, EC);
  if (EC)
    return createStringError(EC, "%s: cannot write: %s", DepFile.c_str(),
                             EC.message().c_str());
  OS << Updated;
  return Error::success();
}

Error placeOutput(const std::string &From, const std::string &To) {
  // Standard output, or a device such as /dev/null: written through, never
  // renamed over.
  sys::fs::file_status Status;
  bool Special = To == "-" || (!sys::fs::status(To, Status) &&
                               sys::fs::exists(Status) &&
                               !sys::fs::is_regular_file(Status));
  if (Special) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer = MemoryBuffer::getFile(From);
    if (!Buffer)
      return errorCodeToError(Buffer.getError());
    std::error_code EC;
    raw_fd_ostream OS(To, EC, sys::fs::OF_None);
    if (EC)
      return createStringError(EC, "cannot write '%s': %s", To.c_str(),
                               EC.message().c_str());
    OS << (*Buffer)->getBuffer();
    return Error::success();
  }
  if (!sys::fs::rename(From, To))
    return Error::success();
  // Another file system: copy next to the target, then rename over it, so
  // the build never sees a partial object.
  SmallString<256> Staging(To);
  Staging += ".fluid-tmp";
  if (std::error_code EC = sys::fs::copy_file(From, Staging))
    return createStringError(EC, "cannot write '%s': %s", To.c_str(),
                             EC.message().c_str());
  if (std::error_code EC = sys::fs::rename(Staging, To)) {
    sys::fs::remove(Staging);
    return createStringError(EC, "cannot write '%s': %s", To.c_str(),
                             EC.message().c_str());
  }
  return Error::success();
}

} // namespace levels
} // namespace fluid

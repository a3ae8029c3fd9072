//===- PartJoin.cpp - The join stage of a --fluid-profile compile --------===//
//
// See PartJoin.h.
//
//===----------------------------------------------------------------------===//

#include "PartJoin.h"
#include "AssemblyJoin.h"
#include "StageContext.h"

using namespace llvm;
using namespace fluid::driver;

namespace fluid {
namespace levels {

std::optional<JoinTools> findJoinTools(const StageContext &C) {
  std::optional<std::string> Ld = C.Commands.findTool("ld.lld"),
                             Objcopy = C.Commands.findTool("llvm-objcopy");
  if (!Ld || !Objcopy) {
    C.error(std::string("--fluid-profile needs ") +
            (!Ld ? "ld.lld" : "llvm-objcopy") +
            " (LLVM 19's, next to clang or in PATH): install lld-19 and "
            "llvm-19");
    return std::nullopt;
  }
  return JoinTools{*Ld, *Objcopy};
}

namespace {

/// The relinked object's promoted symbols made local under their own names.
bool restoreOwnNames(const StageContext &C, const JoinTools &Tools,
                     const std::string &Object,
                     ArrayRef<std::pair<std::string, std::string>> Promoted) {
  std::vector<std::string> Fix = {Tools.Objcopy};
  for (const auto &[Shared, Own] : Promoted) {
    Fix.push_back("--localize-symbol=" + Shared);
    Fix.push_back("--redefine-sym=" + Shared + "=" + Own);
  }
  Fix.push_back(Object);
  return C.Commands.run(Fix);
}

} // namespace

std::optional<std::string>
joinParts(const StageContext &C, const JoinTools &Tools, SourceJob &J,
          ArrayRef<PartFile> Parts,
          ArrayRef<std::pair<std::string, std::string>> Promoted) {
  if (C.P.TheMode == Mode::Assemble) {
    std::string Final = J.Temp.file(joinedFileName(J.Index, ".s"));
    if (Error E = joinAssembly(Parts, Promoted, Final)) {
      C.error(J.Source + ": " + toString(std::move(E)));
      return std::nullopt;
    }
    return Final;
  }
  if (Parts.size() == 1)
    return Parts.front().Path;
  std::string Final = J.Temp.file(joinedFileName(J.Index, ".o"));
  std::vector<std::string> Link = {Tools.Ld, "-r", "-o", Final};
  for (const PartFile &Object : Parts)
    Link.push_back(Object.Path);
  if (!C.Commands.run(Link)) {
    C.error(J.Source + ": relinking the parts failed");
    return std::nullopt;
  }
  if (!Promoted.empty() && !restoreOwnNames(C, Tools, Final, Promoted)) {
    C.error(J.Source + ": making the parts' shared internal symbols "
            "local again failed");
    return std::nullopt;
  }
  return Final;
}

} // namespace levels
} // namespace fluid

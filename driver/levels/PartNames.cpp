//===- PartNames.cpp - Every name the split into parts gives -------------===//
//
// See PartNames.h. The ".fluid.TAG" suffix is spelled here only.
//
//===----------------------------------------------------------------------===//

#include "PartNames.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/xxhash.h"

using namespace llvm;

namespace fluid {
namespace levels {

/// The suffix of every promoted name of \p Tag's.
static std::string promotedSuffix(StringRef Tag) {
  return (".fluid." + Tag).str();
}

std::string partTag(StringRef Source) {
  return utohexstr(xxh3_64bits(Source) & 0xffffffff, /*LowerCase=*/true, 8);
}

std::string promotedName(StringRef Name, StringRef Tag) {
  return Name.str() + promotedSuffix(Tag);
}

std::optional<StringRef> ownNameOf(StringRef Symbol, StringRef Tag) {
  if (Symbol.consume_back(promotedSuffix(Tag)))
    return Symbol;
  return std::nullopt;
}

std::string copyName(StringRef Name, StringRef Tag, OptLevel L) {
  return promotedName(Name, Tag) + "." + levelName(L).str();
}

std::string frontEndFileName(unsigned Index, StringRef FrontEndFlag) {
  return (Twine(Index) + "-fe" + FrontEndFlag + ".bc").str();
}

std::string partFileName(unsigned Index, OptLevel L, StringRef Extension) {
  return (Twine(Index) + "-part-" + levelName(L) + Extension).str();
}

std::string joinedFileName(unsigned Index, StringRef Extension) {
  return (Twine(Index) + "-joined" + Extension).str();
}

} // namespace levels
} // namespace fluid

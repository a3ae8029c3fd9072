//===- NameMatch.cpp - Which function of a profile is which --------------===//
//
// The rule of NameMatch.h, in fluid-cc's order of preference.
//
//===----------------------------------------------------------------------===//

#include "NameMatch.h"

#include "llvm/Support/Path.h"

using namespace llvm;

namespace fluid {

std::string unqualifiedName(StringRef Name) {
  size_t At = Name.find('@');
  if (At == StringRef::npos)
    return Name.str();
  size_t End = Name.find(':', At);
  return (Name.take_front(At) +
          (End == StringRef::npos ? StringRef() : Name.substr(End)))
      .str();
}

FunctionMatcher::FunctionMatcher(ArrayRef<FunctionKey> Keys)
    : Entries(Keys.begin(), Keys.end()) {
  for (size_t I = 0; I < Entries.size(); ++I) {
    const std::string &Name = Entries[I].Name;
    ByName.emplace(Name, I);
    size_t Colon = Name.rfind(':');
    if (Colon != std::string::npos)
      ByBareName[{Name.substr(Colon + 1), Entries[I].Hash}].push_back(I);
  }
}

FunctionMatcher::Found FunctionMatcher::find(StringRef Name, StringRef File,
                                             uint64_t Hash, bool Local) const {
  Found F;
  auto [Begin, End] = ByName.equal_range(Name.str());
  // The entries of this name from this file, else from any file.
  StringRef FileName = sys::path::filename(File);
  std::vector<size_t> Here, Elsewhere;
  for (auto It = Begin; It != End; ++It)
    (sys::path::filename(Entries[It->second].File) == FileName ? Here
                                                               : Elsewhere)
        .push_back(It->second);
  if (!Here.empty()) {
    for (size_t I : Here)
      if (Entries[I].Hash == Hash && !F.Match)
        F.Match = I;
    F.Changed = !F.Match;
    if (F.Changed && Here.size() == 1)
      F.Previous = Here.front();
    return F;
  }
  // Known only from other files: the same code moved here (one entry with
  // this hash).
  std::vector<size_t> Same;
  for (size_t I : Elsewhere)
    if (Entries[I].Hash == Hash)
      Same.push_back(I);
  if (Same.size() == 1)
    F.Match = Same.front();
  if (!F.Match && Begin == End && Local) {
    size_t Colon = Name.rfind(':');
    auto Moved = ByBareName.find({Name.substr(Colon + 1).str(), Hash});
    if (Moved != ByBareName.end() && Moved->second.size() == 1)
      F.Match = Moved->second.front();
  }
  return F;
}

} // namespace fluid

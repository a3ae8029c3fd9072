//===- UntimedList.cpp - Functions a profile found untimed ----------------===//
//
// See UntimedList.h.
//
//===----------------------------------------------------------------------===//

#include "UntimedList.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

static cl::opt<std::string> ClUntimedList(
    "fluid-untimed-list",
    cl::desc("A file of functions to leave untimed: they only count their "
             "calls (fluid-prof untimed writes it)"),
    cl::value_desc("file"), cl::init(""));

static const char Header[] = "# fluid-untimed 1";

namespace fluid {

Expected<UntimedList> UntimedList::load() {
  if (ClUntimedList.empty())
    return UntimedList();
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFile(ClUntimedList, /*IsText=*/true);
  if (!Buffer)
    return createStringError(Buffer.getError(),
                             "%s: cannot read the untimed list: %s",
                             ClUntimedList.c_str(),
                             Buffer.getError().message().c_str());
  return parse((*Buffer)->getBuffer(), ClUntimedList);
}

Expected<UntimedList> UntimedList::parse(StringRef Text, StringRef Path) {
  UntimedList List;
  unsigned LineNo = 0;
  bool SawHeader = false;
  while (!Text.empty()) {
    StringRef Line;
    std::tie(Line, Text) = Text.split('\n');
    Line = Line.rtrim("\r");
    ++LineNo;
    if (!SawHeader) {
      if (Line != Header)
        return createStringError(
            inconvertibleErrorCode(),
            "%s:%u: not an untimed list (its first line must be '%s'; "
            "'fluid-prof untimed' writes one)",
            Path.str().c_str(), LineNo, static_cast<const char *>(Header));
      SawHeader = true;
      continue;
    }
    if (Line.trim().empty() || Line.starts_with("#"))
      continue;
    auto [Name, HashText] = Line.rsplit('\t');
    uint64_t Hash;
    if (Name.empty() || HashText.size() != 16 ||
        !all_of(HashText, isHexDigit) || HashText.getAsInteger(16, Hash))
      return createStringError(inconvertibleErrorCode(),
                               "%s:%u: expected '<function name><tab><16 hex "
                               "digits>', got '%s'",
                               Path.str().c_str(), LineNo,
                               Line.take_front(80).str().c_str());
    List.Hashes[Name].push_back(Hash);
  }
  if (!SawHeader)
    return createStringError(inconvertibleErrorCode(),
                             "%s: empty, not an untimed list ('fluid-prof "
                             "untimed' writes one)",
                             Path.str().c_str());
  return List;
}

bool UntimedList::contains(StringRef Name, uint64_t Hash) const {
  auto It = Hashes.find(Name);
  return It != Hashes.end() && is_contained(It->second, Hash);
}

} // namespace fluid

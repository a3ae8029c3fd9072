//===- CountOnlyList.cpp - Functions a profile found too small to time ---===//
//
// See CountOnlyList.h.
//
//===----------------------------------------------------------------------===//

#include "CountOnlyList.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

static cl::opt<std::string> ClCountOnlyList(
    "fluid-count-only-list",
    cl::desc("A file of functions that only count their calls "
             "(fluid-prof count-only writes it)"),
    cl::value_desc("file"), cl::init(""));

static const char Header[] = "# fluid-count-only 1";

namespace fluid {

Expected<CountOnlyList> CountOnlyList::load() {
  if (ClCountOnlyList.empty())
    return CountOnlyList();
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFile(ClCountOnlyList, /*IsText=*/true);
  if (!Buffer)
    return createStringError(Buffer.getError(),
                             "%s: cannot read the count-only list: %s",
                             ClCountOnlyList.c_str(),
                             Buffer.getError().message().c_str());
  return parse((*Buffer)->getBuffer(), ClCountOnlyList);
}

Expected<CountOnlyList> CountOnlyList::parse(StringRef Text, StringRef Path) {
  CountOnlyList List;
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
            "%s:%u: not a count-only list (its first line must be '%s'; "
            "'fluid-prof count-only' writes one)",
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
                             "%s: empty, not a count-only list ('fluid-prof "
                             "count-only' writes one)",
                             Path.str().c_str());
  return List;
}

bool CountOnlyList::contains(StringRef Name, uint64_t Hash) const {
  auto It = Hashes.find(Name);
  return It != Hashes.end() && is_contained(It->second, Hash);
}

} // namespace fluid

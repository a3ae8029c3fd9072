//===- JsonReader.cpp - JSON documents with checked nesting and keys -----===//
//
// llvm::json::parse recurses once per nesting level (ten million '[' crash
// it) and keeps the last of repeated keys. One linear scan before and after
// the parse closes both holes: Fluid's documents nest three levels deep, so
// anything beyond MaxDepth is refused unparsed, and a key repeated within
// one object is an error rather than a silent overwrite.
//
//===----------------------------------------------------------------------===//

#include "JsonReader.h"

#include "llvm/ADT/StringSet.h"

#include <vector>

using namespace llvm;

namespace fluid {

namespace {

constexpr unsigned MaxDepth = 64;

/// What the scan found: the first problem, if any.
struct ScanResult {
  bool TooDeep = false;
  size_t Offset = 0;       // of the deep bracket or the repeated key
  std::string RepeatedKey; // as written, escapes not decoded
};

/// One pass over (possibly malformed) JSON text. Keys are compared as
/// written, so "a" and "\u0061" are not caught; nothing Fluid writes
/// escapes plain letters.
ScanResult scan(StringRef Json) {
  struct Level {
    bool IsObject;
    StringSet<> Keys;
  };
  std::vector<Level> Open;
  ScanResult Result;
  for (size_t I = 0; I < Json.size(); ++I) {
    char C = Json[I];
    if (C == '{' || C == '[') {
      if (Open.size() == MaxDepth) {
        Result.TooDeep = true;
        Result.Offset = I;
        return Result;
      }
      Open.push_back({C == '{', {}});
    } else if ((C == '}' || C == ']') && !Open.empty()) {
      Open.pop_back();
    } else if (C == '"') {
      size_t End = I + 1;
      while (End < Json.size() && Json[End] != '"')
        End += Json[End] == '\\' ? 2 : 1;
      if (End >= Json.size())
        return Result; // unterminated: the parser reports it
      StringRef Text = Json.slice(I + 1, End);
      size_t Next = Json.find_first_not_of(" \t\r\n", End + 1);
      bool IsKey = Next != StringRef::npos && Json[Next] == ':';
      if (IsKey && !Open.empty() && Open.back().IsObject &&
          !Open.back().Keys.insert(Text).second && Result.RepeatedKey.empty()) {
        Result.Offset = I;
        Result.RepeatedKey = Text.str();
      }
      I = End;
    }
  }
  return Result;
}

} // namespace

Expected<json::Value> parseJsonDocument(StringRef Json, StringRef Path,
                                        StringRef What) {
  ScanResult Scan = scan(Json);
  if (Scan.TooDeep)
    return failAt(Path, formatv("{0} nests deeper than {1} levels (byte {2})",
                                What, MaxDepth, Scan.Offset));
  Expected<json::Value> Root = json::parse(Json);
  if (!Root)
    return failAt(Path, What + " is not JSON: " + toString(Root.takeError()));
  if (!Scan.RepeatedKey.empty())
    return failAt(Path, formatv("{0} repeats the key '{1}' in one object "
                                "(byte {2})",
                                What, Scan.RepeatedKey, Scan.Offset));
  return Root;
}

} // namespace fluid

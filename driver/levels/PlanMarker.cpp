//===- PlanMarker.cpp - The plan's line markers in preprocessed output ----===//
//
// See PlanMarker.h. The path is written with raw_ostream::write_escaped (the
// escapes clang reads in a line marker's string) and read back the same way.
//
//===----------------------------------------------------------------------===//

#include "PlanMarker.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace fluid {
namespace levels {
namespace {

constexpr StringLiteral DigestPrefix = "# 1 \"<fluid-plan ";

/// The marker lines come within the first three lines; a path is shorter
/// than this.
constexpr size_t HeadBytes = 3 * 4096 + 256;

bool isLineMarker(StringRef Line) {
  return Line.starts_with("# ") && Line.size() > 2 && isDigit(Line[2]);
}

/// write_escaped's escapes undone: \\ \" \t \n and three octal digits.
std::optional<std::string> unescape(StringRef Quoted) {
  std::string Out;
  for (size_t I = 0; I < Quoted.size(); ++I) {
    if (Quoted[I] != '\\') {
      Out += Quoted[I];
      continue;
    }
    if (++I == Quoted.size())
      return std::nullopt;
    char C = Quoted[I];
    if (C == 't' || C == 'n') {
      Out += C == 't' ? '\t' : '\n';
    } else if (C >= '0' && C <= '7') {
      unsigned Value;
      if (Quoted.substr(I, 3).getAsInteger(8, Value) || Value > 255)
        return std::nullopt;
      Out += static_cast<char>(Value);
      I += 2;
    } else {
      Out += C;
    }
  }
  return Out;
}

/// The quoted name of a `# 1 "NAME"` line.
std::optional<StringRef> markerName(StringRef Line) {
  if (!Line.consume_front("# 1 \"") || !Line.consume_back("\""))
    return std::nullopt;
  return Line;
}

std::optional<PlanMarker> parseHead(StringRef Head) {
  SmallVector<StringRef, 4> Lines;
  Head.split(Lines, '\n', /*MaxSplit=*/3);
  // After clang's first line (today's output) or first (older fluid-cc).
  for (size_t I = 1; I < Lines.size() && I <= 2; ++I) {
    StringRef Hex = Lines[I];
    if (!Hex.consume_front(DigestPrefix) || !Hex.consume_back(">\""))
      continue;
    PlanMarker M;
    std::optional<StringRef> Quoted = markerName(Lines[I - 1]);
    std::optional<std::string> Path;
    if (Quoted)
      Path = unescape(*Quoted);
    if (!Path || Hex.getAsInteger(16, M.Digest))
      return std::nullopt;
    M.Path = std::move(*Path);
    return M;
  }
  return std::nullopt;
}

} // namespace

std::string formatPlanMarker(const PlanMarker &M) {
  std::string Lines;
  raw_string_ostream OS(Lines);
  OS << "# 1 \"";
  OS.write_escaped(M.Path);
  OS << "\"\n" << DigestPrefix << format_hex_no_prefix(M.Digest, 16) << ">\"\n";
  return Lines;
}

std::string insertPlanMarker(StringRef Text, StringRef Lines) {
  size_t End = Text.find('\n');
  if (!isLineMarker(Text) || End == StringRef::npos)
    return (Lines + Text).str();
  return (Text.take_front(End + 1) + Lines + Text.drop_front(End + 1)).str();
}

Expected<std::optional<PlanMarker>> readPlanMarker(StringRef Path) {
  Expected<sys::fs::file_t> File = sys::fs::openNativeFileForRead(Path);
  if (!File)
    return File.takeError();
  std::string Head(HeadBytes, '\0');
  Expected<size_t> Read = sys::fs::readNativeFile(
      *File, MutableArrayRef<char>(&Head[0], HeadBytes));
  sys::fs::closeFile(*File);
  if (!Read)
    return Read.takeError();
  Head.resize(*Read);
  return parseHead(Head);
}

} // namespace levels
} // namespace fluid

//===- ProfileFrames.cpp - Input, frames, payload -------------------------===//
//
// Frames are checked before any JSON is read: cheap, and the usual damage (a
// serial log cut short, a byte lost on the wire) is named by offset.
//
//===----------------------------------------------------------------------===//

#include "ProfileFrames.h"
#include "JsonReader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"

#include <cstring>
#include <iterator>

using namespace llvm;

namespace fluid {

// The BEGIN lines of the versions this fluid-prof reads: 2 adds the
// calling contexts to 1.
static const char *const BeginTexts[] = {"--- FLUID PROFILE BEGIN v1 ---",
                                         "--- FLUID PROFILE BEGIN v2 ---"};
static const char BeginPrefix[] = "--- FLUID PROFILE BEGIN ";
static const char EndPrefix[] = "--- FLUID PROFILE END bytes=";

uint32_t payloadCrc(StringRef Payload) {
  return crc32(arrayRefFromStringRef(Payload));
}

/// Parses "N crc32=XXXXXXXX ---" after the END prefix.
static bool parseEndLine(StringRef Line, uint64_t &Bytes, uint32_t &Crc) {
  StringRef Count = Line.take_while([](char C) { return isDigit(C); });
  if (Count.empty() || Count.getAsInteger(10, Bytes))
    return false;
  Line = Line.drop_front(Count.size());
  if (!Line.consume_front(" crc32="))
    return false;
  StringRef Hex = Line.take_front(8);
  if (Hex.size() != 8 || !all_of(Hex, [](char C) {
        return isDigit(C) || (C >= 'a' && C <= 'f');
      }))
    return false;
  Hex.getAsInteger(16, Crc);
  return Line.drop_front(8) == " ---";
}

/// The length of the BEGIN line of a version this fluid-prof reads at the
/// start of Text, with its LF and any CRs before it; 0 if there is none.
/// Version, if given, receives the line's vN.
static size_t beginLineLength(StringRef Text, uint64_t *Version = nullptr) {
  for (size_t I = 0; I < std::size(BeginTexts); ++I) {
    if (!Text.starts_with(BeginTexts[I]))
      continue;
    StringRef Rest = Text.drop_front(strlen(BeginTexts[I])).drop_while(
        [](char C) { return C == '\r'; });
    if (!Rest.starts_with("\n"))
      return 0;
    if (Version)
      *Version = I + 1;
    return Text.size() - Rest.size() + 1;
  }
  return 0;
}

/// The next BEGIN line from From: a BEGIN prefix at a line start, or a whole
/// BEGIN line of a version read anywhere (after a line a crash cut short).
static size_t findBegin(StringRef Data, size_t From) {
  for (size_t At = Data.find(BeginPrefix, From); At != StringRef::npos;
       At = Data.find(BeginPrefix, At + 1))
    if (At == 0 || Data[At - 1] == '\n' || beginLineLength(Data.substr(At)))
      return At;
  return StringRef::npos;
}

/// Raw without the CRs before each LF.
static std::string withoutCrs(StringRef Raw) {
  std::string Out;
  Out.reserve(Raw.size());
  for (size_t I = 0; I < Raw.size(); ++I) {
    size_t Run = I;
    while (Run < Raw.size() && Raw[Run] == '\r')
      ++Run;
    if (Run > I && Run < Raw.size() && Raw[Run] == '\n')
      I = Run; // drop the CRs, keep the LF
    Out += Raw[I];
  }
  return Out;
}

/// Checks a frame's payload against its END line: as found first, then
/// without CRs before LFs (a serial console's CRLF). Sets F.Payload or
/// F.Damage. Crlf says the BEGIN line ended in CRLF: damage is then
/// described with the CRs removed, as the runtime wrote the bytes.
static void verifyPayload(StringRef Raw, uint64_t Bytes, uint32_t Crc,
                          bool Crlf, Frame &F) {
  if (Raw.size() == Bytes && payloadCrc(Raw) == Crc) {
    F.Payload = Raw.str();
    return;
  }
  std::string Stripped = Raw.contains('\r') ? withoutCrs(Raw) : Raw.str();
  if (Stripped.size() == Bytes && payloadCrc(Stripped) == Crc) {
    F.Payload = std::move(Stripped);
    return;
  }
  StringRef Seen = Crlf ? StringRef(Stripped) : Raw;
  StringRef How = Crlf ? " (CRLF line ends read as LF)" : "";
  if (Seen.size() != Bytes)
    F.Damage = formatv("offset {0}: payload has {1} bytes{2}, the END line "
                       "says {3} (bytes lost or added)",
                       F.Offset, Seen.size(), How, Bytes);
  else
    F.Damage = formatv("offset {0}: CRC mismatch: payload has {1:x-8}{2}, "
                       "the END line says {3:x-8}",
                       F.Offset, payloadCrc(Seen), How, Crc);
}

/// Reads the frame whose BEGIN line starts at F.Offset; returns where to
/// look for the next one.
static size_t readFrame(StringRef Data, Frame &F) {
  size_t Begin = F.Offset;
  size_t LineEnd = Data.find('\n', Begin);
  StringRef Line = Data.slice(
      Begin, LineEnd == StringRef::npos ? Data.size() : LineEnd + 1);
  size_t BeginLength = beginLineLength(Line, &F.Version);
  if (!BeginLength) {
    F.Damage = formatv("offset {0}: unsupported profile frame '{1}' (this "
                       "fluid-prof reads versions 1 and 2)",
                       Begin, Line.rtrim("\r\n").take_front(80));
    return Begin + Line.size();
  }
  bool Crlf = Line.ends_with("\r\n");
  size_t PayloadStart = Begin + BeginLength;
  size_t Next = findBegin(Data, PayloadStart);
  // The END line is looked for before the next BEGIN line only: a log of
  // many cut frames is read in one pass.
  StringRef Body = Data.slice(PayloadStart - 1, Next);
  size_t End = Body.find((Twine("\n") + EndPrefix).str());
  if (End == StringRef::npos) {
    F.Damage = Next == StringRef::npos
                   ? formatv("offset {0}: profile is truncated (no END line "
                             "after the BEGIN line)",
                             Begin)
                         .str()
                   : formatv("offset {0}: profile is truncated (no END line "
                             "before the next BEGIN line, at offset {1})",
                             Begin, Next)
                         .str();
    return Next;
  }
  End += PayloadStart - 1;
  StringRef Raw = Data.slice(PayloadStart, End + 1);
  size_t EndLineStart = End + 1;
  size_t EndLineEnd = Data.find('\n', EndLineStart);
  StringRef EndLine = Data.slice(EndLineStart, EndLineEnd);
  uint64_t Bytes = 0;
  uint32_t Crc = 0;
  if (EndLineEnd == StringRef::npos ||
      !parseEndLine(EndLine.drop_front(strlen(EndPrefix)).rtrim('\r'), Bytes,
                    Crc)) {
    F.Damage = formatv("offset {0}: malformed END line '{1}'", EndLineStart,
                       EndLine.take_front(80));
    return EndLineStart;
  }
  verifyPayload(Raw, Bytes, Crc, Crlf, F);
  return EndLineEnd;
}

Expected<std::vector<Frame>> findFrames(StringRef Data, StringRef Path) {
  std::vector<Frame> Frames;
  for (size_t Begin = findBegin(Data, 0); Begin != StringRef::npos;) {
    Frame F;
    F.Offset = Begin;
    size_t After = readFrame(Data, F);
    Frames.push_back(std::move(F));
    Begin = After == StringRef::npos ? After : findBegin(Data, After);
  }
  if (Frames.empty())
    return failAt(Path, "no profile found (no '--- FLUID PROFILE BEGIN v1 ---' "
                        "or v2 line)");
  return Frames;
}

/// Damaged frames named one by one; the rest are counted in one line.
static constexpr size_t MaxDamageWarnings = 20;

/// "0..3", or the intact ones, "1, 3", when some are damaged.
static std::string indexChoices(const std::vector<Frame> &Frames,
                                size_t Intact) {
  if (Intact == Frames.size())
    return formatv("0..{0}", Frames.size() - 1);
  std::string Choices;
  for (size_t I = 0; I < Frames.size(); ++I)
    if (Frames[I].intact())
      Choices += (Choices.empty() ? "" : ", ") + std::to_string(I);
  return "intact: " + Choices;
}

/// "" for a log of one frame, "profile 1 of 3 " for others.
static std::string frameName(size_t I, size_t Count) {
  return Count == 1 ? "" : formatv("profile {0} of {1} ", I, Count).str();
}

Expected<PickedPayload> pickPayload(StringRef Data, StringRef Path, int Index,
                                    WarningHandler Warn) {
  if (Data.ltrim().starts_with("{")) {
    if (Index > 0)
      return failAt(Path, formatv("--index={0}, but it is a bare profile "
                                  "(one profile: --index=0)",
                                  Index));
    return PickedPayload{Data.str(), 0, 0, 0};
  }
  Expected<std::vector<Frame>> Found = findFrames(Data, Path);
  if (!Found)
    return Found.takeError();
  const std::vector<Frame> &Frames = *Found;
  size_t Count = Frames.size();
  size_t Intact = llvm::count_if(Frames, [](const Frame &F) {
    return F.intact();
  });
  auto Damaged = [&](size_t I, StringRef How) {
    return (Path + ": " + frameName(I, Count) +
            (Count == 1 ? "" : How) + Frames[I].Damage)
        .str();
  };
  if (Index >= 0 && size_t(Index) >= Count)
    return failAt(Path, formatv("--index={0}, but it holds {1} profile(s)",
                                Index, Count));
  if (!Warn) {
    for (size_t I = 0; I < Count; ++I)
      if (!Frames[I].intact())
        return createStringError(
            inconvertibleErrorCode(),
            Damaged(I, "is damaged: ") +
                (Intact ? "; 'fluid-prof extract --index=N' takes out an "
                          "intact one"
                        : ""));
  }
  if (Index >= 0 && !Frames[Index].intact())
    return createStringError(inconvertibleErrorCode(),
                             Damaged(Index, "is damaged: "));
  if (Index < 0 && Intact == 0 && Count == 1)
    return createStringError(inconvertibleErrorCode(), Damaged(0, ""));
  // One line per damaged frame, up to a screenful: a runaway log of cut
  // frames must not flood the terminal.
  size_t Warned = 0, Unnamed = 0;
  for (size_t I = 0; I < Count; ++I) {
    if (Frames[I].intact() || int(I) == Index)
      continue;
    if (Warned++ < MaxDamageWarnings)
      Warn(Damaged(I, "is damaged, skipped: "));
    else
      ++Unnamed;
  }
  if (Unnamed)
    Warn(formatv("{0}: {1} more damaged profiles skipped", Path, Unnamed));
  if (Index < 0 && Intact == 0)
    return failAt(Path, formatv("none of its {0} profiles is intact", Count));
  if (Index < 0 && Intact > 1)
    return failAt(Path, formatv("holds {0} profiles; pick one with --index=N "
                                "({1})",
                                Count, indexChoices(Frames, Intact)));
  size_t Pick = Index;
  if (Index < 0)
    Pick = llvm::find_if(Frames, [](const Frame &F) { return F.intact(); }) -
           Frames.begin();
  return PickedPayload{Frames[Pick].Payload, Pick, Count,
                       Frames[Pick].Version};
}

/// Pipes and devices have no size to check first: read in chunks and stop
/// one byte past the limit (an endless /dev/zero must not hang fluid-prof).
static Expected<std::unique_ptr<MemoryBuffer>> readStream(sys::fs::file_t File,
                                                          StringRef Path) {
  SmallString<0> Data;
  char Chunk[1 << 16];
  while (true) {
    Expected<size_t> Read = sys::fs::readNativeFile(File, Chunk);
    if (!Read)
      return failAt(Path, "cannot read: " + toString(Read.takeError()));
    if (*Read == 0)
      break;
    Data.append(Chunk, Chunk + *Read);
    if (Data.size() > MaxInputBytes)
      return inputTooLarge(Path,
                           "is longer than " + Twine(MaxInputBytes) + " bytes");
  }
  return MemoryBuffer::getMemBufferCopy(Data, Path);
}

Expected<std::unique_ptr<MemoryBuffer>> readInputFile(StringRef Path) {
  if (Path == "-")
    return readStream(sys::fs::getStdinHandle(), "<stdin>");
  sys::fs::file_status Status;
  if (std::error_code EC = sys::fs::status(Path, Status))
    return failAt(Path, "cannot read: " + EC.message());
  if (sys::fs::is_directory(Status))
    return failAt(Path, "is a directory, not a profile or plan");
  if (sys::fs::is_regular_file(Status)) {
    if (Status.getSize() > MaxInputBytes)
      return inputTooLarge(Path, "is " + Twine(Status.getSize()) + " bytes");
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer = MemoryBuffer::getFile(
        Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
    if (!Buffer)
      return failAt(Path, "cannot read: " + Buffer.getError().message());
    return std::move(*Buffer);
  }
  Expected<sys::fs::file_t> File = sys::fs::openNativeFileForRead(Path);
  if (!File)
    return failAt(Path, "cannot read: " + toString(File.takeError()));
  Expected<std::unique_ptr<MemoryBuffer>> Buffer = readStream(*File, Path);
  sys::fs::closeFile(*File);
  return Buffer;
}

} // namespace fluid

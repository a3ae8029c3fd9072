//===- Profile.cpp - Fluid profiles: frames, parsing, validation ---------===//
//
// Frames first (cheap, and the usual damage: a serial log cut short or a
// byte lost on the wire), then the JSON, then every field's type and range,
// then the cross-checks that need the whole profile (duplicates, edges,
// totals, build id).
//
//===----------------------------------------------------------------------===//

#include "Profile.h"
#include "JsonReader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <map>
#include <set>
#include <utility>

using namespace llvm;

namespace fluid {

static const char BeginLine[] = "--- FLUID PROFILE BEGIN v1 ---\n";
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

Expected<std::vector<Frame>> findFrames(StringRef Data, StringRef Path) {
  std::vector<Frame> Frames;
  size_t Search = 0;
  while (true) {
    size_t Begin = Data.find(BeginPrefix, Search);
    if (Begin == StringRef::npos)
      break;
    if (Begin != 0 && Data[Begin - 1] != '\n') { // not at a line start
      Search = Begin + 1;
      continue;
    }
    size_t LineEnd = Data.find('\n', Begin);
    StringRef Line = Data.slice(Begin, LineEnd == StringRef::npos
                                           ? Data.size()
                                           : LineEnd + 1);
    if (Line != BeginLine)
      return failAt(Path, formatv("offset {0}: unsupported profile frame '{1}' "
                                  "(this fluid-prof reads version 1)",
                                  Begin, Line.rtrim("\r\n")));
    size_t PayloadStart = Begin + Line.size();
    size_t End = Data.find((Twine("\n") + EndPrefix).str(), PayloadStart - 1);
    size_t NextBegin = Data.find(BeginPrefix, PayloadStart);
    if (End == StringRef::npos || NextBegin < End)
      return failAt(Path, formatv("offset {0}: profile is truncated (no END "
                                  "line after the BEGIN line)",
                                  Begin));
    StringRef Payload = Data.slice(PayloadStart, End + 1);
    size_t EndLineStart = End + 1;
    size_t EndLineEnd = Data.find('\n', EndLineStart);
    StringRef EndLine = Data.slice(EndLineStart, EndLineEnd);
    uint64_t Bytes = 0;
    uint32_t Crc = 0;
    if (EndLineEnd == StringRef::npos ||
        !parseEndLine(EndLine.drop_front(strlen(EndPrefix)).rtrim('\r'), Bytes,
                      Crc))
      return failAt(Path, formatv("offset {0}: malformed END line '{1}'",
                                  EndLineStart, EndLine.take_front(80)));
    if (Bytes != Payload.size())
      return failAt(Path, formatv("offset {0}: payload has {1} bytes, the END "
                                  "line says {2} (bytes lost or added)",
                                  Begin, Payload.size(), Bytes));
    uint32_t Actual = payloadCrc(Payload);
    if (Actual != Crc)
      return failAt(Path, formatv("offset {0}: CRC mismatch: payload has "
                                  "{1:x-8}, the END line says {2:x-8}",
                                  Begin, Actual, Crc));
    Frames.push_back({Begin, Payload});
    Search = EndLineEnd;
  }
  if (Frames.empty())
    return failAt(Path, "no profile found (no '--- FLUID PROFILE BEGIN v1 ---' "
                        "line)");
  return Frames;
}

namespace {

const char *const EventNames[] = {
    "threads",      "stack_overflows", "unwound_frames", "orphan_exits",
    "saturations",  "interrupt_nests", "dropped_edges",  "dropped_slots"};
// Events later runtimes added: read when present, absent from older profiles.
const char *const LaterEventNames[] = {"closed_at_exit"};

void readHeader(JsonReader &R, const json::Object &Root, Profile &P) {
  std::string Format = R.string(Root, "format", "");
  if (!R.Failed && Format != "fluid-profile")
    R.error("format", "is '" + Format + "', not 'fluid-profile'");
  uint64_t Version = R.u64(Root, "version", "");
  if (!R.Failed && Version != 1)
    R.error("version", formatv("is {0}; this fluid-prof reads version 1",
                               Version));
  P.Producer = R.string(Root, "producer", "");
  P.Target = R.string(Root, "target", "", /*AllowEmpty=*/false);
  P.Clock = R.string(Root, "clock", "");
  if (!R.Failed && P.Clock != "tsc" && P.Clock != "icount")
    R.error("clock", "is '" + P.Clock + "', not 'tsc' or 'icount'");
  if (const json::Object *Probe = R.object(Root, "probe_cost", "")) {
    P.ProbeInner = R.u64(*Probe, "inner", "probe_cost.");
    P.ProbeOuter = R.u64(*Probe, "outer", "probe_cost.");
  }
  P.BuildId = R.hex16(Root, "build_id", "");
}

void readFunctions(JsonReader &R, const json::Array &Functions, Profile &P) {
  for (size_t I = 0; I < Functions.size() && !R.Failed; ++I) {
    std::string Where = formatv("functions[{0}].", I);
    const json::Object *O = Functions[I].getAsObject();
    if (!O) {
      R.error(formatv("functions[{0}]", I), "is not an object");
      return;
    }
    FunctionProfile F;
    F.Name = R.string(*O, "name", Where, /*AllowEmpty=*/false);
    F.File = R.string(*O, "file", Where);
    F.Hash = R.hex16(*O, "hash", Where);
    F.Calls = R.u64(*O, "calls", Where);
    F.SelfCycles = R.u64(*O, "self_cycles", Where);
    F.TotalCycles = R.u64(*O, "total_cycles", Where);
    F.MinCycles = R.u64(*O, "min_cycles", Where);
    F.MaxCycles = R.u64(*O, "max_cycles", Where);
    P.Functions.push_back(std::move(F));
  }
}

void readEdges(JsonReader &R, const json::Array &Edges, Profile &P) {
  for (size_t I = 0; I < Edges.size() && !R.Failed; ++I) {
    std::string Where = formatv("edges[{0}].", I);
    const json::Object *O = Edges[I].getAsObject();
    if (!O) {
      R.error(formatv("edges[{0}]", I), "is not an object");
      return;
    }
    EdgeProfile E;
    E.Caller = R.string(*O, "caller", Where, /*AllowEmpty=*/false);
    E.Callee = R.string(*O, "callee", Where, /*AllowEmpty=*/false);
    E.Calls = R.u64(*O, "calls", Where);
    E.Cycles = R.u64(*O, "cycles", Where);
    P.Edges.push_back(std::move(E));
  }
}

void readTotals(JsonReader &R, const json::Object &Root, Profile &P) {
  if (const json::Object *Events = R.object(Root, "events", "")) {
    for (const char *Name : EventNames)
      P.Events[Name] = R.u64(*Events, Name, "events.");
    for (const char *Name : LaterEventNames)
      if (Events->get(Name))
        P.Events[Name] = R.u64(*Events, Name, "events.");
  }
  if (const json::Object *Totals = R.object(Root, "totals", "")) {
    uint64_t Count = R.u64(*Totals, "functions", "totals.");
    if (!R.Failed && Count != P.Functions.size())
      R.error("totals.functions",
              formatv("is {0} but {1} functions are listed", Count,
                      P.Functions.size()));
    P.TotalCalls = R.u64(*Totals, "calls", "totals.");
    P.TotalSelfCycles = R.u64(*Totals, "self_cycles", "totals.");
  }
}

/// Functions of one name with different hashes (same-named static functions
/// of files with one name, or one source built twice with other macros)
/// are named apart as the hosted runtime names them since it does:
/// "util.c:helper" becomes "util.c@<hash>:helper", "name" "name@<hash>"
/// (runtime/hosted_profile.c, unique_name). Older runtimes, and the
/// freestanding one, wrote the names as they were; their edges naming such
/// a function cannot say which one they meant and are dropped. Entries of
/// one name and one hash are left to crossCheck (a duplicated entry).
void nameClashesApart(Profile &P) {
  std::map<std::string, std::vector<size_t>> ByName;
  for (size_t I = 0; I < P.Functions.size(); ++I)
    ByName[P.Functions[I].Name].push_back(I);
  StringSet<> Renamed;
  for (const auto &[Name, Entries] : ByName) {
    if (Entries.size() < 2)
      continue;
    std::set<uint64_t> Hashes;
    for (size_t I : Entries)
      Hashes.insert(P.Functions[I].Hash);
    if (Hashes.size() != Entries.size())
      continue;
    Renamed.insert(Name);
    size_t Colon = Name.rfind(':');
    size_t Head = Colon == std::string::npos ? Name.size() : Colon;
    for (size_t I : Entries)
      P.Functions[I].Name = Name.substr(0, Head) + "@" +
                            formatv("{0:x-16}", P.Functions[I].Hash).str() +
                            Name.substr(Head);
  }
  if (Renamed.empty())
    return;
  llvm::erase_if(P.Edges, [&](const EdgeProfile &E) {
    return Renamed.contains(E.Caller) || Renamed.contains(E.Callee);
  });
}

/// Whole-profile checks: each failure means the profile was edited or
/// damaged in a way the CRC could not see (or the frame was rebuilt).
void crossCheck(JsonReader &R, const Profile &P) {
  std::set<std::pair<StringRef, StringRef>> Seen;
  StringSet<> Names;
  uint64_t Calls = 0, Self = 0, BuildId = 0xcbf29ce484222325ull;
  for (size_t I = 0; I < P.Functions.size(); ++I) {
    const FunctionProfile &F = P.Functions[I];
    if (!Seen.insert({F.Name, F.File}).second)
      return R.error(formatv("functions[{0}]", I),
                     "duplicates function '" + F.Name + "' of '" + F.File +
                         "'");
    Names.insert(F.Name);
    if (F.Calls && F.MinCycles > F.MaxCycles)
      return R.error(formatv("functions[{0}]", I),
                     "has min_cycles above max_cycles");
    // Totals wrap modulo 2^64 as the runtime adds them.
    Calls += F.Calls;
    Self += F.SelfCycles;
    BuildId = (BuildId ^ F.Hash) * 0x100000001b3ull;
  }
  for (size_t I = 0; I < P.Edges.size(); ++I)
    for (const std::string *End : {&P.Edges[I].Caller, &P.Edges[I].Callee})
      if (!Names.contains(*End))
        return R.error(formatv("edges[{0}]", I),
                       "names '" + *End + "', which is not a listed function");
  if (Calls != P.TotalCalls)
    return R.error("totals.calls", formatv("is {0} but the functions' calls "
                                           "add up to {1}", P.TotalCalls,
                                           Calls));
  if (Self != P.TotalSelfCycles)
    return R.error("totals.self_cycles",
                   formatv("is {0} but the functions' self_cycles add up to "
                           "{1}", P.TotalSelfCycles, Self));
  if (BuildId != P.BuildId)
    R.error("build_id", formatv("is {0:x-16} but the function hashes give "
                                "{1:x-16}", P.BuildId, BuildId));
}

} // namespace

Expected<Profile> parseProfile(StringRef Json, StringRef Path) {
  Expected<json::Value> Root = parseJsonDocument(Json, Path, "payload");
  if (!Root)
    return Root.takeError();
  const json::Object *Object = Root->getAsObject();
  if (!Object)
    return failAt(Path, "payload is not a JSON object");
  Profile P;
  JsonReader R(Path);
  readHeader(R, *Object, P);
  if (!R.Failed)
    if (const json::Array *Functions = R.array(*Object, "functions"))
      readFunctions(R, *Functions, P);
  if (!R.Failed)
    if (const json::Array *Edges = R.array(*Object, "edges"))
      readEdges(R, *Edges, P);
  if (!R.Failed)
    readTotals(R, *Object, P);
  if (!R.Failed) {
    nameClashesApart(P);
    crossCheck(R, P);
  }
  if (Error E = R.takeError())
    return std::move(E);
  return P;
}

Expected<Profile> readProfile(StringRef Data, StringRef Path, int Index) {
  if (Data.ltrim().starts_with("{"))
    return parseProfile(Data, Path);
  Expected<std::vector<Frame>> Frames = findFrames(Data, Path);
  if (!Frames)
    return Frames.takeError();
  if (Index < 0 && Frames->size() > 1)
    return failAt(Path, formatv("holds {0} profiles; pick one with --index=N "
                                "(0..{1})",
                                Frames->size(), Frames->size() - 1));
  size_t Pick = Index < 0 ? 0 : Index;
  if (Pick >= Frames->size())
    return failAt(Path, formatv("--index={0}, but it holds {1} profile(s)",
                                Pick, Frames->size()));
  return parseProfile((*Frames)[Pick].Payload, Path);
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

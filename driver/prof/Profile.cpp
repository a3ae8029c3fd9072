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

// The BEGIN lines of the versions this fluid-prof reads: 2 adds the
// calling contexts to 1.
static const char *const BeginTexts[] = {"--- FLUID PROFILE BEGIN v1 ---",
                                         "--- FLUID PROFILE BEGIN v2 ---"};
static const char BeginPrefix[] = "--- FLUID PROFILE BEGIN ";
static const char EndPrefix[] = "--- FLUID PROFILE END bytes=";

StringRef levelName(OptLevel L) {
  switch (L) {
  case OptLevel::O0:
    return "O0";
  case OptLevel::O1:
    return "O1";
  case OptLevel::O2:
    return "O2";
  case OptLevel::O3:
    return "O3";
  case OptLevel::Os:
    return "Os";
  case OptLevel::Oz:
    return "Oz";
  }
  llvm_unreachable("unknown optimization level");
}

std::optional<OptLevel> parseLevel(StringRef Name) {
  Name.consume_front("-");
  for (OptLevel L : {OptLevel::O0, OptLevel::O1, OptLevel::O2, OptLevel::O3,
                     OptLevel::Os, OptLevel::Oz})
    if (Name == levelName(L))
      return L;
  return std::nullopt;
}

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
static size_t beginLineLength(StringRef Text) {
  for (const char *BeginText : BeginTexts) {
    if (!Text.starts_with(BeginText))
      continue;
    StringRef Rest = Text.drop_front(strlen(BeginText)).drop_while(
        [](char C) { return C == '\r'; });
    return Rest.starts_with("\n") ? Text.size() - Rest.size() + 1 : 0;
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
  size_t BeginLength = beginLineLength(Line);
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

namespace {

const char *const EventNames[] = {
    "threads",      "stack_overflows", "unwound_frames", "orphan_exits",
    "saturations",  "interrupt_nests", "dropped_edges",  "dropped_slots"};
// Events later runtimes added: read when present, absent from older profiles.
const char *const LaterEventNames[] = {"closed_at_exit", "clock_anomalies",
                                       "freeze_timeouts"};

void readHeader(JsonReader &R, const json::Object &Root, Profile &P) {
  std::string Format = R.string(Root, "format", "");
  if (!R.Failed && Format != "fluid-profile")
    R.error("format", "is '" + Format + "', not 'fluid-profile'");
  P.Version = R.u64(Root, "version", "");
  if (!R.Failed && P.Version != 1 && P.Version != 2)
    R.error("version", formatv("is {0}; this fluid-prof reads versions 1 "
                               "and 2",
                               P.Version));
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
    if (const json::Value *Untimed = O->get("untimed")) {
      std::optional<bool> Flag = Untimed->getAsBoolean();
      if (!Flag) {
        R.error(Where + "untimed", "is not true or false");
        return;
      }
      F.Untimed = *Flag;
    }
    // Optional: older runtimes, and code instrumented without a level,
    // name none.
    if (O->get("level")) {
      std::string Level = R.string(*O, "level", Where);
      std::optional<OptLevel> Parsed = parseLevel(Level);
      // Exactly as the runtime writes it: "O2", not "-O2".
      if (!R.Failed && (!Parsed || levelName(*Parsed) != Level)) {
        std::string Shown; // one line, whatever the string holds
        raw_string_ostream OS(Shown);
        printEscapedString(StringRef(Level).take_front(40), OS);
        R.error(Where + "level",
                "is '" + Shown + "', not one of O0, O1, O2, O3, Os, Oz");
      }
      F.Level = Parsed;
    }
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

/// One context node; its indices are checked here, so no reader of the
/// tree ever follows one out of range or round a loop. The rest of the
/// tree's rules are Accounting.h's.
void readContext(JsonReader &R, const json::Value &Node, size_t I,
                 Profile &P) {
  std::string Where = formatv("contexts[{0}].", I);
  const json::Object *O = Node.getAsObject();
  if (!O)
    return R.error(formatv("contexts[{0}]", I), "is not an object");
  ContextNode C;
  const json::Value *Parent = O->get("parent");
  std::optional<int64_t> Root = Parent ? Parent->getAsInteger() : std::nullopt;
  if (Root && *Root == -1)
    C.Parent = -1;
  else if (uint64_t Index = R.u64(*O, "parent", Where); !R.Failed) {
    if (Index >= I)
      return R.error(Where + "parent",
                     formatv("is {0}, not -1 or an earlier node (parents "
                             "come before their children)",
                             Index));
    C.Parent = int64_t(Index);
  }
  C.Function = R.u64(*O, "function", Where);
  if (!R.Failed && C.Function >= P.Functions.size())
    return R.error(Where + "function",
                   formatv("is {0} but {1} functions are listed", C.Function,
                           P.Functions.size()));
  C.Calls = R.u64(*O, "calls", Where);
  C.SelfCycles = R.u64(*O, "self_cycles", Where);
  C.TotalCycles = R.u64(*O, "total_cycles", Where);
  P.Contexts.push_back(C);
}

/// Version 2's tree and bound; a version 1 profile has neither.
void readContexts(JsonReader &R, const json::Object &Root, Profile &P) {
  if (P.Version == 1) {
    for (StringRef Key : {"contexts", "context_capacity"})
      if (Root.get(Key))
        R.error(Key, "is present in a version 1 profile");
    return;
  }
  if (Root.get("context_capacity"))
    P.ContextCapacity = R.u64(Root, "context_capacity", "");
  if (const json::Array *Nodes = R.array(Root, "contexts")) {
    P.Contexts.reserve(Nodes->size());
    for (size_t I = 0; I < Nodes->size() && !R.Failed; ++I)
      readContext(R, (*Nodes)[I], I, P);
  }
}

void readTotals(JsonReader &R, const json::Object &Root, Profile &P) {
  if (const json::Object *Events = R.object(Root, "events", "")) {
    for (const char *Name : EventNames)
      P.Events[Name] = R.u64(*Events, Name, "events.");
    if (P.Version >= 2)
      P.Events["dropped_contexts"] =
          R.u64(*Events, "dropped_contexts", "events.");
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
/// damaged in a way the CRC could not see (or the frame was rebuilt). The
/// cycle figures (totals.self_cycles among them) are checked against each
/// other by checkAccounting (Accounting.h), which plan may be told to
/// overlook.
void crossCheck(JsonReader &R, const Profile &P) {
  std::set<std::pair<StringRef, StringRef>> Seen;
  StringSet<> Names;
  uint64_t Calls = 0, BuildId = 0xcbf29ce484222325ull;
  bool CallsOverflowed = false;
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
    // Older runtimes added calls modulo 2^64, newer ones saturate.
    CallsOverflowed |= __builtin_add_overflow(Calls, F.Calls, &Calls);
    BuildId = (BuildId ^ F.Hash) * 0x100000001b3ull;
  }
  for (size_t I = 0; I < P.Edges.size(); ++I)
    for (const std::string *End : {&P.Edges[I].Caller, &P.Edges[I].Callee})
      if (!Names.contains(*End))
        return R.error(formatv("edges[{0}]", I),
                       "names '" + *End + "', which is not a listed function");
  if (Calls != P.TotalCalls && !(CallsOverflowed && P.TotalCalls == UINT64_MAX))
    return R.error("totals.calls", formatv("is {0} but the functions' calls "
                                           "add up to {1}", P.TotalCalls,
                                           Calls));
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
    readContexts(R, *Object, P);
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

std::string contextPath(const Profile &P, size_t Index) {
  std::vector<StringRef> Names;
  for (int64_t I = int64_t(Index); I >= 0; I = P.Contexts[I].Parent)
    Names.push_back(P.Functions[P.Contexts[I].Function].Name);
  std::string Path;
  for (StringRef Name : llvm::reverse(Names))
    Path += (Path.empty() ? "" : " > ") + Name.str();
  return Path;
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
    return PickedPayload{Data.str(), 0, 0};
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
  return PickedPayload{Frames[Pick].Payload, Pick, Count};
}

Expected<Profile> readProfile(StringRef Data, StringRef Path, int Index,
                              WarningHandler Warn) {
  Expected<PickedPayload> Picked = pickPayload(Data, Path, Index, Warn);
  if (!Picked)
    return Picked.takeError();
  return parseProfile(Picked->Json, Path);
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

//===- Profile.cpp - A profile's payload, parsed and checked --------------===//
//
// The JSON (its frame already verified, ProfileFrames.cpp), then every
// field's type and range, then the cross-checks that need the whole profile
// (duplicates, edges, totals, build id).
//
//===----------------------------------------------------------------------===//

#include "Profile.h"
#include "JsonReader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <map>
#include <set>
#include <utility>

using namespace llvm;

namespace fluid {

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
/// (runtime/hosted_snapshot.c, unique_name). Older runtimes, and the
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

Expected<Profile> parseProfile(StringRef Json, StringRef Path,
                               uint64_t FrameVersion) {
  Expected<json::Value> Root = parseJsonDocument(Json, Path, "payload");
  if (!Root)
    return Root.takeError();
  const json::Object *Object = Root->getAsObject();
  if (!Object)
    return failAt(Path, "payload is not a JSON object");
  Profile P;
  JsonReader R(Path);
  readHeader(R, *Object, P);
  if (!R.Failed && FrameVersion && P.Version != FrameVersion)
    R.error("version", formatv("is {0}, but its frame's BEGIN line says v{1}",
                               P.Version, FrameVersion));
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

Expected<Profile> readProfile(StringRef Data, StringRef Path, int Index,
                              WarningHandler Warn) {
  Expected<PickedPayload> Picked = pickPayload(Data, Path, Index, Warn);
  if (!Picked)
    return Picked.takeError();
  return parseProfile(Picked->Json, Path, Picked->Version);
}

} // namespace fluid

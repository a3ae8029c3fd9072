//===- ProfileWriter.cpp - Profiles written as the runtime frames them ---===//
//
// Keys in the runtime's order (runtime/export.c), the contexts after the
// edges; events in name order. Strings go through llvm::json's escaping.
//
//===----------------------------------------------------------------------===//

#include "ProfileWriter.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using namespace llvm;

namespace fluid {

namespace {

/// S as a JSON string.
std::string quoted(StringRef S) {
  std::string Out;
  raw_string_ostream OS(Out);
  OS << json::Value(S.str());
  return Out;
}

std::string hex16(uint64_t Value) { return formatv("{0:x-16}", Value); }

void writeFunction(const FunctionProfile &F, raw_ostream &OS) {
  OS << "{\"name\":" << quoted(F.Name) << ",\"file\":" << quoted(F.File)
     << ",\"hash\":\"" << hex16(F.Hash) << "\",\"calls\":" << F.Calls
     << ",\"self_cycles\":" << F.SelfCycles
     << ",\"total_cycles\":" << F.TotalCycles
     << ",\"min_cycles\":" << F.MinCycles << ",\"max_cycles\":" << F.MaxCycles;
  if (F.Untimed)
    OS << ",\"untimed\":true";
  if (F.Level)
    OS << ",\"level\":\"" << levelName(*F.Level) << "\"";
  OS << "}";
}

/// "[\nA,\nB]" with each element written by Write.
template <typename T, typename Fn>
void writeArray(ArrayRef<T> Items, raw_ostream &OS, Fn Write) {
  OS << "[";
  for (size_t I = 0; I < Items.size(); ++I) {
    OS << (I ? ",\n" : "\n");
    Write(Items[I]);
  }
  OS << "]";
}

} // namespace

std::string profilePayload(const Profile &P) {
  std::string Out;
  raw_string_ostream OS(Out);
  OS << "{\"format\":\"fluid-profile\",\"version\":" << P.Version
     << ",\"producer\":" << quoted(P.Producer)
     << ",\"target\":" << quoted(P.Target) << ",\"clock\":" << quoted(P.Clock)
     << ",\"probe_cost\":{\"inner\":" << P.ProbeInner
     << ",\"outer\":" << P.ProbeOuter << "}";
  if (P.ContextCapacity)
    OS << ",\"context_capacity\":" << *P.ContextCapacity;
  OS << ",\n\"functions\":";
  writeArray(ArrayRef(P.Functions), OS,
             [&](const FunctionProfile &F) { writeFunction(F, OS); });
  OS << ",\n\"edges\":";
  writeArray(ArrayRef(P.Edges), OS, [&](const EdgeProfile &E) {
    OS << "{\"caller\":" << quoted(E.Caller)
       << ",\"callee\":" << quoted(E.Callee) << ",\"calls\":" << E.Calls
       << ",\"cycles\":" << E.Cycles << "}";
  });
  if (P.Version >= 2) {
    OS << ",\n\"contexts\":";
    writeArray(ArrayRef(P.Contexts), OS, [&](const ContextNode &C) {
      OS << "{\"parent\":" << C.Parent << ",\"function\":" << C.Function
         << ",\"calls\":" << C.Calls << ",\"self_cycles\":" << C.SelfCycles
         << ",\"total_cycles\":" << C.TotalCycles << "}";
    });
  }
  OS << ",\n\"events\":{";
  bool First = true;
  for (const auto &[Name, Count] : P.Events) {
    OS << (First ? "" : ",") << quoted(Name) << ":" << Count;
    First = false;
  }
  OS << "},\n\"totals\":{\"functions\":" << P.Functions.size()
     << ",\"calls\":" << P.TotalCalls
     << ",\"self_cycles\":" << P.TotalSelfCycles << "},\"build_id\":\""
     << hex16(P.BuildId) << "\"}\n";
  return Out;
}

void writeFramedProfile(const Profile &P, raw_ostream &OS) {
  std::string Payload = profilePayload(P);
  OS << "--- FLUID PROFILE BEGIN v" << P.Version << " ---\n"
     << Payload << "--- FLUID PROFILE END bytes=" << Payload.size()
     << " crc32=" << formatv("{0:x-8}", payloadCrc(Payload)) << " ---\n";
}

} // namespace fluid

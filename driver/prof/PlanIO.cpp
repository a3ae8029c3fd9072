//===- PlanIO.cpp - Reading, writing and digesting plans -----------------===//
//
// Plans are JSON (docs/plan-format.md), written one function per line so a
// new plan diffs cleanly against the last one. The reader validates like the
// profile reader (the same JsonReader: counters as integers, the first bad
// field named) and adds what plans need: known level names, one entry per
// function.
//
//===----------------------------------------------------------------------===//

#include "Accounting.h"
#include "JsonReader.h"
#include "Plan.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/xxhash.h"

#include <set>
#include <tuple>
#include <utility>

using namespace llvm;

namespace fluid {

namespace {

const char PlanFormat[] = "fluid-plan";

void readPlanHeader(JsonReader &R, const json::Object &Root, Plan &P) {
  std::string Format = R.string(Root, "format", "");
  if (!R.Failed && Format != PlanFormat)
    R.error("format", "is '" + Format + "', not '" + PlanFormat + "'");
  uint64_t Version = R.u64(Root, "version", "");
  if (!R.Failed && Version != 1)
    R.error("version",
            formatv("is {0}; this fluid-prof reads plan version 1", Version));
  P.Producer = R.string(Root, "producer", "");
  P.Policy = R.string(Root, "policy", "");
  if (!R.Failed && P.Policy != policyName(PolicyKind::Shares) &&
      P.Policy != policyName(PolicyKind::BareFlow) &&
      P.Policy != MeasuredPolicyName)
    R.error("policy", "is '" + P.Policy +
                          "', not 'shares', 'bareflow' or 'measured'");
  P.TotalSelfCycles = R.u64(Root, "total_self_cycles", "");
}

void readSources(JsonReader &R, const json::Array &Sources, Plan &P) {
  for (size_t I = 0; I < Sources.size() && !R.Failed; ++I) {
    std::string Where = formatv("sources[{0}].", I);
    const json::Object *O = Sources[I].getAsObject();
    if (!O)
      return R.error(formatv("sources[{0}]", I), "is not an object");
    PlanSource S;
    S.BuildId = R.hex16(*O, "build_id", Where);
    S.Target = R.string(*O, "target", Where, /*AllowEmpty=*/false);
    S.Clock = R.string(*O, "clock", Where);
    if (!R.Failed && S.Clock != "tsc" && S.Clock != "icount")
      R.error(Where + "clock", "is '" + S.Clock + "', not 'tsc' or 'icount'");
    P.Sources.push_back(std::move(S));
  }
}

void readPlanFunctions(JsonReader &R, const json::Array &Functions, Plan &P) {
  std::set<std::tuple<std::string, std::string, uint64_t>> Seen;
  for (size_t I = 0; I < Functions.size() && !R.Failed; ++I) {
    std::string Where = formatv("functions[{0}].", I);
    const json::Object *O = Functions[I].getAsObject();
    if (!O)
      return R.error(formatv("functions[{0}]", I), "is not an object");
    PlanFunction F;
    F.Name = R.string(*O, "name", Where, /*AllowEmpty=*/false);
    F.File = R.string(*O, "file", Where);
    F.Hash = R.hex16(*O, "hash", Where);
    std::string Level = R.string(*O, "level", Where);
    std::optional<OptLevel> Parsed = parseLevel(Level);
    // Exactly as written by writePlan: "O2", not "-O2".
    if (!R.Failed && (!Parsed || levelName(*Parsed) != Level))
      R.error(Where + "level",
              "is '" + Level + "', not one of O0, O1, O2, O3, Os, Oz");
    F.Level = Parsed.value_or(OptLevel::O2);
    F.Reason = R.string(*O, "reason", Where);
    F.Calls = R.u64(*O, "calls", Where);
    F.SelfCycles = R.u64(*O, "self_cycles", Where);
    F.TotalCycles = R.u64(*O, "total_cycles", Where);
    if (!R.Failed && !Seen.insert({F.Name, F.File, F.Hash}).second)
      R.error(formatv("functions[{0}]", I),
              "duplicates function '" + F.Name + "' of '" + F.File +
                  "' (same hash)");
    P.Functions.push_back(std::move(F));
  }
}

Expected<Plan> planFromJson(const json::Value &Root, StringRef Path) {
  const json::Object *Object = Root.getAsObject();
  if (!Object)
    return failAt(Path, "plan is not a JSON object");
  Plan P;
  JsonReader R(Path);
  readPlanHeader(R, *Object, P);
  if (!R.Failed)
    if (const json::Array *Sources = R.array(*Object, "sources"))
      readSources(R, *Sources, P);
  if (!R.Failed)
    if (const json::Array *Functions = R.array(*Object, "functions"))
      readPlanFunctions(R, *Functions, P);
  if (Error E = R.takeError())
    return std::move(E);
  return P;
}

/// The "format" of a bare JSON document, if it has one.
std::optional<std::string> documentFormat(const json::Value &Root) {
  if (const json::Object *O = Root.getAsObject())
    if (std::optional<StringRef> Format = O->getString("format"))
      return Format->str();
  return std::nullopt;
}

} // namespace

Expected<Plan> parsePlan(StringRef Json, StringRef Path) {
  if (Json.size() > MaxInputBytes)
    return inputTooLarge(Path, "is " + Twine(Json.size()) + " bytes");
  Expected<json::Value> Root = parseJsonDocument(Json, Path, "plan");
  if (!Root)
    return Root.takeError();
  return planFromJson(*Root, Path);
}

/// Damaged JSON is a plan's if its opening bytes say so, as writePlan's do.
static bool namesPlanFormat(StringRef Text) {
  return Text.take_front(64).contains("\"fluid-plan\"");
}

bool isPlanDocument(StringRef Data) {
  StringRef Text = Data.ltrim();
  if (!Text.starts_with("{"))
    return false;
  Expected<json::Value> Root = json::parse(Text);
  if (!Root) {
    consumeError(Root.takeError());
    return namesPlanFormat(Text);
  }
  return documentFormat(*Root) == std::optional<std::string>(PlanFormat);
}

Expected<Plan> readPlanOrProfile(StringRef Data, StringRef Path) {
  if (Data.size() > MaxInputBytes)
    return inputTooLarge(Path, "is " + Twine(Data.size()) + " bytes");
  // Bare JSON is parsed once here when it is a plan (or damaged and says it
  // is one); profiles go to the profile reader.
  if (Data.ltrim().starts_with("{")) {
    Expected<json::Value> Root = parseJsonDocument(Data, Path, "plan");
    if (!Root) {
      if (namesPlanFormat(Data.ltrim()))
        return Root.takeError();
      consumeError(Root.takeError());
    } else if (documentFormat(*Root) ==
               std::optional<std::string>(PlanFormat)) {
      return planFromJson(*Root, Path);
    }
  }
  Expected<Profile> Prof = readProfile(Data, Path);
  if (!Prof)
    return Prof.takeError();
  // As fluid-prof plan: figures that do not add up make no plan. The one
  // way past is a plan made with --accept-inconsistent-profiles.
  if (Error E = checkAccounting(*Prof, Path))
    return createStringError(inconvertibleErrorCode(),
                             "%s; refused ('fluid-prof plan "
                             "--accept-inconsistent-profiles' makes a plan of "
                             "it anyway)",
                             toString(std::move(E)).c_str());
  return makePlan(*Prof, std::string(Path), PolicyOptions());
}

void writePlan(const Plan &P, raw_ostream &OS) {
  std::vector<const PlanFunction *> Order;
  for (const PlanFunction &F : P.Functions)
    Order.push_back(&F);
  llvm::sort(Order, [](const PlanFunction *A, const PlanFunction *B) {
    return std::tie(A->Name, A->File) < std::tie(B->Name, B->File);
  });
  auto Hex = [](uint64_t V) { return formatv("{0:x-16}", V).str(); };
  // A json::OStream writes one value: one per string or object here, the
  // line structure around them is written directly.
  OS << "{\"format\":\"" << PlanFormat << "\",\"version\":1,\"producer\":";
  json::OStream(OS).value(P.Producer);
  OS << ",\"policy\":";
  json::OStream(OS).value(P.Policy);
  OS << ",\n\"sources\":[";
  for (size_t I = 0; I < P.Sources.size(); ++I) {
    const PlanSource &S = P.Sources[I];
    OS << (I ? ",\n" : "\n");
    json::OStream J(OS);
    J.object([&] {
      J.attribute("build_id", Hex(S.BuildId));
      J.attribute("target", S.Target);
      J.attribute("clock", S.Clock);
    });
  }
  OS << "],\n\"total_self_cycles\":" << P.TotalSelfCycles
     << ",\n\"functions\":[";
  for (size_t I = 0; I < Order.size(); ++I) {
    const PlanFunction &F = *Order[I];
    OS << (I ? ",\n" : "\n");
    json::OStream J(OS);
    J.object([&] {
      J.attribute("name", F.Name);
      J.attribute("file", F.File);
      J.attribute("hash", Hex(F.Hash));
      J.attribute("level", levelName(F.Level));
      J.attribute("reason", F.Reason);
      J.attribute("calls", F.Calls);
      J.attribute("self_cycles", F.SelfCycles);
      J.attribute("total_cycles", F.TotalCycles);
    });
  }
  OS << "]}\n";
}

uint64_t planDigest(const Plan &P) {
  std::string Text;
  raw_string_ostream OS(Text);
  writePlan(P, OS);
  return xxh3_64bits(StringRef(Text));
}

} // namespace fluid

//===- DiffCommand.cpp - fluid-prof diff ----------------------------------===//
//
// Two profiles side by side, function by function (docs/fluid-prof.md):
// B's functions are found among A's by the rule fluid-cc finds a function
// in a plan by (NameMatch.h), after the plan's own key (name, file and hash
// as written); a function of the same name and file whose code changed is
// paired with its old self. Rows are sorted by the largest absolute change
// of self cycles, then of inclusive cycles, then by name; functions of one
// side only are listed too, the other side counting as 0.
//
//===----------------------------------------------------------------------===//

#include "CommandSupport.h"
#include "JsonReader.h"
#include "NameMatch.h"
#include "ProfileCommands.h"
#include "Tables.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <tuple>

using namespace llvm;

namespace fluid {

namespace {

enum class DiffFormat { Table, Csv };

cl::SubCommand DiffCmd("diff", "Compare two profiles function by function");
cl::list<std::string> Inputs(cl::Positional, cl::OneOrMore,
                             cl::desc("<profile A> <profile B>"),
                             cl::sub(DiffCmd),
                             cl::cat(profileCommandsCategory()));
cl::opt<DiffFormat> Format(
    "format", cl::desc("Output format"), cl::init(DiffFormat::Table),
    cl::values(clEnumValN(DiffFormat::Table, "table", "aligned columns"),
               clEnumValN(DiffFormat::Csv, "csv", "CSV with a header row")),
    cl::sub(DiffCmd), cl::cat(profileCommandsCategory()));

using Int = __int128;

/// One function of either or both sides.
struct Row {
  const FunctionProfile *A = nullptr, *B = nullptr;
  /// "only A", "only B", or how B's function differs from A's: its code
  /// ("changed"), its name ("was old.c:helper": a renamed file).
  std::string status() const {
    if (!A)
      return "only B";
    if (!B)
      return "only A";
    std::string Status = A->Hash == B->Hash ? "" : "changed";
    if (A->Name != B->Name)
      Status += (Status.empty() ? "was " : ", was ") + A->Name;
    return Status;
  }
  StringRef name() const { return (B ? B : A)->Name; }
  static Int of(const FunctionProfile *F, uint64_t FunctionProfile::*Field) {
    return F ? Int(F->*Field) : 0;
  }
  Int change(uint64_t FunctionProfile::*Field) const {
    return of(B, Field) - of(A, Field);
  }
};

std::string intText(Int V) {
  if (V == 0)
    return "0";
  bool Negative = V < 0;
  unsigned __int128 U = Negative ? -(unsigned __int128)V : V;
  std::string Digits;
  for (; U; U /= 10)
    Digits.insert(Digits.begin(), char('0' + unsigned(U % 10)));
  return (Negative ? "-" : V > 0 ? "+" : "") + Digits;
}

/// The pairs: each of B's functions with its A entry, if any.
std::vector<Row> pairFunctions(const Profile &A, const Profile &B) {
  std::vector<FunctionKey> Keys;
  std::map<std::tuple<StringRef, StringRef, uint64_t>, size_t> Exact;
  for (size_t I = 0; I < A.Functions.size(); ++I) {
    const FunctionProfile &F = A.Functions[I];
    Keys.push_back({F.Name, F.File, F.Hash});
    Exact.try_emplace({F.Name, F.File, F.Hash}, I);
  }
  FunctionMatcher Matcher(Keys);
  std::vector<bool> Taken(A.Functions.size());
  std::vector<Row> Rows;
  for (const FunctionProfile &F : B.Functions) {
    std::optional<size_t> Match;
    if (auto It = Exact.find({F.Name, F.File, F.Hash}); It != Exact.end())
      Match = It->second;
    else {
      std::string Name = unqualifiedName(F.Name);
      FunctionMatcher::Found Found = Matcher.find(
          Name, F.File, F.Hash, Name.find(':') != std::string::npos);
      Match = Found.Match ? Found.Match : Found.Previous;
    }
    if (Match && Taken[*Match])
      Match.reset();
    Rows.push_back({Match ? &A.Functions[*Match] : nullptr, &F});
    if (Match)
      Taken[*Match] = true;
  }
  for (size_t I = 0; I < A.Functions.size(); ++I)
    if (!Taken[I])
      Rows.push_back({&A.Functions[I], nullptr});
  return Rows;
}

void sortRows(std::vector<Row> &Rows) {
  auto Magnitude = [](Int V) { return V < 0 ? -V : V; };
  llvm::sort(Rows, [&](const Row &X, const Row &Y) {
    Int SX = Magnitude(X.change(&FunctionProfile::SelfCycles));
    Int SY = Magnitude(Y.change(&FunctionProfile::SelfCycles));
    if (SX != SY)
      return SX > SY;
    Int TX = Magnitude(X.change(&FunctionProfile::TotalCycles));
    Int TY = Magnitude(Y.change(&FunctionProfile::TotalCycles));
    if (TX != TY)
      return TX > TY;
    const FunctionProfile *FX = X.B ? X.B : X.A, *FY = Y.B ? Y.B : Y.A;
    return std::make_tuple(FX->Name, FX->File, FX->Hash, bool(X.B)) <
           std::make_tuple(FY->Name, FY->File, FY->Hash, bool(Y.B));
  });
}

/// The fields of one row: per figure A, B, change, ratio (B/A, to three
/// places; none when A is 0 or a side is missing), then the status.
std::vector<std::string> rowFields(const Row &R, bool ForTable) {
  std::string Missing = ForTable ? "-" : "";
  std::vector<std::string> Fields = {R.name().str()};
  for (uint64_t FunctionProfile::*Field :
       {&FunctionProfile::Calls, &FunctionProfile::SelfCycles,
        &FunctionProfile::TotalCycles}) {
    Fields.push_back(R.A ? std::to_string(R.A->*Field) : Missing);
    Fields.push_back(R.B ? std::to_string(R.B->*Field) : Missing);
    Fields.push_back(intText(R.change(Field)));
    Fields.push_back(
        R.A && R.B && R.A->*Field
            ? formatv("{0:F3}", double(R.B->*Field) / double(R.A->*Field)).str()
            : Missing);
  }
  Fields.push_back(R.status());
  return Fields;
}

const char *const Header[] = {
    "function", "calls_a",      "calls_b",     "calls_change", "calls_ratio",
    "self_a",   "self_b",       "self_change", "self_ratio",   "total_a",
    "total_b",  "total_change", "total_ratio", "status"};

void writeCsv(ArrayRef<Row> Rows, raw_ostream &OS) {
  writeCsvRow(OS,
              std::vector<std::string>(std::begin(Header), std::end(Header)));
  for (const Row &R : Rows)
    writeCsvRow(OS, rowFields(R, false));
}

void writeTable(ArrayRef<Row> Rows, raw_ostream &OS) {
  std::vector<std::vector<std::string>> Table;
  Table.push_back(
      std::vector<std::string>(std::begin(Header), std::end(Header)));
  for (const Row &R : Rows) {
    Table.push_back(rowFields(R, true));
    Table.back().front() = displayName(Table.back().front());
  }
  std::vector<size_t> Width(Table.front().size());
  for (const auto &Line : Table)
    for (size_t I = 0; I < Line.size(); ++I)
      Width[I] = std::max(Width[I], Line[I].size());
  for (const auto &Line : Table) {
    std::string Text;
    raw_string_ostream TS(Text);
    TS << left_justify(Line[0], Width[0]);
    for (size_t I = 1; I + 1 < Line.size(); ++I)
      TS << "  " << right_justify(Line[I], Width[I]);
    TS << "  " << Line.back();
    OS << StringRef(Text).rtrim(' ') << "\n";
  }
}

} // namespace

bool diffSelected() { return bool(DiffCmd); }

int runDiff() {
  if (Inputs.size() != 2)
    return reportError(
        formatv("diff: needs two profiles, A and B; got {0}", Inputs.size()));
  Expected<Profile> A = readCheckedProfile(Inputs[0], "diff");
  if (!A)
    return reportError(toString(A.takeError()));
  Expected<Profile> B = readCheckedProfile(Inputs[1], "diff");
  if (!B)
    return reportError(toString(B.takeError()));
  if (A->Clock != B->Clock)
    return reportError(formatv("{0}: clock is {1} but {2}'s is {3}: cycles "
                               "of different clocks do not compare",
                               Inputs[1], B->Clock, Inputs[0], A->Clock));
  std::vector<Row> Rows = pairFunctions(*A, *B);
  sortRows(Rows);
  if (Format == DiffFormat::Csv)
    writeCsv(Rows, outs());
  else
    writeTable(Rows, outs());
  return 0;
}

} // namespace fluid

//===- Tables.cpp - fluid-prof's tables of profiles and plans ------------===//
//
// Fixed-width text tables. The name column is as wide as the longest name
// shown, up to MaxNameWidth; a longer name (C++ templates demangle to
// hundreds of characters) is printed whole on a line of its own and its
// figures follow on the next, so no name is ever cut.
//
//===----------------------------------------------------------------------===//

#include "Tables.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <tuple>
#include <vector>

using namespace llvm;

namespace fluid {

namespace {

constexpr size_t MaxNameWidth = 60;

size_t columnWidth(ArrayRef<std::string> Names, StringRef Header) {
  size_t Width = Header.size();
  for (const std::string &Name : Names)
    Width = std::max(Width, std::min(Name.size(), MaxNameWidth));
  return Width;
}

/// Name padded to Width, or the whole name on its own line and an empty
/// cell of Width below it.
void nameCell(raw_ostream &OS, StringRef Name, size_t Width) {
  if (Name.size() > Width)
    OS << Name << "\n" << std::string(Width, ' ');
  else
    OS << left_justify(Name, Width);
}

uint64_t sortValue(const FunctionProfile &F, SortKey Sort) {
  switch (Sort) {
  case SortKey::Self:
    return F.SelfCycles;
  case SortKey::Total:
    return F.TotalCycles;
  case SortKey::Calls:
    return F.Calls;
  }
  return 0;
}

double percent(uint64_t Part, uint64_t Whole) {
  return Whole ? 100.0 * double(Part) / double(Whole) : 0.0;
}

void showFunctions(const Profile &P, SortKey Sort, unsigned Top,
                   raw_ostream &OS) {
  std::vector<const FunctionProfile *> Order;
  for (const FunctionProfile &F : P.Functions)
    Order.push_back(&F);
  // Ties broken by name, so the table never depends on sort stability.
  llvm::sort(Order, [&](const FunctionProfile *A, const FunctionProfile *B) {
    uint64_t KeyA = sortValue(*A, Sort), KeyB = sortValue(*B, Sort);
    return KeyA != KeyB ? KeyA > KeyB : A->Name < B->Name;
  });
  ArrayRef<const FunctionProfile *> Shown = ArrayRef(Order).take_front(Top);
  std::vector<std::string> Names;
  for (const FunctionProfile *F : Shown)
    Names.push_back(displayName(F->Name));
  size_t Width = columnWidth(Names, "function");
  // The level column, last, when the profile records levels (a mixed
  // build's differ from function to function).
  bool Levels = any_of(P.Functions, [](const FunctionProfile &F) {
    return F.Level.has_value();
  });
  OS << left_justify("function", Width)
     << formatv(" {0,12} {1,16} {2,7} {3,16} {4,12}", "calls", "self cycles",
                "self%", "incl cycles", "avg incl")
     << (Levels ? "  level\n" : "\n");
  for (size_t I = 0; I < Shown.size(); ++I) {
    const FunctionProfile &F = *Shown[I];
    nameCell(OS, Names[I], Width);
    if (F.Untimed) { // its time is its callers'
      OS << format(" %12llu", (unsigned long long)F.Calls)
         << formatv(" {0,16} {1,7} {2,16} {3,12}", "-", "-", "-", "untimed");
    } else {
      OS << format(" %12llu %16llu %6.1f%% %16llu %12llu",
                   (unsigned long long)F.Calls,
                   (unsigned long long)F.SelfCycles,
                   percent(F.SelfCycles, P.TotalSelfCycles),
                   (unsigned long long)F.TotalCycles,
                   (unsigned long long)(F.Calls ? F.TotalCycles / F.Calls : 0));
    }
    if (Levels)
      OS << "  " << (F.Level ? levelName(*F.Level) : StringRef("-"));
    OS << "\n";
  }
  if (Order.size() > Top)
    OS << "... " << Order.size() - Top << " more functions\n";
}

void showEdges(const Profile &P, unsigned Top, raw_ostream &OS) {
  std::vector<const EdgeProfile *> Order;
  for (const EdgeProfile &E : P.Edges)
    Order.push_back(&E);
  llvm::sort(Order, [](const EdgeProfile *A, const EdgeProfile *B) {
    if (A->Calls != B->Calls)
      return A->Calls > B->Calls;
    return std::tie(A->Caller, A->Callee) < std::tie(B->Caller, B->Callee);
  });
  ArrayRef<const EdgeProfile *> Shown = ArrayRef(Order).take_front(Top);
  std::vector<std::string> Callers, Callees;
  for (const EdgeProfile *E : Shown) {
    Callers.push_back(displayName(E->Caller));
    Callees.push_back(displayName(E->Callee));
  }
  size_t CallerWidth = columnWidth(Callers, "caller");
  size_t CalleeWidth = columnWidth(Callees, "callee");
  OS << left_justify("caller", CallerWidth) << "    "
     << left_justify("callee", CalleeWidth)
     << formatv(" {0,12} {1,16}\n", "calls", "cycles");
  for (size_t I = 0; I < Shown.size(); ++I) {
    if (Callers[I].size() > CallerWidth || Callees[I].size() > CalleeWidth)
      OS << Callers[I] << " -> " << Callees[I] << "\n"
         << std::string(CallerWidth + 4 + CalleeWidth, ' ');
    else
      OS << left_justify(Callers[I], CallerWidth) << " -> "
         << left_justify(Callees[I], CalleeWidth);
    OS << format(" %12llu %16llu\n", (unsigned long long)Shown[I]->Calls,
                 (unsigned long long)Shown[I]->Cycles);
  }
  if (Order.size() > Top)
    OS << "... " << Order.size() - Top << " more edges\n";
}

} // namespace

std::string displayName(StringRef Name) {
  // Mangled names hold no ':', so a "file:" prefix is split off safely.
  auto [Prefix, Rest] = Name.rsplit(':');
  if (Rest.empty())
    std::swap(Prefix, Rest);
  if (!Rest.starts_with("_Z"))
    return Name.str();
  std::string Demangled = demangle(Rest);
  return Prefix.empty() ? Demangled : (Prefix + ":" + Demangled).str();
}

std::string functionCount(const Plan &P) {
  std::string Text = formatv("{0} functions", P.Functions.size());
  const char *Separator = ": ";
  for (OptLevel L : {OptLevel::O3, OptLevel::O2, OptLevel::O1, OptLevel::Os,
                     OptLevel::Oz, OptLevel::O0}) {
    size_t Count = count_if(
        P.Functions, [&](const PlanFunction &F) { return F.Level == L; });
    if (Count) {
      Text += formatv("{0}{1} {2}", Separator, Count, levelName(L)).str();
      Separator = ", ";
    }
  }
  return Text;
}

void showProfile(const Profile &P, SortKey Sort, unsigned Top,
                 raw_ostream &OS) {
  OS << "Fluid profile: " << P.Target << ", clock " << P.Clock
     << ", probe cost " << P.ProbeInner << "+" << P.ProbeOuter
     << " cycles/call, " << P.Functions.size() << " functions, " << P.TotalCalls
     << " calls";
  if (P.Version >= 2)
    OS << ", " << P.Contexts.size() << " calling contexts";
  OS << "\n\n";
  showFunctions(P, Sort, Top, OS);
  OS << "\n";
  showEdges(P, Top, OS);
  std::string Events;
  for (const auto &[Name, Count] : P.Events)
    if (Count && Name != "threads")
      Events +=
          (Events.empty() ? "" : ", ") + Name + "=" + std::to_string(Count);
  auto Threads = P.Events.find("threads");
  OS << "\nthreads: " << (Threads == P.Events.end() ? 0 : Threads->second)
     << "; events: " << (Events.empty() ? "none" : Events) << "\n";
}

void showPlan(const Plan &P, unsigned Top, raw_ostream &OS) {
  OS << "Fluid plan: policy " << P.Policy << ", " << functionCount(P) << "\n"
     << "made by " << P.Producer << " from " << P.Sources.size()
     << " profile(s)";
  const char *Separator = ": ";
  for (const PlanSource &S : P.Sources) {
    OS << Separator << S.Target << " (clock " << S.Clock << ", build "
       << format_hex_no_prefix(S.BuildId, 16) << ")";
    Separator = ", ";
  }
  OS << "; " << P.TotalSelfCycles << " self cycles\n\n";
  std::vector<const PlanFunction *> Order;
  for (const PlanFunction &F : P.Functions)
    Order.push_back(&F);
  llvm::sort(Order, [](const PlanFunction *A, const PlanFunction *B) {
    if (A->SelfCycles != B->SelfCycles)
      return A->SelfCycles > B->SelfCycles;
    return std::tie(A->Name, A->File) < std::tie(B->Name, B->File);
  });
  ArrayRef<const PlanFunction *> Shown = ArrayRef(Order).take_front(Top);
  std::vector<std::string> Names;
  for (const PlanFunction *F : Shown)
    Names.push_back(displayName(F->Name));
  size_t Width = columnWidth(Names, "function");
  OS << left_justify("function", Width)
     << formatv(" {0,-5} {1,12} {2,16} {3,7} {4,16}  {5}\n", "level", "calls",
                "self cycles", "self%", "incl cycles", "reason");
  for (size_t I = 0; I < Shown.size(); ++I) {
    const PlanFunction &F = *Shown[I];
    nameCell(OS, Names[I], Width);
    OS << format(" %-5s %12llu %16llu %6.1f%% %16llu  ",
                 levelName(F.Level).str().c_str(), (unsigned long long)F.Calls,
                 (unsigned long long)F.SelfCycles,
                 percent(F.SelfCycles, P.TotalSelfCycles),
                 (unsigned long long)F.TotalCycles)
       << F.Reason << "\n";
  }
  if (Order.size() > Top)
    OS << "... " << Order.size() - Top << " more functions\n";
}

} // namespace fluid

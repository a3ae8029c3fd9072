//===- fluid-prof.cpp - Read, check and show Fluid profiles --------------===//
//
//   fluid-prof extract [-o OUT] [--index=N] LOG   the verified JSON payload
//   fluid-prof validate FILE...                   check, one line per file
//   fluid-prof show [--top=N] [--sort=KEY] FILE   functions and edges table
//
// FILE is a bare profile or any log holding a framed one (a QEMU serial log,
// a hosted program's FLUID_PROFILE_FILE). Every subcommand verifies the frame
// and the schema first; a damaged profile is a one-line error, exit status 1.
//
//===----------------------------------------------------------------------===//

#include "Profile.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <tuple>

using namespace llvm;
using namespace fluid;

static cl::OptionCategory ProfCategory("fluid-prof options");

static cl::SubCommand ExtractCmd("extract",
                                 "Write the verified JSON payload of the "
                                 "profile framed in LOG");
static cl::SubCommand ValidateCmd("validate",
                                  "Check profiles: frame, CRC, schema, totals");
static cl::SubCommand ShowCmd("show", "Print a profile as tables");

static cl::opt<std::string> ExtractInput(cl::Positional, cl::Required,
                                         cl::desc("<log>"),
                                         cl::sub(ExtractCmd));
static cl::opt<std::string> ExtractOutput("o", cl::desc("Output file (default: stdout)"),
                                          cl::value_desc("file"), cl::init("-"),
                                          cl::sub(ExtractCmd),
                                          cl::cat(ProfCategory));
static cl::opt<int> Index("index",
                          cl::desc("Which profile, when the input holds several "
                                   "(0 = first)"),
                          cl::init(-1), cl::sub(ExtractCmd), cl::sub(ShowCmd),
                          cl::cat(ProfCategory));
static cl::list<std::string> ValidateInputs(cl::Positional, cl::OneOrMore,
                                            cl::desc("<file>..."),
                                            cl::sub(ValidateCmd));
static cl::opt<std::string> ShowInput(cl::Positional, cl::Required,
                                      cl::desc("<file>"), cl::sub(ShowCmd));
static cl::opt<unsigned> Top("top", cl::desc("Rows per table (default 20)"),
                             cl::init(20), cl::sub(ShowCmd),
                             cl::cat(ProfCategory));
enum class SortKey { Self, Total, Calls };
static cl::opt<SortKey> Sort(
    "sort", cl::desc("Order functions by"), cl::init(SortKey::Self),
    cl::values(clEnumValN(SortKey::Self, "self", "self cycles (default)"),
               clEnumValN(SortKey::Total, "total", "inclusive cycles"),
               clEnumValN(SortKey::Calls, "calls", "call count")),
    cl::sub(ShowCmd), cl::cat(ProfCategory));

static int error(const Twine &Message) {
  WithColor::error(errs(), "fluid-prof") << Message << "\n";
  return 1;
}

static Expected<std::unique_ptr<MemoryBuffer>> readInput(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFileOrSTDIN(Path, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return createStringError(Buffer.getError(), "%s: cannot read: %s",
                             Path.str().c_str(),
                             Buffer.getError().message().c_str());
  return std::move(*Buffer);
}

static int extract() {
  auto Buffer = readInput(ExtractInput);
  if (!Buffer)
    return error(toString(Buffer.takeError()));
  StringRef Data = (*Buffer)->getBuffer();
  Expected<std::vector<Frame>> Frames = findFrames(Data, ExtractInput);
  if (!Frames)
    return error(toString(Frames.takeError()));
  if (Index < 0 && Frames->size() > 1)
    return error(ExtractInput + ": holds " + Twine(Frames->size()) +
                 " profiles; pick one with --index=N");
  size_t Pick = Index < 0 ? 0 : Index;
  if (Pick >= Frames->size())
    return error(ExtractInput + ": --index=" + Twine(Pick) + ", but it holds " +
                 Twine(Frames->size()) + " profile(s)");
  StringRef Payload = (*Frames)[Pick].Payload;
  if (Expected<Profile> P = parseProfile(Payload, ExtractInput); !P)
    return error(toString(P.takeError()));
  // writeToOutput goes through a temporary file and a rename: a failed run
  // never leaves a partial profile behind.
  if (Error E = writeToOutput(ExtractOutput, [&](raw_ostream &OS) {
        OS << Payload;
        return Error::success();
      }))
    return error(ExtractOutput + ": cannot write: " + toString(std::move(E)));
  return 0;
}

static int validate() {
  int Status = 0;
  for (const std::string &Path : ValidateInputs) {
    auto Buffer = readInput(Path);
    if (!Buffer) {
      Status = error(toString(Buffer.takeError()));
      continue;
    }
    Expected<Profile> P = readProfile((*Buffer)->getBuffer(), Path);
    if (!P) {
      Status = error(toString(P.takeError()));
      continue;
    }
    outs() << Path << ": ok: " << P->Functions.size() << " functions, "
           << P->Edges.size() << " edges, " << P->TotalCalls << " calls, "
           << "clock " << P->Clock << ", target " << P->Target << "\n";
  }
  return Status;
}

static uint64_t sortValue(const FunctionProfile &F) {
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

static void showFunctions(const Profile &P, raw_ostream &OS) {
  std::vector<const FunctionProfile *> Order;
  for (const FunctionProfile &F : P.Functions)
    Order.push_back(&F);
  // Ties broken by name, so the table never depends on sort stability.
  llvm::sort(Order, [](const FunctionProfile *A, const FunctionProfile *B) {
    uint64_t KeyA = sortValue(*A), KeyB = sortValue(*B);
    return KeyA != KeyB ? KeyA > KeyB : A->Name < B->Name;
  });
  double TotalSelf = P.TotalSelfCycles ? double(P.TotalSelfCycles) : 1.0;
  OS << formatv("{0,-36} {1,12} {2,16} {3,7} {4,16} {5,12}\n", "function",
                "calls", "self cycles", "self%", "incl cycles", "avg incl");
  for (const FunctionProfile *F : ArrayRef(Order).take_front(Top))
    OS << format("%-36.36s %12llu %16llu %6.1f%% %16llu %12llu\n",
                 F->Name.c_str(), (unsigned long long)F->Calls,
                 (unsigned long long)F->SelfCycles,
                 100.0 * double(F->SelfCycles) / TotalSelf,
                 (unsigned long long)F->TotalCycles,
                 (unsigned long long)(F->Calls ? F->TotalCycles / F->Calls
                                               : 0));
  if (Order.size() > Top)
    OS << "... " << Order.size() - Top << " more functions\n";
}

static void showEdges(const Profile &P, raw_ostream &OS) {
  std::vector<const EdgeProfile *> Order;
  for (const EdgeProfile &E : P.Edges)
    Order.push_back(&E);
  llvm::sort(Order, [](const EdgeProfile *A, const EdgeProfile *B) {
    if (A->Calls != B->Calls)
      return A->Calls > B->Calls;
    return std::tie(A->Caller, A->Callee) < std::tie(B->Caller, B->Callee);
  });
  OS << formatv("{0,-36}    {1,-36} {2,12} {3,16}\n", "caller", "callee",
                "calls", "cycles");
  for (const EdgeProfile *E : ArrayRef(Order).take_front(Top))
    OS << format("%-36.36s -> %-36.36s %12llu %16llu\n", E->Caller.c_str(),
                 E->Callee.c_str(), (unsigned long long)E->Calls,
                 (unsigned long long)E->Cycles);
  if (Order.size() > Top)
    OS << "... " << Order.size() - Top << " more edges\n";
}

static int show() {
  auto Buffer = readInput(ShowInput);
  if (!Buffer)
    return error(toString(Buffer.takeError()));
  Expected<Profile> P = readProfile((*Buffer)->getBuffer(), ShowInput, Index);
  if (!P)
    return error(toString(P.takeError()));
  raw_ostream &OS = outs();
  OS << "Fluid profile: " << P->Target << ", clock " << P->Clock
     << ", probe cost " << P->ProbeInner << "+" << P->ProbeOuter
     << " cycles/call, " << P->Functions.size() << " functions, "
     << P->TotalCalls << " calls\n\n";
  showFunctions(*P, OS);
  OS << "\n";
  showEdges(*P, OS);
  std::string Events;
  for (const auto &[Name, Count] : P->Events)
    if (Count && Name != "threads")
      Events += (Events.empty() ? "" : ", ") + Name + "=" + std::to_string(Count);
  OS << "\nthreads: " << P->Events["threads"]
     << "; events: " << (Events.empty() ? "none" : Events) << "\n";
  return 0;
}

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  cl::HideUnrelatedOptions(ProfCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "fluid-prof: read, check and show Fluid profiles\n\n"
      "  fluid-prof extract [-o OUT] [--index=N] LOG\n"
      "  fluid-prof validate FILE...\n"
      "  fluid-prof show [--top=N] [--sort=self|total|calls] FILE\n\n"
      "FILE may be a bare profile or any log holding a framed one.\n");
  if (ExtractCmd)
    return extract();
  if (ValidateCmd)
    return validate();
  if (ShowCmd)
    return show();
  return error("no subcommand; run 'fluid-prof --help'");
}

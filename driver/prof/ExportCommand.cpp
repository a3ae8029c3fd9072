//===- ExportCommand.cpp - fluid-prof export ------------------------------===//
//
// A profile in the formats other tools read (docs/fluid-prof.md): CSV of
// functions, edges or contexts (RFC 4180 quoting), the call graph in
// Graphviz DOT (nodes sized by their share of self cycles, as the rebuild
// report's graph), and from the calling contexts of a version 2 profile,
// collapsed stacks (flamegraph.pl, inferno) and speedscope's JSON. Written
// through a temporary file and a rename: no partial output.
//
//===----------------------------------------------------------------------===//

#include "CommandSupport.h"
#include "JsonReader.h"
#include "ProfileCommands.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>

using namespace llvm;

#ifndef FLUID_VERSION
#define FLUID_VERSION "unknown"
#endif

namespace fluid {

namespace {

enum class Format { Csv, Dot, Collapsed, Speedscope };
enum class Table { Functions, Edges, Contexts };

cl::SubCommand ExportCmd("export", "Write a profile as CSV, Graphviz DOT, "
                                   "collapsed stacks or speedscope JSON");
cl::opt<std::string> Input(cl::Positional, cl::Required, cl::desc("<profile>"),
                           cl::sub(ExportCmd),
                           cl::cat(profileCommandsCategory()));
cl::opt<Format> ExportFormat(
    "format", cl::desc("Output format"), cl::Required,
    cl::values(clEnumValN(Format::Csv, "csv", "a CSV table (--what)"),
               clEnumValN(Format::Dot, "dot", "the call graph, Graphviz DOT"),
               clEnumValN(Format::Collapsed, "collapsed",
                          "collapsed stacks of the calling contexts"),
               clEnumValN(Format::Speedscope, "speedscope",
                          "speedscope's JSON of the calling contexts")),
    cl::sub(ExportCmd), cl::cat(profileCommandsCategory()));
cl::opt<Table> What(
    "what", cl::desc("csv: which table"), cl::init(Table::Functions),
    cl::values(clEnumValN(Table::Functions, "functions", "one per function"),
               clEnumValN(Table::Edges, "edges", "one per call edge"),
               clEnumValN(Table::Contexts, "contexts",
                          "one per calling context")),
    cl::sub(ExportCmd), cl::cat(profileCommandsCategory()));
cl::opt<std::string> Output("o", cl::desc("Output file (default: stdout)"),
                            cl::value_desc("file"), cl::init("-"),
                            cl::sub(ExportCmd),
                            cl::cat(profileCommandsCategory()));

void writeCsv(const Profile &P, raw_ostream &OS) {
  auto N = [](uint64_t V) { return std::to_string(V); };
  if (What == Table::Functions) {
    writeCsvRow(OS,
                {"name", "file", "hash", "calls", "self_cycles", "total_cycles",
                 "min_cycles", "max_cycles", "untimed", "level"});
    for (const FunctionProfile &F : P.Functions)
      writeCsvRow(OS, {F.Name, F.File, formatv("{0:x-16}", F.Hash).str(),
                       N(F.Calls), N(F.SelfCycles), N(F.TotalCycles),
                       N(F.MinCycles), N(F.MaxCycles), F.Untimed ? "1" : "0",
                       F.Level ? levelName(*F.Level).str() : ""});
  } else if (What == Table::Edges) {
    writeCsvRow(OS, {"caller", "callee", "calls", "cycles"});
    for (const EdgeProfile &E : P.Edges)
      writeCsvRow(OS, {E.Caller, E.Callee, N(E.Calls), N(E.Cycles)});
  } else {
    writeCsvRow(OS, {"context", "parent", "function", "calls", "self_cycles",
                     "total_cycles", "path"});
    for (size_t I = 0; I < P.Contexts.size(); ++I) {
      const ContextNode &C = P.Contexts[I];
      writeCsvRow(OS, {N(I), std::to_string(C.Parent),
                       P.Functions[C.Function].Name, N(C.Calls),
                       N(C.SelfCycles), N(C.TotalCycles), contextPath(P, I)});
    }
  }
}

/// Text for a DOT quoted string: quotes and backslashes escaped (dot reads
/// "\\\\" in a label as one backslash), control characters shown as '?'.
std::string dotEscaped(StringRef S) {
  std::string Out;
  for (char C : S)
    Out += C == '"'                  ? "\\\""
           : C == '\\'               ? "\\\\"
           : (unsigned char)C < 0x20 ? "?"
                                     : std::string(1, C);
  return Out;
}

/// The call graph of the functions that ran: font (and so box) size grows
/// with the square root of the share of self cycles, as in the rebuild
/// report's graph; edges labelled with their calls, wider with cycles.
void writeDot(const Profile &P, raw_ostream &OS) {
  StringMap<size_t> Id;
  uint64_t Largest = 1, Heaviest = 1;
  unsigned __int128 AllSelf = 0;
  for (const FunctionProfile &F : P.Functions) {
    Largest = std::max(Largest, F.SelfCycles);
    AllSelf += F.SelfCycles;
  }
  for (const EdgeProfile &E : P.Edges)
    Heaviest = std::max(Heaviest, E.Cycles);
  OS << "digraph callgraph {\n  node [shape=box, style=rounded];\n";
  for (const FunctionProfile &F : P.Functions) {
    if (!F.Calls)
      continue;
    size_t N = Id.size();
    Id[F.Name] = N;
    double Share = AllSelf ? double(F.SelfCycles) / double(AllSelf) : 0;
    double Size = 10.0 + 14.0 * std::sqrt(double(F.SelfCycles) / Largest);
    OS << formatv("  n{0} [label=\"{1}\\n{2:F1}% self, {3} call{4}\", "
                  "fontsize={5:F1}];\n",
                  N, dotEscaped(F.Name), 100 * Share, F.Calls,
                  F.Calls == 1 ? "" : "s", Size);
  }
  for (const EdgeProfile &E : P.Edges) {
    auto A = Id.find(E.Caller), B = Id.find(E.Callee);
    if (A == Id.end() || B == Id.end())
      continue;
    OS << formatv("  n{0} -> n{1} [label=\"{2} call{3}\", penwidth={4:F2}];\n",
                  A->second, B->second, E.Calls, E.Calls == 1 ? "" : "s",
                  1.0 + 3.0 * double(E.Cycles) / double(Heaviest));
  }
  OS << "}\n";
}

/// A function's name as a frame of a collapsed stack: ';' separates
/// frames and a line ends a stack, so both (and other control characters)
/// become '_'.
std::string stackFrameName(StringRef Name) {
  std::string Out = Name.str();
  for (char &C : Out)
    if (C == ';' || (unsigned char)C < 0x20)
      C = '_';
  return Out;
}

/// One line per context with self cycles: "main;work;leaf 400".
void writeCollapsed(const Profile &P, raw_ostream &OS) {
  std::vector<std::string> Stack(P.Contexts.size());
  for (size_t I = 0; I < P.Contexts.size(); ++I) {
    const ContextNode &C = P.Contexts[I];
    std::string Frame = stackFrameName(P.Functions[C.Function].Name);
    Stack[I] = C.Parent < 0 ? Frame : Stack[C.Parent] + ";" + Frame;
    if (C.SelfCycles)
      OS << Stack[I] << " " << C.SelfCycles << "\n";
  }
}

/// speedscope's "sampled" profile: one sample per context with self
/// cycles, its stack of frames from the root, weighed by those cycles.
void writeSpeedscope(const Profile &P, raw_ostream &OS) {
  unsigned __int128 End = 0;
  for (const ContextNode &C : P.Contexts)
    End += C.SelfCycles;
  json::OStream J(OS);
  J.object([&] {
    J.attribute("$schema",
                "https://www.speedscope.app/file-format-schema.json");
    J.attribute("exporter", "fluid-prof " FLUID_VERSION);
    J.attribute("name", Input.getValue());
    J.attribute("activeProfileIndex", 0);
    J.attributeObject("shared", [&] {
      J.attributeArray("frames", [&] {
        for (const FunctionProfile &F : P.Functions)
          J.object([&] {
            J.attribute("name", F.Name);
            J.attribute("file", F.File);
          });
      });
    });
    J.attributeArray("profiles", [&] {
      J.object([&] {
        J.attribute("type", "sampled");
        J.attribute("name", formatv("{0}, clock {1}", P.Target, P.Clock).str());
        J.attribute("unit", "none");
        J.attribute("startValue", 0);
        J.attribute("endValue",
                    uint64_t(std::min<unsigned __int128>(End, UINT64_MAX)));
        J.attributeArray("samples", [&] {
          for (size_t I = 0; I < P.Contexts.size(); ++I) {
            if (!P.Contexts[I].SelfCycles)
              continue;
            std::vector<uint64_t> Frames;
            for (int64_t N = int64_t(I); N >= 0; N = P.Contexts[N].Parent)
              Frames.push_back(P.Contexts[N].Function);
            J.array([&] {
              for (uint64_t F : llvm::reverse(Frames))
                J.value(F);
            });
          }
        });
        J.attributeArray("weights", [&] {
          for (const ContextNode &C : P.Contexts)
            if (C.SelfCycles)
              J.value(C.SelfCycles);
        });
      });
    });
  });
  OS << "\n";
}

} // namespace

bool exportSelected() { return bool(ExportCmd); }

int runExport() {
  Expected<Profile> P = readCheckedProfile(Input, "export");
  if (!P)
    return reportError(toString(P.takeError()));
  bool NeedsContexts = ExportFormat == Format::Collapsed ||
                       ExportFormat == Format::Speedscope ||
                       (ExportFormat == Format::Csv && What == Table::Contexts);
  if (NeedsContexts && P->Version < 2)
    return reportError(Input + ": has no calling contexts (a version 1 "
                               "profile); build the program with fluid-cc "
                               "--fluid-contexts to record them");
  if (Error E = writeToOutput(Output, [&](raw_ostream &OS) {
        switch (ExportFormat) {
        case Format::Csv:
          writeCsv(*P, OS);
          break;
        case Format::Dot:
          writeDot(*P, OS);
          break;
        case Format::Collapsed:
          writeCollapsed(*P, OS);
          break;
        case Format::Speedscope:
          writeSpeedscope(*P, OS);
          break;
        }
        return Error::success();
      }))
    return reportError(Output + ": cannot write: " + toString(std::move(E)));
  return 0;
}

} // namespace fluid

//===- ArgLayout.cpp - A compile's arguments, sorted for its steps -------===//
//
// See ArgLayout.h.
//
//===----------------------------------------------------------------------===//

#include "ArgLayout.h"

#include "llvm/ADT/STLExtras.h"

#include <cassert>

using namespace llvm;
using namespace fluid::driver;

namespace fluid {
namespace levels {

std::optional<OptLevel> parseOptFlag(StringRef Arg, bool &Fast) {
  if (!Arg.consume_front("-O"))
    return std::nullopt;
  if (Arg.empty() || Arg == "1" || Arg == "g")
    return OptLevel::O1;
  if (Arg == "s")
    return OptLevel::Os;
  if (Arg == "z")
    return OptLevel::Oz;
  if (Arg == "fast") {
    Fast = true;
    return OptLevel::O3;
  }
  unsigned N = 0;
  if (Arg.getAsInteger(10, N))
    return std::nullopt; // -ObjC and other -O... options
  Fast = false;
  return N == 0 ? OptLevel::O0 : N == 1 ? OptLevel::O1
         : N == 2                       ? OptLevel::O2
                                        : OptLevel::O3;
}

namespace {

/// Flags the steps treat apart that take no value: -O levels, -c and -S,
/// the dependency flags, and the -g and refused flags (kept in Common).
/// Returns true when \p Arg is sorted here.
bool sortFlag(StringRef Arg, Layout &L) {
  if (std::optional<OptLevel> Level = parseOptFlag(Arg, L.Fast)) {
    L.Level = *Level;
    return true;
  }
  if (Arg == "-c" || Arg == "-S")
    return true;
  if (Arg.starts_with("-g") && !Arg.starts_with("-gz") &&
      !Arg.starts_with("-gno-") && !Arg.starts_with("-gcolumn-info") &&
      !Arg.starts_with("-gsplit-dwarf"))
    L.DebugInfo = Arg != "-g0";
  if (Arg == "-MD" || Arg == "-MMD" || Arg == "-MP" || Arg == "-MV") {
    L.WantsDeps |= Arg != "-MP" && Arg != "-MV";
    L.Deps.push_back(Arg.str());
    return true;
  }
  if (Arg.starts_with("-Wp,-MD,") || Arg.starts_with("-Wp,-MMD,")) {
    L.WantsDeps = L.HasDepFile = true;
    L.DepFile = Arg.substr(Arg.find(',', 4) + 1).str();
    L.Deps.push_back(Arg.str());
    return true;
  }
  if (Arg == "-emit-llvm" || Arg.starts_with("-gsplit-dwarf") ||
      Arg.starts_with("-save-temps") || Arg.starts_with("-fembed-bitcode") ||
      Arg.starts_with("-flto"))
    L.Refused.push_back(Arg.str());
  if (Arg == "-fno-lto")
    llvm::erase_if(L.Refused, [](const std::string &R) {
      return StringRef(R).starts_with("-flto");
    });
  return false;
}

/// Option \p Arg, read as \p R: sorted by its table spelling. Returns the
/// list its separate value (the next argument) joins, or null when the
/// value is used up here (-o, -x) or there is none.
std::vector<std::string> *sortOption(StringRef Arg, const ArgReading &R,
                                     Layout &L) {
  if (sortFlag(Arg, L))
    return nullptr;
  StringRef Spelling = R.Spelling;
  if (Spelling == "-o") {
    L.Output = R.Value;
    return nullptr;
  }
  if (Spelling == "-x")
    return nullptr; // each input carries the -x in effect
  if (Spelling == "-MF" || Spelling == "-MT" || Spelling == "-MQ" ||
      Spelling == "-MJ") {
    L.HasDepFile |= Spelling == "-MF";
    L.HasDepTarget |= Spelling == "-MT" || Spelling == "-MQ";
    if (Spelling == "-MF")
      L.DepFile = R.Value;
    L.Deps.push_back(Arg.str());
    return &L.Deps;
  }
  L.Common.push_back(Arg.str());
  return &L.Common;
}

} // namespace

Layout sortArgs(const driver::Invocation &P) {
  assert(P.Readings.size() == P.Args.size() && "every argument read once");
  Layout L;
  L.All.assign(P.Args.begin() + 1, P.Args.end());
  std::vector<std::string> *ValueList = nullptr;
  for (size_t I = 1; I < P.Args.size(); ++I) {
    StringRef Arg = P.Args[I];
    const ArgReading &R = P.Readings[I];
    switch (R.TheKind) {
    case ArgReading::Program:
      break;
    case ArgReading::Input:
      L.Inputs.push_back({Arg.str(), R.Value, R.Compiled, I - 1});
      break;
    case ArgReading::OptionValue:
      if (ValueList)
        ValueList->push_back(Arg.str());
      break;
    case ArgReading::Option:
      ValueList = sortOption(Arg, R, L);
      break;
    }
  }
  return L;
}

} // namespace levels
} // namespace fluid

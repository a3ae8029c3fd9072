//===- ArgLayout.cpp - A compile's arguments, sorted for its steps -------===//
//
// See ArgLayout.h.
//
//===----------------------------------------------------------------------===//

#include "ArgLayout.h"
#include "ArgProcessing.h"
#include "Options.h"

#include "llvm/ADT/STLExtras.h"

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

Layout sortArgs(ArrayRef<std::string> Args) {
  Layout L;
  L.All.assign(Args.begin() + 1, Args.end());
  std::string Language; // the -x in effect
  for (size_t I = 0; I < L.All.size(); ++I) {
    StringRef Arg = L.All[I];
    if (Arg == "-" || !Arg.starts_with("-")) {
      StringRef Effective =
          Language.empty() ? languageOfFile(Arg) : StringRef(Language);
      L.Inputs.push_back(
          {Arg.str(), Language, isCompiledLanguage(Effective), I});
      continue;
    }
    if (std::optional<OptLevel> Level = parseOptFlag(Arg, L.Fast)) {
      L.Level = *Level;
      continue;
    }
    if (Arg == "-c" || Arg == "-S")
      continue;
    if (Arg.starts_with("-g") && !Arg.starts_with("-gz") &&
        !Arg.starts_with("-gno-") && !Arg.starts_with("-gcolumn-info") &&
        !Arg.starts_with("-gsplit-dwarf"))
      L.DebugInfo = Arg != "-g0";
    if (Arg == "-MD" || Arg == "-MMD" || Arg == "-MP" || Arg == "-MV") {
      L.WantsDeps |= Arg != "-MP" && Arg != "-MV";
      L.Deps.push_back(Arg.str());
      continue;
    }
    if (Arg.starts_with("-Wp,-MD,") || Arg.starts_with("-Wp,-MMD,")) {
      L.WantsDeps = L.HasDepFile = true;
      L.DepFile = Arg.substr(Arg.find(',', 4) + 1).str();
      L.Deps.push_back(Arg.str());
      continue;
    }
    if (Arg == "-emit-llvm" || Arg.starts_with("-gsplit-dwarf") ||
        Arg.starts_with("-save-temps") || Arg.starts_with("-fembed-bitcode") ||
        Arg.starts_with("-flto"))
      L.Refused.push_back(Arg.str());
    if (Arg == "-fno-lto")
      llvm::erase_if(L.Refused, [](const std::string &R) {
        return StringRef(R).starts_with("-flto");
      });
    Match<ClangOption> M = findClangOption(Arg);
    bool TakesNext =
        M.Opt && I + 1 < L.All.size() &&
        (M.Opt->Kind == OptionKind::Separate ||
         (M.Opt->Kind == OptionKind::JoinedOrSeparate && M.IsExact));
    std::string Value =
        TakesNext ? L.All[I + 1] : M.JoinedValue.str();
    StringRef Spelling = M.Opt ? StringRef(M.Opt->Spelling) : "";
    if (Spelling == "-o") {
      L.Output = Value;
    } else if (Spelling == "-x") {
      Language = Value == "none" ? "" : Value;
    } else if (Spelling == "-MF" || Spelling == "-MT" || Spelling == "-MQ" ||
               Spelling == "-MJ") {
      L.HasDepFile |= Spelling == "-MF";
      L.HasDepTarget |= Spelling == "-MT" || Spelling == "-MQ";
      if (Spelling == "-MF")
        L.DepFile = Value;
      L.Deps.push_back(Arg.str());
      if (TakesNext)
        L.Deps.push_back(Value);
    } else {
      L.Common.push_back(Arg.str());
      if (TakesNext)
        L.Common.push_back(Value);
    }
    if (TakesNext)
      ++I;
  }
  return L;
}

} // namespace levels
} // namespace fluid

//===- AssemblyJoin.cpp - The parts' assembly as one file (-S) -----------===//
//
// See AssemblyJoin.h.
//
//===----------------------------------------------------------------------===//

#include "AssemblyJoin.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace fluid {
namespace levels {
namespace {

/// Rewrites one part's assembly so that the parts can share one file: its
/// local labels (".L...", and the code generator's numbered locals such as
/// GCC_except_table1) become the part's own, promoted internal
/// symbols their own names back, and lose the .globl/.hidden that made them
/// shareable (they are local to the one file again). Quoted strings are left
/// alone.
std::string rewriteAssembly(StringRef Text, unsigned Part,
                            const StringMap<std::string> &Promoted,
                            StringMap<unsigned> &Comdats) {
  auto IsSymbolChar = [](char C) {
    return isAlnum(C) || C == '_' || C == '.' || C == '$';
  };
  std::string Out;
  Out.reserve(Text.size() + Text.size() / 16);
  std::string Prefix = (".Lp" + Twine(Part) + "_").str();
  bool Skipping = false; // inside a comdat group an earlier part emitted
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Text = Rest;
    StringRef Trimmed = Line.ltrim();
    // Each part emits the comdats it needs (e.g. DW.ref.__gxx_personality_v0):
    // the first copy stays, as a linker would keep it.
    if (Trimmed.starts_with(".section") || Trimmed.starts_with(".text") ||
        Trimmed.starts_with(".data") || Trimmed.starts_with(".bss") ||
        Trimmed.starts_with(".popsection") || Trimmed.starts_with(".previous")) {
      Skipping = false;
      StringRef Directive = Trimmed.split('#').first.rtrim();
      if (Directive.consume_back(",comdat")) {
        StringRef Group = Directive.rsplit(',').second.trim();
        // A group has several sections (code, exception table): the part
        // that emitted it first keeps all of them.
        Skipping = Comdats.try_emplace(Group, Part).first->second != Part;
      }
    }
    if (Skipping)
      continue;
    if (Trimmed.consume_front(".globl") || Trimmed.consume_front(".hidden")) {
      StringRef Symbol = Trimmed.trim().take_until([](char C) {
        return C == ' ' || C == '\t' || C == '#';
      });
      if (Promoted.count(Symbol))
        continue;
    }
    bool Quoted = false;
    for (size_t I = 0; I < Line.size();) {
      char C = Line[I];
      if (Quoted) {
        Out += C;
        if (C == '\\' && I + 1 < Line.size())
          Out += Line[++I];
        else if (C == '"')
          Quoted = false;
        ++I;
        continue;
      }
      if (C == '"') {
        Quoted = true;
        Out += C;
        ++I;
        continue;
      }
      if (!IsSymbolChar(C) || (I > 0 && IsSymbolChar(Line[I - 1]))) {
        Out += C;
        ++I;
        continue;
      }
      size_t End = I;
      while (End < Line.size() && IsSymbolChar(Line[End]))
        ++End;
      StringRef Token = Line.slice(I, End);
      if (Token.starts_with(".L") && Token.size() > 2)
        Out += Prefix + Token.drop_front(2).str();
      else if (Token.starts_with("GCC_except_table") ||
               Token.starts_with("__unnamed_"))
        // Local symbols the code generator numbers per module.
        Out += (Token + ".p" + Twine(Part)).str();
      else if (auto It = Promoted.find(Token); It != Promoted.end())
        Out += It->second;
      else
        Out += Token;
      I = End;
    }
    Out += '\n';
  }
  return Out;
}

} // namespace

Error joinAssembly(
    ArrayRef<PartFile> Parts,
    ArrayRef<std::pair<std::string, std::string>> Promoted,
    const std::string &Out) {
  StringMap<std::string> Names;
  for (const auto &[Shared, Own] : Promoted)
    Names[Shared] = Own;
  StringMap<unsigned> Comdats; // group -> the part that emits it
  std::error_code EC;
  raw_fd_ostream OS(Out, EC);
  if (EC)
    return createStringError(EC, "cannot write '%s': %s", Out.c_str(),
                             EC.message().c_str());
  for (unsigned I = 0; I < Parts.size(); ++I) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Text =
        MemoryBuffer::getFile(Parts[I].Path);
    if (!Text)
      return createStringError(Text.getError(), "cannot read '%s'",
                               Parts[I].Path.c_str());
    OS << "# Fluid: part " << I + 1 << " of " << Parts.size() << " ("
       << levelName(Parts[I].Level) << ")\n";
    OS << rewriteAssembly((*Text)->getBuffer(), I + 1, Names, Comdats);
  }
  return Error::success();
}


} // namespace levels
} // namespace fluid

//===- FrontEnds.cpp - The front-end stage of a --fluid-profile compile --===//
//
// See FrontEnds.h.
//
//===----------------------------------------------------------------------===//

#include "FrontEnds.h"
#include "PartNames.h"
#include "StageContext.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/Module.h"

using namespace llvm;
using namespace fluid::driver;

namespace fluid {
namespace levels {

FrontEnd frontEndOf(OptLevel L) {
  switch (L) {
  case OptLevel::O0:
    return FrontEnd::O0;
  case OptLevel::O1:
    return FrontEnd::O1;
  default:
    return FrontEnd::O2;
  }
}

std::string levelFlag(OptLevel L) { return ("-" + levelName(L)).str(); }

StringRef frontEndFlag(FrontEnd F) {
  // Each front end is named by the first level it serves.
  static const std::string Flags[] = {levelFlag(OptLevel::O0),
                                      levelFlag(OptLevel::O1),
                                      levelFlag(OptLevel::O2)};
  return Flags[static_cast<int>(F)];
}

namespace {

/// Front end \p F's command for \p J's source, to \p Out; the first one
/// (\p First) writes the dependency file and prints the diagnostics.
std::vector<std::string> frontEndCommand(const StageContext &C,
                                         const SourceJob &J, FrontEnd F,
                                         const std::string &Out, bool First) {
  const Layout &L = C.L;
  std::vector<std::string> Cmd = {C.S.ClangPath};
  llvm::append_range(Cmd, L.Common);
  if (L.Fast)
    Cmd.push_back("-ffast-math");
  Cmd.push_back(frontEndFlag(F).str());
  Cmd.insert(Cmd.end(),
             {"-emit-llvm", "-c", "-Xclang", "-disable-llvm-passes"});
  // A compile-and-link's linker flags are the link's business, and the
  // plugin's -mllvm options are the parts' (clang sees no pass run here).
  if (C.P.TheMode == Mode::Link || C.P.Instrument)
    Cmd.push_back("-Wno-unused-command-line-argument");
  if (First) {
    llvm::append_range(Cmd, L.Deps);
    if (L.WantsDeps && !L.HasDepTarget)
      Cmd.insert(Cmd.end(), {"-MT", J.Out});
    if (L.WantsDeps && !L.HasDepFile)
      Cmd.insert(Cmd.end(), {"-MF", J.DepFile});
  } else {
    Cmd.push_back("-w"); // the first front end printed the diagnostics
  }
  if (!J.In.Language.empty())
    Cmd.insert(Cmd.end(), {"-x", J.In.Language});
  Cmd.insert(Cmd.end(), {J.In.Path, "-o", Out});
  return Cmd;
}

/// Where front end \p F's output goes, noted in \p J.
const std::string &bitcodeFile(SourceJob &J, FrontEnd F) {
  return J.Bitcode[F] = J.Temp.file(frontEndFileName(J.Index, frontEndFlag(F)));
}

} // namespace

std::unique_ptr<Module> runBaseFrontEnd(const StageContext &C, SourceJob &J) {
  FrontEnd BaseFE = frontEndOf(C.L.Level);
  const std::string &Out = bitcodeFile(J, BaseFE);
  if (!C.Commands.run(frontEndCommand(C, J, BaseFE, Out, /*First=*/true)))
    return nullptr;
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer = MemoryBuffer::getFile(Out);
  if (!Buffer) {
    C.error(J.In.Path + ": cannot read the front end's output: " +
            Buffer.getError().message());
    return nullptr;
  }
  Expected<std::unique_ptr<Module>> M =
      parseBitcodeFile((*Buffer)->getMemBufferRef(), J.Ctx);
  if (!M) {
    C.error(J.In.Path + ": " + toString(M.takeError()));
    return nullptr;
  }
  // The source's name: a preprocessed input's comes from its first line
  // marker (on a distcc server, the input is a temporary file).
  J.Source = (**M).getSourceFileName();
  return std::move(*M);
}

std::optional<std::map<FrontEnd, MemoryBufferRef>>
runFrontEnds(const StageContext &C, SourceJob &J, ArrayRef<OptLevel> Levels) {
  std::vector<std::vector<std::string>> Extra;
  for (OptLevel Level : Levels) {
    FrontEnd F = frontEndOf(Level);
    if (J.Bitcode.count(F))
      continue;
    Extra.push_back(
        frontEndCommand(C, J, F, bitcodeFile(J, F), /*First=*/false));
  }
  if (!C.Commands.runParallel(Extra))
    return std::nullopt;
  std::map<FrontEnd, MemoryBufferRef> Refs;
  for (const auto &[F, Path] : J.Bitcode) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> B = MemoryBuffer::getFile(Path);
    if (!B) {
      C.error(J.Source + ": cannot read the front end's output: " +
              B.getError().message());
      return std::nullopt;
    }
    Refs[F] = (*B)->getMemBufferRef();
    J.Buffers.push_back(std::move(*B));
  }
  return Refs;
}

} // namespace levels
} // namespace fluid

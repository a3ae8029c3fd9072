//===- BackEnd.cpp - The back-end stage of a --fluid-profile compile -----===//
//
// See BackEnd.h.
//
//===----------------------------------------------------------------------===//

#include "BackEnd.h"
#include "StageContext.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/Module.h"

using namespace llvm;
using namespace fluid::driver;

namespace fluid {
namespace levels {

std::optional<std::vector<PartFile>>
compileParts(const StageContext &C, SourceJob &J, std::vector<Part> &Parts) {
  std::vector<std::vector<std::string>> Backends;
  std::vector<PartFile> Objects;
  bool Asm = C.P.TheMode == Mode::Assemble;
  for (const Part &Part : Parts) {
    std::string Bc = J.Temp.file(partFileName(J.Index, Part.Level, ".bc")),
                Obj = J.Temp.file(
                    partFileName(J.Index, Part.Level, Asm ? ".s" : ".o"));
    std::error_code EC;
    raw_fd_ostream OS(Bc, EC);
    if (EC) {
      C.error(Bc + ": cannot write: " + EC.message());
      return std::nullopt;
    }
    WriteBitcodeToFile(*Part.M, OS);
    OS.close();
    std::vector<std::string> Cmd = {C.S.ClangPath};
    llvm::append_range(Cmd, C.L.Common);
    if (C.L.Fast)
      Cmd.push_back("-ffast-math");
    Cmd.insert(Cmd.end(), {levelFlag(Part.Level),
                           "-Wno-unused-command-line-argument",
                           Asm ? "-S" : "-c", "-x", "ir", Bc, "-o", Obj});
    Backends.push_back(std::move(Cmd));
    Objects.push_back({Part.Level, Obj});
  }
  Parts.clear();
  if (!C.Commands.runParallel(Backends))
    return std::nullopt;
  return Objects;
}

} // namespace levels
} // namespace fluid

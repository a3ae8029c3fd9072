//===- StageContext.h - What the stages of a compile share -----*- C++ -*-===//
//
// The stages of fluid-cc --fluid-profile's compile (ProfileCompile.h) each
// live in a unit of their own and take the same two things: the compile's
// context (the command processArgs planned, sorted once for the steps; the
// settings; the runner every command goes through; the one way a stage
// reports an error), and the source's job, which carries what one stage
// leaves for the next.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_STAGECONTEXT_H
#define FLUID_DRIVER_LEVELS_STAGECONTEXT_H

#include "ArgLayout.h"
#include "ArgProcessing.h"
#include "Commands.h"
#include "FrontEnds.h"
#include "ProfileCompile.h"
#include "TempDir.h"

#include "llvm/ADT/Twine.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fluid {
namespace levels {

struct StageContext {
  const driver::Invocation &P;   // the command, as processArgs planned it
  const CompileSettings &S;
  const Layout &L;         // its arguments, sorted for the steps
  CommandRunner &Commands; // every tool a stage starts

  /// One error line, "fluid-cc: error: Message".
  void error(const llvm::Twine &Message) const {
    llvm::errs() << S.ToolName << ": error: " << Message << "\n";
  }
  /// One warning line.
  void warning(const llvm::Twine &Message) const {
    llvm::errs() << S.ToolName << ": warning: " << Message << "\n";
  }
};

/// One source's compile, as it goes from stage to stage.
struct SourceJob {
  SourceJob(const Input &In, const std::string &Out, std::string DepFile,
            const TempDir &Temp, unsigned Index)
      : In(In), Out(Out), DepFile(std::move(DepFile)), Temp(Temp),
        Index(Index) {}
  const Input &In;
  const std::string &Out;
  const std::string DepFile; // written when the command asks for one
  const TempDir &Temp;
  unsigned Index; // of the source: its files' prefix in Temp
  std::map<FrontEnd, std::string> Bitcode; // each front end's output
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> Buffers; // Bitcode, read
  std::string Source; // the source's name, as its front end gives it
  llvm::LLVMContext Ctx; // the parts' (destroyed after them)
};

} // namespace levels
} // namespace fluid

#endif // FLUID_DRIVER_LEVELS_STAGECONTEXT_H

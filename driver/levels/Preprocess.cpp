//===- Preprocess.cpp - fluid-cc --fluid-profile -E ----------------------===//
//
// See Preprocess.h.
//
//===----------------------------------------------------------------------===//

#include "Preprocess.h"
#include "OutputFiles.h"
#include "PlanMarker.h"
#include "StageContext.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"

using namespace llvm;

namespace fluid {
namespace levels {

bool preprocessCarriesPlan(const StageContext &C) {
  return llvm::none_of(C.L.All, [](const std::string &A) {
    return A == "-P" || A == "-M" || A == "-MM" || A == "-dM";
  });
}

int preprocessWithPlan(const StageContext &C, const fluid::Plan &LevelPlan) {
  const Layout &L = C.L;
  SmallString<256> Absolute(C.P.ProfileFile);
  sys::fs::make_absolute(Absolute);
  std::string Lines =
      formatPlanMarker({std::string(Absolute), planDigest(LevelPlan)});
  bool ToStdout = !L.Output || *L.Output == "-";
  TempDir Temp;
  std::string Written = ToStdout ? "" : *L.Output;
  if (ToStdout) {
    // Captured: the markers go after clang's first line.
    if (Error E = Temp.create()) {
      C.error(toString(std::move(E)));
      return 1;
    }
    Written = Temp.file("stdout.i");
    if (!C.Commands.runToFile(C.P.Args, Written))
      return 1;
  } else if (!C.Commands.run(C.P.Args)) {
    return 1;
  }
  ErrorOr<std::unique_ptr<MemoryBuffer>> Text = MemoryBuffer::getFile(Written);
  if (!Text) {
    C.error(Written + ": cannot read: " + Text.getError().message());
    return 1;
  }
  // Copied out of the (mapped) buffer before the file is rewritten.
  std::string Content = insertPlanMarker((*Text)->getBuffer(), Lines);
  Text->reset();
  // A distcc client preprocesses with the build's -MD: its dependency file
  // lists the plan as the compile's would.
  if (L.WantsDeps)
    if (Error E = addPlanToDepFile(preprocessDepFileOf(L), C.P.ProfileFile)) {
      C.error(toString(std::move(E)));
      return 1;
    }
  if (ToStdout) {
    outs() << Content;
    outs().flush();
    return 0;
  }
  std::error_code EC;
  raw_fd_ostream Out(Written, EC);
  if (EC) {
    C.error(Written + ": cannot write: " + EC.message());
    return 1;
  }
  Out << Content;
  return 0;
}

} // namespace levels
} // namespace fluid

//===- ProfileCompile.h - fluid-cc --fluid-profile's compiles --*- C++ -*-===//
//
// Runs the compile fluid-cc's processArgs planned, with each function at
// the level the plan gives it. The plan is read first (LevelPlanFile.h);
// -E only names it in its output (Preprocess.h). Each source file then goes
// through named stages, each a unit of its own (ProfileCompile.cpp runs
// them in order, sharing StageContext.h):
//
//   arguments     the command sorted once for the steps (ArgLayout.h);
//   front end     clang -emit-llvm with LLVM passes disabled, once per
//                 front-end class the levels need (O0, O1, O2-and-up); the
//                 first also writes the dependency file and prints the
//                 diagnostics (FrontEnds.h);
//   level choice  each function's level from the plan (LevelChoice.cpp),
//                 reported (LevelReport.h);
//   split         one part per level (SplitModule.h);
//   back end      each part through clang at its level with the user's
//                 flags (BackEnd.h);
//   join          ld.lld -r of the parts, then llvm-objcopy gives promoted
//                 internal symbols their own names and local binding back;
//                 with -S the assembly is joined (PartJoin.h,
//                 AssemblyJoin.h); every name a part gives is PartNames.h's;
//   output        the object moved into place (or written to stdout for
//                 -o -), the plan added to the dependency file
//                 (OutputFiles.h).
//
// Every stage starts its tools through Commands.h.
//
// A compile-and-link compiles each source so, then links as asked. Nothing
// is left behind on failure: no output, no temporary files.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_PROFILECOMPILE_H
#define FLUID_DRIVER_LEVELS_PROFILECOMPILE_H

#include "ArgProcessing.h"

#include <string>

namespace fluid {
namespace levels {

struct CompileSettings {
  std::string ToolName = "fluid-cc"; // for diagnostics
  std::string ClangPath;              // resolved, absolute
  bool Verbose = false;               // print each command
  /// Run clang's compile jobs in this process (InProcess.h): only when
  /// ClangPath is the clang whose libraries fluid-levels was built with.
  bool InProcess = false;
};

/// Runs the plan \p P (P.ProfileFile set). Returns the exit status.
int runProfileCompile(const driver::Invocation &P, const CompileSettings &S);

} // namespace levels
} // namespace fluid

#endif // FLUID_DRIVER_LEVELS_PROFILECOMPILE_H

//===- InstrumentPass.h - Entry/exit hooks and per-function records ------===//
//
// `fluid-instrument` gives every defined function a 64-byte record in the
// section `fluid_records` and calls
//     __fluid_enter(record, llvm.addressofreturnaddress())
//     __fluid_exit(record, llvm.addressofreturnaddress())
// at entry and on every way out (each `ret`, before a `musttail` call, and
// before `resume`). The runtime finds records through the linker's
// __start_/__stop_ symbols; hosted programs also get a `.note.fluid` ELF note
// locating the section of each executable and shared object.
//
// Each instrumented function carries `!fluid.record !{ptr @record}`, the link
// to its own record that survives renaming. Memory effects inferred before the
// hooks existed (`memory(...)`, `speculatable`) are dropped from instrumented
// functions, their call sites and uninstrumented callers, so no later pass
// deletes or merges a call the profile must count. The record's file field is
// the source path relative to the compiler's working directory.
//
// The first run marks the module (flag `fluid.instrumented`); later runs,
// including an LTO link that loads the plugin (`ld.lld --load-pass-plugin`),
// add no hooks and only detach those the inliner moved into other functions.
//
// Parameters: `fluid-instrument<pre-inline>` and `fluid-instrument<post-inline>`
// name where the plugin's clang registration places the pass; both
// instrument what they are given when run from `opt -passes=`. A level
// after them (`fluid-instrument<post-inline;O2>`) is the optimization level
// of the pipeline the pass runs in, written into every record it creates
// (Records.h) so the profile says which level each function's figures
// measure; the plugin's clang registration passes its pipeline's level, and
// without one the records name none. When run on
// already-instrumented IR, the pass instruments nothing new; hooks that an
// inliner has copied into another function have their frame argument set to
// null, so the runtime nests them inside the caller's frame.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_PASSES_INSTRUMENTPASS_H
#define FLUID_PASSES_INSTRUMENTPASS_H

#include "llvm/IR/PassManager.h"

#include <string>

namespace fluid {

enum class Placement { PreInline, PostInline };

class InstrumentPass : public llvm::PassInfoMixin<InstrumentPass> {
public:
  /// Level: "O0".."Oz", the pipeline's optimization level; empty: unknown.
  explicit InstrumentPass(Placement Where = Placement::PostInline,
                          llvm::StringRef Level = "")
      : Where(Where), Level(Level.str()) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  void printPipeline(llvm::raw_ostream &OS,
                     llvm::function_ref<llvm::StringRef(llvm::StringRef)>
                         MapClassName2PassName);
  static bool isRequired() { return true; }

private:
  Placement Where;
  std::string Level;
};

} // namespace fluid

#endif // FLUID_PASSES_INSTRUMENTPASS_H

//===- Plugin.cpp - Register Fluid's passes with LLVM's pass builder ------===//
//
// The one entry point of the FluidPasses plugin. Each pass is registered twice:
// by pipeline name, for `opt -load-pass-plugin=FluidPasses.so -passes=...`,
// and at extension points, so `clang -fpass-plugin=FluidPasses.so` (at any -O
// level, -O0 included) instruments every function:
//
//   pipeline start:  fluid-hash, and fluid-instrument<pre-inline> if asked
//   optimizer last:  fluid-instrument<post-inline> (the default placement), or
//                    fluid-instrument<pre-inline> again to detach hooks the
//                    inliner copied into callers, then fluid-promote-counters
//                    (call counters the inliner moved into loops)
//
// Placement is chosen with the hidden option -fluid-placement (through clang:
// -mllvm -fluid-placement=pre-inline).
//
//===----------------------------------------------------------------------===//

#include "HashPass.h"
#include "InstrumentPass.h"
#include "PromoteCounters.h"

#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;

static cl::opt<fluid::Placement> ClPlacement(
    "fluid-placement", cl::desc("Where clang's pipeline instruments"),
    cl::values(clEnumValN(fluid::Placement::PreInline, "pre-inline",
                          "before inlining: every source function"),
               clEnumValN(fluid::Placement::PostInline, "post-inline",
                          "after inlining: functions that still exist")),
    cl::init(fluid::Placement::PostInline), cl::Hidden);

static cl::opt<bool> ClPromoteCounters(
    "fluid-promote-counters",
    cl::desc("Before inlining: keep the call counters of inlined functions "
             "in registers through loops that call nothing, adding them to "
             "the record at the loop's exits"),
    cl::init(true), cl::Hidden);

namespace {

Expected<fluid::Placement> parsePlacement(StringRef Params) {
  if (Params.empty() || Params == "post-inline")
    return fluid::Placement::PostInline;
  if (Params == "pre-inline")
    return fluid::Placement::PreInline;
  return make_error<StringError>(
      "invalid fluid-instrument parameter '" + Params +
          "' (expected 'pre-inline' or 'post-inline')",
      inconvertibleErrorCode());
}

bool parseFunctionPipeline(StringRef Name, FunctionPassManager &FPM,
                           ArrayRef<PassBuilder::PipelineElement>) {
  if (Name != "fluid-promote-counters")
    return false;
  FPM.addPass(fluid::PromoteCountersPass());
  return true;
}

bool parseModulePipeline(StringRef Name, ModulePassManager &MPM,
                         ArrayRef<PassBuilder::PipelineElement>) {
  if (Name == "fluid-hash") {
    MPM.addPass(fluid::HashPass());
    return true;
  }
  if (!PassBuilder::checkParametrizedPassName(Name, "fluid-instrument"))
    return false;
  auto Where = PassBuilder::parsePassParameters(parsePlacement, Name,
                                                "fluid-instrument");
  if (!Where) {
    // The pass builder only reports "unknown pass name"; say what is wrong.
    errs() << "fluid-instrument: " << toString(Where.takeError()) << "\n";
    return false;
  }
  MPM.addPass(fluid::InstrumentPass(*Where));
  return true;
}

void registerCallbacks(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(parseModulePipeline);
  PB.registerPipelineParsingCallback(parseFunctionPipeline);
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(fluid::HashPass());
        if (ClPlacement == fluid::Placement::PreInline)
          MPM.addPass(fluid::InstrumentPass(fluid::Placement::PreInline));
      });
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(fluid::InstrumentPass(ClPlacement));
        if (ClPlacement == fluid::Placement::PreInline && ClPromoteCounters)
          MPM.addPass(
              createModuleToFunctionPassAdaptor(fluid::PromoteCountersPass()));
      });
  // In a full LTO link that loads the plugin (ld.lld --load-pass-plugin),
  // the cross-object inliner has run: the pass finds the module already
  // instrumented and only detaches hooks inlined into other functions.
  // ThinLTO backends get the same from the OptimizerLast callback above.
  PB.registerFullLinkTimeOptimizationLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(fluid::InstrumentPass(ClPlacement));
      });
}

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK LLVM_ATTRIBUTE_VISIBILITY_DEFAULT PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "FluidPasses", "0.1.0", registerCallbacks};
}

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
// -mllvm -fluid-placement=pre-inline). The instrumenter is given the level
// of the pipeline it runs in (the callbacks receive it), which each record
// keeps: fluid-cc --fluid-profile compiles each part of a file in its own
// pipeline at its own level, so a mixed build's profile says each
// function's level.
//
//===----------------------------------------------------------------------===//

#include "HashPass.h"
#include "InstrumentPass.h"
#include "PromoteCounters.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
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

/// The level as profiles and plans spell it.
StringRef levelName(OptimizationLevel Level) {
  if (Level == OptimizationLevel::Os)
    return "Os";
  if (Level == OptimizationLevel::Oz)
    return "Oz";
  if (Level == OptimizationLevel::O0)
    return "O0";
  if (Level == OptimizationLevel::O1)
    return "O1";
  if (Level == OptimizationLevel::O2)
    return "O2";
  return "O3";
}

const StringRef LevelNames[] = {"O0", "O1", "O2", "O3", "Os", "Oz"};

struct InstrumentParams {
  fluid::Placement Where = fluid::Placement::PostInline;
  std::string Level; // empty: unknown
};

/// "pre-inline", "post-inline;O2", "O3", "": a placement, a level, or both.
Expected<InstrumentParams> parseInstrumentParams(StringRef Params) {
  InstrumentParams Parsed;
  SmallVector<StringRef, 2> Parts;
  Params.split(Parts, ';');
  for (StringRef Part : Parts) {
    if (Part.empty() || Part == "post-inline")
      Parsed.Where = fluid::Placement::PostInline;
    else if (Part == "pre-inline")
      Parsed.Where = fluid::Placement::PreInline;
    else if (is_contained(LevelNames, Part))
      Parsed.Level = Part.str();
    else
      return make_error<StringError>(
          "invalid fluid-instrument parameter '" + Part +
              "' (expected 'pre-inline' or 'post-inline', and optionally a "
              "level: O0, O1, O2, O3, Os, Oz)",
          inconvertibleErrorCode());
  }
  return Parsed;
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
  auto Params = PassBuilder::parsePassParameters(parseInstrumentParams, Name,
                                                 "fluid-instrument");
  if (!Params) {
    // The pass builder only reports "unknown pass name"; say what is wrong.
    errs() << "fluid-instrument: " << toString(Params.takeError()) << "\n";
    return false;
  }
  MPM.addPass(fluid::InstrumentPass(Params->Where, Params->Level));
  return true;
}

void registerCallbacks(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(parseModulePipeline);
  PB.registerPipelineParsingCallback(parseFunctionPipeline);
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel Level) {
        MPM.addPass(fluid::HashPass());
        if (ClPlacement == fluid::Placement::PreInline)
          MPM.addPass(fluid::InstrumentPass(fluid::Placement::PreInline,
                                            levelName(Level)));
      });
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel Level) {
        MPM.addPass(fluid::InstrumentPass(ClPlacement, levelName(Level)));
        if (ClPlacement == fluid::Placement::PreInline && ClPromoteCounters)
          MPM.addPass(
              createModuleToFunctionPassAdaptor(fluid::PromoteCountersPass()));
      });
  // In a full LTO link that loads the plugin (ld.lld --load-pass-plugin),
  // the cross-object inliner has run: the pass finds the module already
  // instrumented and only detaches hooks inlined into other functions.
  // ThinLTO backends get the same from the OptimizerLast callback above.
  PB.registerFullLinkTimeOptimizationLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel Level) {
        MPM.addPass(fluid::InstrumentPass(ClPlacement, levelName(Level)));
      });
}

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK LLVM_ATTRIBUTE_VISIBILITY_DEFAULT PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "FluidPasses", "0.1.0", registerCallbacks};
}

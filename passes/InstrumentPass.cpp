//===- InstrumentPass.cpp - Entry/exit hooks or call counters -------------===//
//
// See InstrumentPass.h for what the pass emits; each function's record is
// Records.h's (createRecord, the layout of runtime/fluid_rt.h).
//
// Which functions are skipped: declarations, naked functions,
// available_externally bodies (their real definition is elsewhere), the
// runtime's own __fluid_* functions, functions already instrumented, and
// functions whose source asked for no instrumentation. Clang does not carry
// `__attribute__((no_instrument_function))` into IR by itself; it does mark
// every *other* function "instrument-function-entry-inlined" when given
// -finstrument-functions-after-inlining. fluid-cc passes that flag together
// with -mllvm -fluid-honor-no-instrument, and the pass then instruments
// exactly the marked functions and removes the marks, so the code generator's
// own EntryExitInstrumenter inserts no __cyg_profile_* calls.
//
//===----------------------------------------------------------------------===//

#include "InstrumentPass.h"
#include "FoldRecursion.h"
#include "HashPass.h"
#include "LateUntimed.h"
#include "Records.h"
#include "UntimedList.h"
#include "UntimedSize.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

#define DEBUG_TYPE "fluid-instrument"

STATISTIC(NumInstrumented, "Functions given entry/exit hooks");
STATISTIC(NumExitHooks, "Exit hooks inserted");
STATISTIC(NumUntimed, "Functions given a call counter only");

static cl::opt<bool> ClHonorNoInstrument(
    "fluid-honor-no-instrument",
    cl::desc("Instrument only functions clang marked "
             "instrument-function-entry-inlined "
             "(-finstrument-functions-after-inlining), so that "
             "no_instrument_function is honoured"),
    cl::Hidden, cl::init(false));

namespace {
enum class KeepMarkers { None, Entry, All };
} // namespace

static cl::opt<KeepMarkers> ClKeepMarkers(
    "fluid-keep-markers",
    cl::desc("With -fluid-honor-no-instrument: which of clang's marks to "
             "leave in place, so that the user's own after-inlining hooks "
             "are inserted as well"),
    cl::values(clEnumValN(KeepMarkers::None, "none", "remove them (default)"),
               clEnumValN(KeepMarkers::Entry, "entry",
                          "keep the entry marks "
                          "(-finstrument-function-entry-bare)"),
               clEnumValN(KeepMarkers::All, "all",
                          "keep both "
                          "(-finstrument-functions-after-inlining)")),
    cl::Hidden, cl::init(KeepMarkers::None));

namespace {
enum class CountUpdate { Atomic, Single };
} // namespace

static cl::opt<CountUpdate> ClCountUpdate(
    "fluid-count-update",
    cl::desc("How an untimed function adds to its call count"),
    cl::values(clEnumValN(CountUpdate::Atomic, "atomic",
                          "one atomic add: exact with threads (default)"),
               clEnumValN(CountUpdate::Single, "single",
                          "a plain add, as clang's PGO counters: cheaper, "
                          "and the optimizer may keep it in a register "
                          "through a loop, but threads calling the same "
                          "function at once may lose counts")),
    cl::init(CountUpdate::Atomic));

static const char EnterHookName[] = "__fluid_enter";
static const char ExitHookName[] = "__fluid_exit";
static const char FoldHookName[] = "__fluid_fold";
static const char ReservedPrefix[] = "__fluid_";
static const char InstrumentedAttr[] = "fluid-instrumented";
static const char MarkerEntryAttr[] = "instrument-function-entry-inlined";
static const char MarkerExitAttr[] = "instrument-function-exit-inlined";
// Module flag: this module's functions have been through the instrumenter.
// Later runs (pre-inline then post-inline in one compile, an LTO link that
// loads the plugin) then only detach inlined hooks: functions without hooks
// were skipped on purpose or come from code compiled without Fluid.
static const char InstrumentedFlag[] = "fluid.instrumented";

namespace {

class Instrumenter {
public:
  Instrumenter(Module &M, fluid::Placement Where, StringRef Level)
      : M(M), Where(Where), Level(Level), Ctx(M.getContext()),
        Int32(Type::getInt32Ty(Ctx)),
        Int64(Type::getInt64Ty(Ctx)), Ptr(PointerType::get(Ctx, 0)) {}

  bool run();

private:
  bool declareHooks();
  bool declareFoldHook();
  bool listedUntimed(const Function &F, const fluid::UntimedList &List,
                     fluid::SizeOracle &Sizes);
  bool shouldInstrument(const Function &F, bool HonorMarkers) const;
  bool instrumentAll(ArrayRef<Function *> Work);
  bool removeMarkers();
  void instrument(Function &F, GlobalVariable *Record,
                  AllocaInst *FoldedCalls = nullptr);
  void countCalls(Function &F, GlobalVariable *Record);
  bool detachInlinedHooks(Function &F);
  void exposeSideEffects(ArrayRef<Function *> Instrumented);

  Module &M;
  fluid::Placement Where;
  StringRef Level; // the pipeline's, for the records; empty: unknown
  LLVMContext &Ctx;
  IntegerType *Int32;
  IntegerType *Int64;
  PointerType *Ptr;
  FunctionCallee EnterHook;
  FunctionCallee ExitHook;
  FunctionCallee FoldHook;
};

/// True when a clashing user declaration makes `Name` unusable as a hook.
bool hookNameClashes(Module &M, StringRef Name, FunctionType *Expected) {
  GlobalValue *Existing = M.getNamedValue(Name);
  if (!Existing)
    return false;
  auto *F = dyn_cast<Function>(Existing);
  return !F || F->getFunctionType() != Expected;
}

/// The instruction before which an exit hook goes for this `ret`: the
/// musttail call feeding it, if any, since nothing may separate the two.
Instruction *exitInsertionPoint(ReturnInst &Ret) {
  Instruction *Prev = Ret.getPrevNonDebugInstruction();
  if (auto *Cast = dyn_cast_or_null<BitCastInst>(Prev))
    Prev = Cast->getPrevNonDebugInstruction();
  if (auto *Call = dyn_cast_or_null<CallInst>(Prev))
    if (Call->isMustTailCall())
      return Call;
  return &Ret;
}

bool Instrumenter::declareHooks() {
  auto *HookTy = FunctionType::get(Type::getVoidTy(Ctx), {Ptr, Ptr}, false);
  for (const char *Name : {EnterHookName, ExitHookName}) {
    if (hookNameClashes(M, Name, HookTy)) {
      Ctx.emitError(Twine("fluid-instrument: '") + Name +
                    "' is reserved by the Fluid runtime (hook: void(ptr, ptr)); "
                    "rename the symbol in '" + M.getSourceFileName() + "'");
      return false;
    }
  }
  AttributeList Attrs = AttributeList().addFnAttribute(Ctx, Attribute::NoUnwind);
  EnterHook = M.getOrInsertFunction(EnterHookName, HookTy, Attrs);
  ExitHook = M.getOrInsertFunction(ExitHookName, HookTy, Attrs);
  return true;
}

bool Instrumenter::declareFoldHook() {
  if (FoldHook)
    return true;
  auto *FoldTy = FunctionType::get(Type::getVoidTy(Ctx), {Ptr, Int64}, false);
  if (hookNameClashes(M, FoldHookName, FoldTy)) {
    Ctx.emitError(Twine("fluid-instrument: '") + FoldHookName +
                  "' is reserved by the Fluid runtime (void(ptr, i64)); "
                  "rename the symbol in '" + M.getSourceFileName() + "'");
    return false;
  }
  FoldHook = M.getOrInsertFunction(
      FoldHookName, FoldTy,
      AttributeList().addFnAttribute(Ctx, Attribute::NoUnwind));
  return true;
}

bool Instrumenter::shouldInstrument(const Function &F,
                                    bool HonorMarkers) const {
  if (F.isDeclaration() || F.hasAvailableExternallyLinkage())
    return false;
  if (F.hasFnAttribute(Attribute::Naked))
    return false;
  if (F.getName().starts_with(ReservedPrefix))
    return false;
  if (F.hasFnAttribute(InstrumentedAttr))
    return false;
  if (HonorMarkers && !F.hasFnAttribute(MarkerEntryAttr))
    return false;
  return true;
}

/// FoldedCalls: F's recursion was folded (FoldRecursion.h); its count goes
/// to the runtime before each exit hook.
void Instrumenter::instrument(Function &F, GlobalVariable *Record,
                              AllocaInst *FoldedCalls) {
  // A line-0 location in the function's scope keeps the verifier happy in
  // functions with debug info without claiming any source line.
  DebugLoc Loc;
  if (DISubprogram *SP = F.getSubprogram())
    Loc = DILocation::get(Ctx, 0, 0, SP);

  // Allocas stay first so they remain static allocations.
  BasicBlock &Entry = F.getEntryBlock();
  BasicBlock::iterator EntryPoint = Entry.getFirstInsertionPt();
  while (isa<AllocaInst>(*EntryPoint))
    ++EntryPoint;

  IRBuilder<> B(&Entry, EntryPoint);
  B.SetCurrentDebugLocation(Loc);
  Value *Frame = B.CreateIntrinsic(Intrinsic::addressofreturnaddress, {Ptr}, {});
  B.CreateCall(EnterHook, {Record, Frame});

  // Collect exits first: inserting hooks must not disturb the walk.
  SmallVector<Instruction *, 8> Exits;
  for (BasicBlock &BB : F) {
    Instruction *Term = BB.getTerminator();
    if (auto *Ret = dyn_cast_or_null<ReturnInst>(Term))
      Exits.push_back(exitInsertionPoint(*Ret));
    else if (isa_and_nonnull<ResumeInst>(Term))
      Exits.push_back(Term); // Leaving by unwinding: the frame is still live.
  }
  for (Instruction *Exit : Exits) {
    B.SetInsertPoint(Exit);
    B.SetCurrentDebugLocation(Loc);
    CallInst *Hook = B.CreateCall(ExitHook, {Record, Frame});
    if (FoldedCalls)
      fluid::addFoldCall(*Hook, *FoldedCalls, *Record, FoldHook);
    ++NumExitHooks;
  }
  F.addFnAttr(InstrumentedAttr);
  F.setMetadata(fluid::RecordMetadata,
                MDNode::get(Ctx, ValueAsMetadata::get(Record)));
  ++NumInstrumented;
}

/// An untimed function counts its calls in its record
/// (emitCallCount, Records.h). No call is inserted, so the inliner sees the
/// function as it was, and an inlined copy carries its counter with it, as
/// PGO's do.
void Instrumenter::countCalls(Function &F, GlobalVariable *Record) {
  BasicBlock &Entry = F.getEntryBlock();
  BasicBlock::iterator EntryPoint = Entry.getFirstInsertionPt();
  while (isa<AllocaInst>(*EntryPoint))
    ++EntryPoint;
  IRBuilder<> B(&Entry, EntryPoint);
  if (DISubprogram *SP = F.getSubprogram())
    B.SetCurrentDebugLocation(DILocation::get(Ctx, 0, 0, SP));
  fluid::emitCallCount(B, *Record,
                       ClCountUpdate == CountUpdate::Atomic);
  F.addFnAttr(InstrumentedAttr);
  F.setMetadata(fluid::RecordMetadata,
                MDNode::get(Ctx, ValueAsMetadata::get(Record)));
  ++NumUntimed;
}

/// F is on the untimed list (UntimedList.h), and nothing it calls
/// directly here would be timed: its time is its callers', so no hook may
/// run under it (the profile the list came from saw none).
bool Instrumenter::listedUntimed(const Function &F,
                                 const fluid::UntimedList &List,
                                 fluid::SizeOracle &Sizes) {
  auto Listed = [&](const Function &G) {
    return List.contains(fluid::qualifiedName(G), fluid::functionHash(G));
  };
  // A record objects share (an inline function of a header) is timed or
  // not in all of them alike: the list's judgement of its callees could
  // differ from one object to the next, so it keeps its hooks.
  if (List.empty() || F.hasComdat() || !Listed(F))
    return false;
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB)
      if (auto *Call = dyn_cast<CallBase>(&I))
        if (const Function *Callee = Call->getCalledFunction();
            Callee && !Callee->isDeclaration() && Callee != &F &&
            !Listed(*Callee) && !Sizes.tooSmallToTime(*Callee))
          return false;
  return true;
}

/// Hooks an inliner copied from a callee into F carry the callee's record
/// but F's return-address slot; a null frame tells the runtime to nest them
/// inside F's frame instead of mistaking F's frame for a stale one.
bool Instrumenter::detachInlinedHooks(Function &F) {
  const Value *Own = fluid::recordOf(F);
  bool Changed = false;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB) {
      auto *Call = dyn_cast<CallInst>(&I);
      Function *Callee = Call ? Call->getCalledFunction() : nullptr;
      if (!Callee || (Callee != EnterHook.getCallee() &&
                      Callee != ExitHook.getCallee()))
        continue;
      if (Call->getArgOperand(0) == Own ||
          isa<ConstantPointerNull>(Call->getArgOperand(1)))
        continue;
      Call->setArgOperand(1, ConstantPointerNull::get(Ptr));
      Changed = true;
    }
  return Changed;
}

/// An instrumented function now writes its record on every call, so memory
/// effects inferred before the hooks existed (`memory(none)`, `readonly`,
/// `memory(argmem: ...)`, `speculatable`) are false: later passes (LTO, a second opt run) would
/// merge, hoist or delete calls and lose counts. Drop them from the
/// functions, from every call site of them, and from uninstrumented callers
/// (no_instrument_function), transitively.
void Instrumenter::exposeSideEffects(ArrayRef<Function *> Instrumented) {
  SmallVector<Function *, 64> Work(Instrumented.begin(), Instrumented.end());
  SmallPtrSet<Function *, 32> Seen(Instrumented.begin(), Instrumented.end());
  auto Strip = [](auto &Holder) {
    Holder.removeFnAttr(Attribute::Memory);
    Holder.removeFnAttr(Attribute::Speculatable);
  };
  while (!Work.empty()) {
    Function *F = Work.pop_back_val();
    Strip(*F);
    for (User *U : F->users()) {
      auto *Call = dyn_cast<CallBase>(U);
      if (!Call || Call->getCalledOperand() != F)
        continue;
      Strip(*Call);
      Function *Caller = Call->getFunction();
      if (!Caller->hasFnAttribute(Attribute::Memory) &&
          !Caller->hasFnAttribute(Attribute::Speculatable))
        continue;
      if (Seen.insert(Caller).second)
        Work.push_back(Caller);
    }
  }
}

bool Instrumenter::run() {
  bool HonorMarkers = ClHonorNoInstrument;
  bool AlreadyRun = M.getModuleFlag(InstrumentedFlag) != nullptr;
  SmallVector<Function *, 64> Work;
  for (Function &F : M)
    if (!AlreadyRun && shouldInstrument(F, HonorMarkers))
      Work.push_back(&F);
  // Nothing to instrument and no hooks to detach.
  if (Work.empty() && !M.getFunction(EnterHookName) &&
      !M.getFunction(ExitHookName))
    return false;
  if (!declareHooks())
    return false;

  bool Changed = !Work.empty();
  if (Changed && !instrumentAll(Work))
    return false;
  // Pre-inline, at the optimizer's end: functions that only now are too
  // small to time get their counter instead of their hooks.
  if (AlreadyRun && Where == fluid::Placement::PreInline) {
    Changed |= fluid::markLateUntimed(
                   M, {cast<Function>(EnterHook.getCallee()),
                       cast<Function>(ExitHook.getCallee()),
                       ClCountUpdate == CountUpdate::Atomic}) > 0;
  }
  // Every function, instrumented or not: an uninstrumented one can hold
  // nested inlined bodies whose hooks would otherwise share one frame.
  for (Function &F : M)
    if (!F.isDeclaration())
      Changed |= detachInlinedHooks(F);
  if (HonorMarkers)
    Changed |= removeMarkers();
  if (!Work.empty())
    fluid::emitRecordsNote(M);
  if (!AlreadyRun && Changed)
    // Max: an LTO link keeps the flag when any of its modules had it.
    M.addModuleFlag(Module::Max, InstrumentedFlag, 1);
  return Changed;
}

/// Gives each function of Work its record and, timed, its hooks (its
/// recursion folded if it can be), or, untimed, its call counter. False
/// after one error when the untimed list cannot be read.
bool Instrumenter::instrumentAll(ArrayRef<Function *> Work) {
  // Sizes are measured before any function changes.
  fluid::SizeOracle Sizes;
  Expected<fluid::UntimedList> Listed = fluid::UntimedList::load();
  if (!Listed) {
    Ctx.emitError("fluid-instrument: " + toString(Listed.takeError()));
    // Said once: the placement's second run finds the module done.
    M.addModuleFlag(Module::Max, InstrumentedFlag, 1);
    return false;
  }
  SmallVector<bool, 64> Timed, Fold;
  for (Function *F : Work) {
    Timed.push_back(!Sizes.tooSmallToTime(*F) &&
                    !listedUntimed(*F, *Listed, Sizes));
    Fold.push_back(Timed.back() && Sizes.foldsRecursion(*F));
  }
  SmallVector<GlobalValue *, 64> Records;
  SmallVector<Function *, 64> Changing(Work.begin(), Work.end());
  for (auto [F, IsTimed, Folds] : zip(Work, Timed, Fold)) {
    GlobalVariable *Record = fluid::createRecord(*F, Level, IsTimed);
    Records.push_back(Record);
    if (!IsTimed) {
      countCalls(*F, Record);
    } else if (Folds && declareFoldHook()) {
      fluid::FoldedRecursion Folded = fluid::foldRecursion(*F);
      Changing.push_back(Folded.Copy);
      instrument(*F, Record, Folded.Calls);
    } else {
      instrument(*F, Record);
    }
  }
  // Before inlining, every source function is listed: one the optimizer
  // later finds dead (its only call folded away) keeps its record, and the
  // profile shows it with 0 calls instead of leaving it out.
  if (Where == fluid::Placement::PreInline && !Records.empty())
    appendToCompilerUsed(M, Records);
  exposeSideEffects(Changing);
  return true;
}

/// Clang's marks, removed as -fluid-keep-markers asks.
bool Instrumenter::removeMarkers() {
  bool Changed = false;
  for (Function &F : M) {
    if (ClKeepMarkers == KeepMarkers::None &&
        F.hasFnAttribute(MarkerEntryAttr)) {
      F.removeFnAttr(MarkerEntryAttr);
      Changed = true;
    }
    if (ClKeepMarkers != KeepMarkers::All &&
        F.hasFnAttribute(MarkerExitAttr)) {
      F.removeFnAttr(MarkerExitAttr);
      Changed = true;
    }
  }
  return Changed;
}

} // namespace

namespace fluid {

PreservedAnalyses InstrumentPass::run(Module &M, ModuleAnalysisManager &) {
  if (!Instrumenter(M, Where, Level).run())
    return PreservedAnalyses::all();
  // Hooks are calls; a folded recursion's exits branch to its fold call.
  return PreservedAnalyses::none();
}

void InstrumentPass::printPipeline(
    raw_ostream &OS, function_ref<StringRef(StringRef)> MapClassName2PassName) {
  OS << "fluid-instrument<"
     << (Where == Placement::PreInline ? "pre-inline" : "post-inline");
  if (!Level.empty())
    OS << ";" << Level;
  OS << ">";
}

} // namespace fluid

//===- SplitModule.cpp - One module per optimization level ---------------===//
//
// See SplitModule.h. Decisions are made once, on the module of the command
// line's front end, and applied by name to each part, which is parsed from
// the front end of its own level: the O0 and O1 front ends emit the same
// globals under the same names, only with other marks.
//
//===----------------------------------------------------------------------===//

#include "SplitModule.h"
#include "HashPass.h"
#include "ModuleRefs.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalAlias.h"
#include "llvm/IR/GlobalIFunc.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/MemoryBufferRef.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <unordered_map>

using namespace llvm;

namespace fluid {
namespace levels {

/// The attribute fluid-instrument names a record by when present: a promoted
/// function keeps the profile name of the internal function it was.
static const char NameAttribute[] = "fluid-name";

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

StringRef frontEndFlag(FrontEnd F) {
  // Each front end is named by the first level it serves.
  static const std::string Flags[] = {"-" + levelName(OptLevel::O0).str(),
                                      "-" + levelName(OptLevel::O1).str(),
                                      "-" + levelName(OptLevel::O2).str()};
  return Flags[static_cast<int>(F)];
}

namespace {

/// A function body this small (IR instructions, as the front end emits it)
/// is offered even to parts slower than its own level.
constexpr unsigned SmallBodyInstructions = 40;

/// Levels from the slowest code to the fastest.
int speedRank(OptLevel L) {
  switch (L) {
  case OptLevel::O0:
    return 0;
  case OptLevel::Oz:
    return 1;
  case OptLevel::Os:
    return 2;
  case OptLevel::O1:
    return 3;
  case OptLevel::O2:
    return 4;
  case OptLevel::O3:
    return 5;
  }
  return 0;
}

bool isSpecial(const GlobalValue &GV) {
  return GV.getName().starts_with("llvm.");
}

/// String literals and other unnamed constants: any part may have its own
/// copy, since no program can tell copies apart.
bool isCopyableConstant(const GlobalVariable &GV) {
  return GV.hasLocalLinkage() && GV.isConstant() && GV.hasInitializer() &&
         GV.hasAtLeastLocalUnnamedAddr() && !GV.hasComdat() &&
         !GV.hasSection() && refsOfInitializer(GV).empty();
}

/// The decisions for every part, by symbol name.
class Splitter {
public:
  Splitter(const Module &Base, const LevelChoice &Choice, OptLevel CommandLine,
           StringRef Tag, const SplitOptions &Options)
      : Base(Base), Choice(Choice), Tag(Tag), Options(Options) {
    BaseLevel = is_contained(Choice.Levels, CommandLine) ? CommandLine
                                                         : Choice.Levels[0];
  }

  void decide();
  Error buildPart(Module &M, OptLevel L);

private:
  std::optional<OptLevel> ownerOf(const GlobalValue &GV) const;
  void walkPart(OptLevel L);
  bool offerable(const Function &F, OptLevel L) const;
  bool copyable(const Function &F, OptLevel L) const;
  void promoteIfLocal(const GlobalValue &GV) {
    if (GV.hasLocalLinkage())
      Promote.insert(GV.getName());
  }
  std::string promotedName(StringRef Name) const {
    return (Name + ".fluid." + Tag).str();
  }
  void rename(GlobalValue &GV);
  void applyMarks(Function &F, OptLevel L);
  void keepAlive(GlobalValue &GV) {
    if (!KeepAlive.contains(GV.getName()))
      return;
    if (GV.hasLinkOnceODRLinkage())
      GV.setLinkage(GlobalValue::WeakODRLinkage);
    else if (GV.hasLinkOnceLinkage())
      GV.setLinkage(GlobalValue::WeakAnyLinkage);
  }

  const Module &Base;
  const LevelChoice &Choice;
  StringRef Tag;
  SplitOptions Options;
  OptLevel BaseLevel;

  StringMap<OptLevel> VarOwner;
  StringMap<uint64_t> Hashes;
  StringSet<> Promote;
  StringSet<> KeepAlive; // linkonce definitions other parts use
  std::map<OptLevel, StringSet<>> Offer, Copy;
};

std::optional<OptLevel> Splitter::ownerOf(const GlobalValue &GV) const {
  if (const auto *GA = dyn_cast<GlobalAlias>(&GV)) {
    if (const GlobalObject *Aliasee = GA->getAliaseeObject())
      return ownerOf(*Aliasee);
    return BaseLevel;
  }
  if (isa<Function>(GV)) {
    auto It = Choice.Functions.find(GV.getName().str());
    if (It != Choice.Functions.end())
      return It->second.Level;
    return GV.isDeclaration() ? std::nullopt : std::optional(BaseLevel);
  }
  if (isa<GlobalIFunc>(GV))
    return BaseLevel;
  auto It = VarOwner.find(GV.getName());
  if (It != VarOwner.end())
    return It->second;
  return std::nullopt; // a declaration, or a copyable constant
}

bool Splitter::offerable(const Function &F, OptLevel L) const {
  if (F.isDeclaration() || F.hasFnAttribute(Attribute::NoInline) ||
      F.hasFnAttribute(Attribute::Naked) || F.isInterposable() ||
      F.hasAvailableExternallyLinkage())
    return false;
  // always_inline bodies are offered to every part, -O0's too: code may
  // rely on them being inlined (constant operands of inline assembly).
  if (F.hasFnAttribute(Attribute::AlwaysInline))
    return true;
  if (Options.NoOffers || L == OptLevel::O0)
    return false;
  // A body goes to parts slower than its own level only when it is small
  // (the call would cost more than the level gains): a hot loop inlined
  // into a cold caller would run at the caller's level, so it stays a call
  // into its own code instead.
  std::optional<OptLevel> Own = ownerOf(F);
  if (!Own || speedRank(L) >= speedRank(*Own))
    return true;
  return F.getInstructionCount() <= SmallBodyInstructions;
}

/// Internal functions whose address is never taken may be copied into a
/// part that calls them: the copy stays internal, so the part inlines it as
/// a uniform build would (a static function called once is inlined whole)
/// and drops it once inlined, where a shared copy would have to stay. Only
/// into parts at least as fast as the function's own level (or for `inline`
/// helpers and small bodies): a hot function called from a cold one keeps
/// its one copy at its own level.
bool Splitter::copyable(const Function &F, OptLevel L) const {
  if (Options.KeepIdentity || !F.hasLocalLinkage() || F.isDeclaration() ||
      !onlyCalledDirectly(F))
    return false;
  if (F.hasFnAttribute(Attribute::InlineHint) ||
      F.hasFnAttribute(Attribute::AlwaysInline) ||
      F.getInstructionCount() <= SmallBodyInstructions)
    return true;
  std::optional<OptLevel> Own = ownerOf(F);
  return !Own || speedRank(L) >= speedRank(*Own);
}

void Splitter::decide() {
  for (const Function &F : Base)
    if (!F.isDeclaration())
      Hashes[F.getName()] = computeStructuralHash(F);

  // Which parts use each internal variable directly.
  std::map<const GlobalVariable *, std::set<OptLevel>> Users;
  for (const Function &F : Base) {
    std::optional<OptLevel> Owner = ownerOf(F);
    if (F.isDeclaration() || !Owner)
      continue;
    for (const Ref &R : refsOfFunction(F))
      if (const auto *GV = dyn_cast<GlobalVariable>(R.Target))
        Users[GV].insert(*Owner);
  }
  std::map<const Comdat *, OptLevel> ComdatOwner;
  for (const Function &F : Base)
    if (F.hasComdat() && !F.isDeclaration())
      ComdatOwner[F.getComdat()] = *ownerOf(F);
  for (const GlobalVariable &GV : Base.globals()) {
    if (GV.isDeclaration() || isSpecial(GV) || isCopyableConstant(GV))
      continue;
    OptLevel Owner = BaseLevel;
    auto CD = GV.hasComdat() ? ComdatOwner.find(GV.getComdat())
                             : ComdatOwner.end();
    if (CD != ComdatOwner.end())
      Owner = CD->second;
    else if (GV.hasLocalLinkage() && Users[&GV].size() == 1)
      Owner = *Users[&GV].begin();
    VarOwner[GV.getName()] = Owner;
  }

  for (OptLevel L : Choice.Levels)
    walkPart(L);
  // The constructor and destructor tables stay in the base part.
  for (const char *Name : {"llvm.global_ctors", "llvm.global_dtors"})
    if (const GlobalVariable *Table = Base.getNamedGlobal(Name))
      for (const Ref &R : refsOfInitializer(*Table))
        if (ownerOf(*R.Target) != BaseLevel) {
          promoteIfLocal(*R.Target);
          if (R.Target->hasLinkOnceLinkage())
            KeepAlive.insert(R.Target->getName());
        }
}

/// Everything part L holds, found from its own functions and variables:
/// bodies offered or copied into it, and internal symbols it uses that
/// another part owns (which must be promoted).
void Splitter::walkPart(OptLevel L) {
  SetVector<const GlobalValue *> Work;
  for (const Function &F : Base)
    if (!F.isDeclaration() && ownerOf(F) == L)
      Work.insert(&F);
  // Bodies the front end already offers (C++ extern templates, gnu_inline)
  // are in every part that may inline them, with what they call.
  if (L != OptLevel::O0)
    for (const Function &F : Base)
      if (F.hasAvailableExternallyLinkage())
        Work.insert(&F);
  for (const GlobalVariable &GV : Base.globals())
    if (!isSpecial(GV) && !GV.isDeclaration() && ownerOf(GV) == L)
      Work.insert(&GV);
  for (size_t I = 0; I < Work.size(); ++I) {
    const GlobalValue *Holder = Work[I];
    SmallVector<Ref, 16> Refs;
    if (const auto *F = dyn_cast<Function>(Holder))
      Refs = refsOfFunction(*F);
    else if (const auto *GV = dyn_cast<GlobalVariable>(Holder))
      Refs = refsOfInitializer(*GV);
    for (const Ref &R : Refs) {
      const GlobalValue *T = R.Target;
      if (isSpecial(*T) || Work.contains(T))
        continue;
      if (const auto *GV = dyn_cast<GlobalVariable>(T);
          GV && isCopyableConstant(*GV)) {
        Copy[L].insert(GV->getName());
        Work.insert(GV);
        continue;
      }
      std::optional<OptLevel> Owner = ownerOf(*T);
      if (!Owner || *Owner == L)
        continue; // a declaration, or defined here
      const auto *Callee = dyn_cast<Function>(T);
      if (Callee && copyable(*Callee, L)) {
        Copy[L].insert(Callee->getName());
        Work.insert(Callee);
        continue;
      }
      promoteIfLocal(*T);
      // Inline functions, vtables and the like may be dropped by the part
      // that defines them once it has no use left: another part's use must
      // keep them (the linker still merges them as before).
      if (T->hasLinkOnceLinkage())
        KeepAlive.insert(T->getName());
      if (Callee && R.DirectCall && offerable(*Callee, L)) {
        Offer[L].insert(Callee->getName());
        Work.insert(Callee);
      }
    }
  }
}

void Splitter::rename(GlobalValue &GV) {
  std::string New = promotedName(GV.getName());
  if (auto *F = dyn_cast<Function>(&GV))
    F->addFnAttr(NameAttribute, profileName(*F));
  GV.setName(New);
  GV.setLinkage(GlobalValue::ExternalLinkage);
  GV.setVisibility(GlobalValue::HiddenVisibility);
  GV.setDSOLocal(true);
  GV.setUnnamedAddr(GlobalValue::UnnamedAddr::None);
}

void Splitter::applyMarks(Function &F, OptLevel L) {
  if (L != OptLevel::Os && L != OptLevel::Oz)
    return;
  SmallVector<Attribute::AttrKind, 2> Kinds = {Attribute::OptimizeForSize};
  if (L == OptLevel::Oz)
    Kinds.push_back(Attribute::MinSize);
  for (Attribute::AttrKind K : Kinds) {
    if (F.hasFnAttribute(Attribute::OptimizeNone))
      continue;
    F.addFnAttr(K);
    for (Instruction &I : instructions(F))
      if (auto *Call = dyn_cast<CallBase>(&I))
        if (!isa<IntrinsicInst>(Call) && !Call->isInlineAsm())
          Call->addFnAttr(K);
  }
}

Error Splitter::buildPart(Module &M, OptLevel L) {
  const StringSet<> &Offered = Offer[L];
  const StringSet<> &Copied = Copy[L];
  bool IsBase = L == BaseLevel;
  // Internal definitions this part does not own are removed only once
  // nothing refers to them; anything still used stays as a private copy.
  SmallVector<GlobalValue *, 16> MaybeDead;

  auto Demote = [&](GlobalValue &GV) {
    if (GV.hasLocalLinkage() && !Promote.contains(GV.getName())) {
      MaybeDead.push_back(&GV);
      return;
    }
    if (Promote.contains(GV.getName()))
      rename(GV);
    if (auto *F = dyn_cast<Function>(&GV)) {
      F->deleteBody();
      F->setComdat(nullptr);
      F->setMetadata(LLVMContext::MD_section_prefix, nullptr);
      return;
    }
    auto *Var = cast<GlobalVariable>(&GV);
    bool PlainData = Var->hasInitializer() && refsOfInitializer(*Var).empty();
    if (Var->isConstant() && PlainData && !Var->isInterposable() &&
        !Var->hasComdat() && !Var->isThreadLocal()) {
      Var->setLinkage(GlobalValue::AvailableExternallyLinkage);
    } else {
      Var->setInitializer(nullptr);
      Var->setLinkage(GlobalValue::ExternalLinkage);
    }
    Var->setComdat(nullptr);
  };

  std::vector<Function *> Functions;
  for (Function &F : M)
    Functions.push_back(&F);
  for (Function *F : Functions) {
    if (F->isDeclaration() || F->hasAvailableExternallyLinkage())
      continue;
    StringRef Name = F->getName();
    auto It = Choice.Functions.find(Name.str());
    bool Owned = It != Choice.Functions.end() ? It->second.Level == L
                                              : IsBase && !F->hasLocalLinkage();
    if (It == Choice.Functions.end() && F->hasLocalLinkage()) {
      MaybeDead.push_back(F); // only this front end emits it
      applyMarks(*F, L);
      continue;
    }
    if (auto Hash = Hashes.find(Name); Hash != Hashes.end())
      F->addFnAttr(HashAttribute, utohexstr(Hash->second, /*LowerCase=*/true,
                                            /*Width=*/16));
    if (Owned) {
      const FunctionLevel &FL = It->second;
      if (FL.Hot)
        F->setSectionPrefix("hot");
      else if (FL.Never)
        F->setSectionPrefix("unlikely");
      if (Promote.contains(Name))
        rename(*F);
      keepAlive(*F);
      applyMarks(*F, L);
    } else if (Offered.contains(Name)) {
      if (Promote.contains(Name))
        rename(*F);
      F->setLinkage(GlobalValue::AvailableExternallyLinkage);
      F->setComdat(nullptr);
      F->setMetadata(LLVMContext::MD_section_prefix, nullptr);
      applyMarks(*F, L);
    } else if (Copied.contains(Name)) {
      applyMarks(*F, L);
      MaybeDead.push_back(F);
    } else {
      Demote(*F);
    }
  }

  std::vector<GlobalVariable *> Vars;
  for (GlobalVariable &GV : M.globals())
    Vars.push_back(&GV);
  for (GlobalVariable *GV : Vars) {
    StringRef Name = GV->getName();
    if (Name == "llvm.global_ctors" || Name == "llvm.global_dtors") {
      if (!IsBase)
        GV->eraseFromParent();
      continue;
    }
    if (isSpecial(*GV) || GV->isDeclaration())
      continue;
    if (Copied.contains(Name) || isCopyableConstant(*GV)) {
      MaybeDead.push_back(GV);
      continue;
    }
    auto It = VarOwner.find(Name);
    bool Owned = It != VarOwner.end() ? It->second == L : IsBase;
    if (It == VarOwner.end() && GV->hasLocalLinkage()) {
      MaybeDead.push_back(GV);
      continue;
    }
    if (Owned) {
      if (Promote.contains(Name))
        rename(*GV);
      keepAlive(*GV);
    } else {
      Demote(*GV);
    }
  }

  // Aliases and ifuncs of objects this part does not own become
  // declarations of the same name.
  std::vector<GlobalValue *> Indirect;
  for (GlobalAlias &GA : M.aliases())
    Indirect.push_back(&GA);
  for (GlobalIFunc &GI : M.ifuncs())
    Indirect.push_back(&GI);
  for (GlobalValue *GV : Indirect) {
    std::optional<OptLevel> Owner;
    if (auto *GA = dyn_cast<GlobalAlias>(GV)) {
      const GlobalObject *Aliasee = GA->getAliaseeObject();
      if (const GlobalValue *BaseAliasee =
              Aliasee ? Base.getNamedValue(Aliasee->getName()) : nullptr)
        Owner = ownerOf(*BaseAliasee);
      else
        Owner = BaseLevel;
    } else {
      Owner = BaseLevel;
    }
    if (Owner == L) {
      if (Promote.contains(GV->getName()))
        rename(*GV);
      continue;
    }
    std::string Name = GV->getName().str();
    GlobalValue *Decl;
    if (auto *FTy = dyn_cast<FunctionType>(GV->getValueType()))
      Decl = Function::Create(FTy, GlobalValue::ExternalLinkage,
                              GV->getAddressSpace(), "", &M);
    else
      Decl = new GlobalVariable(M, GV->getValueType(), /*isConstant=*/false,
                                GlobalValue::ExternalLinkage, nullptr, "");
    Decl->setVisibility(GV->getVisibility());
    GV->replaceAllUsesWith(Decl);
    GV->eraseFromParent();
    Decl->setName(Name);
    if (Promote.contains(Name))
      rename(*Decl);
  }

  if (!IsBase)
    M.setModuleInlineAsm("");

  // llvm.used and llvm.compiler.used keep what this part defines.
  for (const char *Name : {"llvm.used", "llvm.compiler.used"}) {
    GlobalVariable *Used = M.getNamedGlobal(Name);
    if (!Used || !Used->hasInitializer())
      continue;
    SmallVector<Constant *, 8> Keep;
    auto *Init = dyn_cast<ConstantArray>(Used->getInitializer());
    for (unsigned I = 0; Init && I < Init->getNumOperands(); ++I) {
      Constant *Entry = Init->getOperand(I);
      auto *GV = dyn_cast<GlobalValue>(Entry->stripPointerCasts());
      if (GV && !GV->isDeclaration() && !GV->hasAvailableExternallyLinkage())
        Keep.push_back(Entry);
    }
    ArrayType *Ty = ArrayType::get(Used->getValueType()->getArrayElementType(),
                                   Keep.size());
    Used->eraseFromParent();
    if (Keep.empty())
      continue;
    auto *NewUsed = new GlobalVariable(M, Ty, false,
                                       GlobalValue::AppendingLinkage,
                                       ConstantArray::get(Ty, Keep), Name);
    NewUsed->setSection("llvm.metadata");
  }

  // Drop unused internal definitions until nothing changes.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (GlobalValue *&GV : MaybeDead) {
      if (!GV)
        continue;
      GV->removeDeadConstantUsers();
      if (!GV->use_empty())
        continue;
      if (auto *F = dyn_cast<Function>(GV))
        F->deleteBody();
      else if (auto *Var = dyn_cast<GlobalVariable>(GV))
        Var->setInitializer(nullptr);
      GV->eraseFromParent();
      GV = nullptr;
      Changed = true;
    }
  }
  // Comdats whose members all left this part are simply unused.

  if (Options.UniqueCopyNames) {
    for (GlobalValue &GV : M.global_values()) {
      if (!GV.hasInternalLinkage() || GV.getName().empty())
        continue;
      std::string Name = GV.getName().str();
      bool Owned;
      if (isa<Function>(GV)) {
        auto It = Choice.Functions.find(Name);
        Owned = It != Choice.Functions.end() && It->second.Level == L;
      } else {
        auto It = VarOwner.find(Name);
        Owned = It != VarOwner.end() ? It->second == L : IsBase;
      }
      if (!Owned)
        GV.setName(Name + ".fluid." + Tag.str() + "." + levelName(L).str());
    }
  }

  std::string Message;
  raw_string_ostream OS(Message);
  if (verifyModule(M, &OS))
    return createStringError(inconvertibleErrorCode(),
                             "the " + levelName(L).str() +
                                 " part is not valid IR: " +
                                 StringRef(Message).trim().str());
  return Error::success();
}

} // namespace

Expected<SplitResult>
splitModule(const std::map<FrontEnd, MemoryBufferRef> &FrontEnds,
            const LevelChoice &Choice, OptLevel CommandLine, StringRef Tag,
            const SplitOptions &Options, LLVMContext &Ctx) {
  auto Load = [&](OptLevel L) -> Expected<std::unique_ptr<Module>> {
    auto It = FrontEnds.find(frontEndOf(L));
    if (It == FrontEnds.end())
      return createStringError(inconvertibleErrorCode(),
                               "no front-end output for " + levelName(L));
    return parseBitcodeFile(It->second, Ctx);
  };
  Expected<std::unique_ptr<Module>> BaseOrErr = Load(CommandLine);
  if (!BaseOrErr)
    return BaseOrErr.takeError();
  Splitter S(**BaseOrErr, Choice, CommandLine, Tag, Options);
  S.decide();

  SplitResult Result;
  for (OptLevel L : Choice.Levels) {
    Expected<std::unique_ptr<Module>> M = Load(L);
    if (!M)
      return M.takeError();
    if (Error E = S.buildPart(**M, L))
      return std::move(E);
    Result.Parts.push_back({L, std::move(*M)});
  }
  // The promoted names, from what the parts hold.
  std::set<std::pair<std::string, std::string>> Promoted;
  std::string Suffix = (".fluid." + Tag).str();
  for (const Part &P : Result.Parts)
    for (const GlobalValue &GV : P.M->global_values())
      if (GV.getName().ends_with(Suffix))
        Promoted.insert({GV.getName().str(),
                         GV.getName().drop_back(Suffix.size()).str()});
  Result.Promoted.assign(Promoted.begin(), Promoted.end());
  return Result;
}

} // namespace levels
} // namespace fluid

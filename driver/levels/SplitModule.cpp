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
#include "PartNames.h"
#include "Records.h"

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
#include "llvm/Transforms/Utils/Cloning.h"

#include <unordered_map>

using namespace llvm;

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
  Splitter(const std::map<FrontEnd, std::unique_ptr<Module>> &Views,
           const LevelChoice &Choice, OptLevel CommandLine, StringRef Tag,
           const SplitOptions &Options)
      : Views(Views), Base(*Views.at(frontEndOf(CommandLine))),
        Choice(Choice), Tag(Tag), Options(Options) {
    BaseLevel = is_contained(Choice.Levels, CommandLine) ? CommandLine
                                                         : Choice.Levels[0];
  }

  void decide();
  void placeFunctions();
  Error buildPart(Module &M, OptLevel L);

private:
  std::optional<OptLevel> ownerOf(const GlobalValue &GV) const;
  std::optional<OptLevel> ownerInPart(const GlobalValue &GV, OptLevel L) const;
  bool isPrivateCopy(const GlobalValue &GV) const;
  bool owns(const GlobalValue &GV, OptLevel L) const;
  const Module &viewOf(OptLevel L) const {
    return *Views.at(frontEndOf(L));
  }
  void walkPart(OptLevel L);
  bool offerable(const Function &F, OptLevel L) const;
  bool copyable(const Function &F, OptLevel L) const;
  void promoteIfLocal(const GlobalValue &GV) {
    if (GV.hasLocalLinkage())
      Promote.insert(GV.getName());
  }
  using DeadList = SmallVector<GlobalValue *, 16>;
  void rename(GlobalValue &GV);
  void giveAliasesBodies(Module &M, OptLevel L);
  void demote(GlobalValue &GV, DeadList &MaybeDead);
  void buildFunctions(Module &M, OptLevel L, DeadList &MaybeDead);
  void buildVariables(Module &M, OptLevel L, DeadList &MaybeDead);
  void declareIndirect(Module &M, OptLevel L);
  void nameCopies(Module &M, OptLevel L);
  void applyMarks(Function &F, OptLevel L);
  void keepAlive(GlobalValue &GV) {
    if (!KeepAlive.contains(GV.getName()))
      return;
    if (GV.hasLinkOnceODRLinkage())
      GV.setLinkage(GlobalValue::WeakODRLinkage);
    else if (GV.hasLinkOnceLinkage())
      GV.setLinkage(GlobalValue::WeakAnyLinkage);
  }

  /// Each front end's module, read only: what a part of that front end
  /// holds and refers to before it is built.
  const std::map<FrontEnd, std::unique_ptr<Module>> &Views;
  /// The command line's front end, on which the levels were chosen.
  const Module &Base;
  const LevelChoice &Choice;
  StringRef Tag;
  SplitOptions Options;
  OptLevel BaseLevel;

  StringMap<OptLevel> FunctionOwner; // placeFunctions
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
    auto It = FunctionOwner.find(GV.getName());
    if (It != FunctionOwner.end())
      return It->second;
    return GV.isDeclaration() ? std::nullopt : std::optional(BaseLevel);
  }
  if (isa<GlobalIFunc>(GV))
    return BaseLevel;
  auto It = VarOwner.find(GV.getName());
  if (It != VarOwner.end())
    return It->second;
  return std::nullopt; // a declaration, or a copyable constant
}

/// The owner of \p GV, a global of part \p L's front end, found by name in
/// the command line's front end. The front ends do not emit quite the same
/// globals: -O0's emits the base-object destructor of a class whose own
/// destructor does nothing (D2) where the others use the base class's in its
/// place, and the complete-object variants (C1, D1) as functions where the
/// others make them aliases. A definition the command line's front end does
/// not have is this part's own: a discardable one keeps its comdat, so any
/// copy elsewhere (another part of the same front end, another object) is
/// merged with it by the linker; an internal one is a private copy.
std::optional<OptLevel> Splitter::ownerInPart(const GlobalValue &GV,
                                              OptLevel L) const {
  if (GV.getParent() == &Base)
    return ownerOf(GV);
  const GlobalValue *InBase =
      GV.hasName() ? Base.getNamedValue(GV.getName()) : nullptr;
  if (InBase && !InBase->isDeclaration())
    return ownerOf(*InBase);
  if (GV.isDeclaration())
    return std::nullopt;
  return L;
}

/// An internal function or variable the command line's front end gives no
/// owner: only this part's front end emits it, or it is a copyable constant.
/// Each part that still uses it keeps a copy of its own.
bool Splitter::isPrivateCopy(const GlobalValue &GV) const {
  if (!GV.hasLocalLinkage())
    return false;
  if (isa<Function>(GV))
    return !FunctionOwner.count(GV.getName());
  if (isa<GlobalVariable>(GV))
    return !VarOwner.count(GV.getName());
  return false; // aliases and ifuncs follow what they name
}

/// Whether part \p L holds the one definition of \p GV, a global of its
/// own front end: the question buildPart asks of every definition. A private
/// copy is no part's, except that the base part's copy of a variable counts
/// as its own (it keeps its name under -S; the other parts' are renamed).
bool Splitter::owns(const GlobalValue &GV, OptLevel L) const {
  if (isPrivateCopy(GV))
    return isa<GlobalVariable>(GV) && L == BaseLevel;
  return ownerInPart(GV, L) == L;
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
  std::optional<OptLevel> Own = ownerInPart(F, L);
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
  std::optional<OptLevel> Own = ownerInPart(F, L);
  return !Own || speedRank(L) >= speedRank(*Own);
}

/// Each planned function's part: its level's, unless that level's front end
/// does not emit it. The -O0 front end leaves the members of an `extern
/// template` class (std::string's) to the library, so it has neither their
/// bodies nor the inline functions only those bodies call
/// (char_traits<char>::copy), which the other front ends emit for their
/// available_externally copies. Such a function (with the rest of its
/// comdat) goes to the part of the nearest level in speed whose front end
/// emits it; when no part's does, no part can refer to it either.
void Splitter::placeFunctions() {
  std::map<const Comdat *, std::vector<const Function *>> Members;
  for (const Function &F : Base)
    if (const Comdat *CD = F.getComdat(); CD && Choice.Functions.count(
                                              F.getName().str()))
      Members[CD].push_back(&F);
  auto Emits = [&](OptLevel L, const Function &F) {
    const Function *InView = viewOf(L).getFunction(F.getName());
    return InView && !InView->isDeclaration() &&
           !InView->hasAvailableExternallyLinkage();
  };
  for (const auto &[Name, FL] : Choice.Functions) {
    const Function *F = Base.getFunction(Name);
    OptLevel Level = FL.Level;
    SmallVector<const Function *, 4> Group = {F};
    if (const Comdat *CD = F ? F->getComdat() : nullptr)
      Group.assign(Members[CD].begin(), Members[CD].end());
    auto EmitsAll = [&](OptLevel L) {
      return all_of(Group, [&](const Function *M) { return Emits(L, *M); });
    };
    if (F && !EmitsAll(Level)) {
      std::optional<OptLevel> Nearest;
      for (OptLevel L : Choice.Levels)
        if (EmitsAll(L) &&
            (!Nearest || std::abs(speedRank(L) - speedRank(Level)) <
                             std::abs(speedRank(*Nearest) - speedRank(Level))))
          Nearest = L;
      if (Nearest)
        Level = *Nearest;
    }
    FunctionOwner[Name] = Level;
  }
}

void Splitter::decide() {
  placeFunctions();
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
    if (const GlobalVariable *Table = viewOf(BaseLevel).getNamedGlobal(Name))
      for (const Ref &R : refsOfInitializer(*Table))
        if (ownerInPart(*R.Target, BaseLevel) != BaseLevel) {
          promoteIfLocal(*R.Target);
          if (R.Target->hasLinkOnceLinkage())
            KeepAlive.insert(R.Target->getName());
        }
}

/// Everything part L holds, found from its own functions and variables as
/// its own front end emits them: bodies offered or copied into it, and
/// symbols it uses that another part owns (internal ones must be promoted,
/// discardable ones kept alive).
void Splitter::walkPart(OptLevel L) {
  const Module &View = viewOf(L);
  SetVector<const GlobalValue *> Work;
  for (const Function &F : View)
    if (!F.isDeclaration() && !F.hasAvailableExternallyLinkage() &&
        ownerInPart(F, L) == L)
      Work.insert(&F);
  // Bodies the front end already offers (C++ extern templates, gnu_inline;
  // at -O0 only always_inline ones, such as std::string's
  // _M_use_local_data) stay in the part, with what they call.
  for (const Function &F : View)
    if (F.hasAvailableExternallyLinkage())
      Work.insert(&F);
  for (const GlobalVariable &GV : View.globals())
    if (!isSpecial(GV) && !GV.isDeclaration() && ownerInPart(GV, L) == L)
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
      std::optional<OptLevel> Owner = ownerInPart(*T, L);
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
  std::string New = promotedName(GV.getName(), Tag);
  if (auto *F = dyn_cast<Function>(&GV))
    // A promoted function keeps the profile name of the internal function
    // it was (the attribute fluid-instrument names a record by: Records.h).
    F->addFnAttr(fluid::NameAttribute, profileName(*F));
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

/// An alias this part owns whose target another part owns: the command
/// line's front end made it a function of its own (-O0 emits the C1 and D1
/// variants as functions, the other front ends alias them to C2 and D2),
/// planned on its own. It becomes a function with its target's body, which
/// the front end aliased because the two are the same code.
void Splitter::giveAliasesBodies(Module &M, OptLevel L) {
  std::vector<GlobalAlias *> Aliases;
  for (GlobalAlias &GA : M.aliases())
    Aliases.push_back(&GA);
  for (GlobalAlias *GA : Aliases) {
    auto *Target = dyn_cast_or_null<Function>(GA->getAliaseeObject());
    if (!Target || GA->getAliasee() != Target || Target->isDeclaration() ||
        ownerInPart(*GA, L) != L || ownerInPart(*Target, L) == L)
      continue;
    ValueToValueMapTy Map;
    Function *Body = CloneFunction(Target, Map);
    Body->setLinkage(GA->getLinkage());
    Body->setVisibility(GA->getVisibility());
    Body->setDSOLocal(GA->isDSOLocal());
    Body->setUnnamedAddr(GA->getUnnamedAddr());
    Body->setComdat(nullptr);
    std::string Name = GA->getName().str();
    if (Body->isDiscardableIfUnused())
      Body->setComdat(M.getOrInsertComdat(Name));
    GA->replaceAllUsesWith(Body);
    GA->eraseFromParent();
    Body->setName(Name);
  }
}

/// \p GV, a definition part \p L neither owns, is offered nor copies,
/// becomes a reference to its owner's: an internal one that is not shared is
/// left for dropUnreachable (a private copy while still used), anything else
/// becomes a declaration (plain constant data stays available_externally).
void Splitter::demote(GlobalValue &GV, DeadList &MaybeDead) {
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
  // Its debug information is its owner's: here it would give the variable
  // a location, a reference its owner need not satisfy (a static local
  // of an inline function that only debug information uses, which the
  // owner's optimizer drops).
  Var->eraseMetadata(LLVMContext::MD_dbg);
}

/// Part \p L's functions: its own keep their bodies (with the plan's section
/// prefix and the level's marks), offered ones become available_externally,
/// copies stay internal while used, every other one is demoted.
void Splitter::buildFunctions(Module &M, OptLevel L, DeadList &MaybeDead) {
  std::vector<Function *> Functions;
  for (Function &F : M)
    Functions.push_back(&F);
  for (Function *F : Functions) {
    if (F->isDeclaration() || F->hasAvailableExternallyLinkage())
      continue;
    StringRef Name = F->getName();
    if (isPrivateCopy(*F)) {
      MaybeDead.push_back(F); // only this front end emits it
      applyMarks(*F, L);
      continue;
    }
    if (auto Hash = Hashes.find(Name); Hash != Hashes.end())
      F->addFnAttr(HashAttribute, utohexstr(Hash->second, /*LowerCase=*/true,
                                            /*Width=*/16));
    // Not chosen on the command line's front end: an alias there, or only
    // this front end's (ownerInPart).
    if (owns(*F, L)) {
      auto It = Choice.Functions.find(Name.str());
      if (It != Choice.Functions.end() && It->second.Hot)
        F->setSectionPrefix("hot");
      else if (It != Choice.Functions.end() && It->second.Never)
        F->setSectionPrefix("unlikely");
      if (Promote.contains(Name))
        rename(*F);
      keepAlive(*F);
      applyMarks(*F, L);
    } else if (Offer[L].contains(Name)) {
      if (Promote.contains(Name))
        rename(*F);
      F->setLinkage(GlobalValue::AvailableExternallyLinkage);
      F->setComdat(nullptr);
      F->setMetadata(LLVMContext::MD_section_prefix, nullptr);
      applyMarks(*F, L);
    } else if (Copy[L].contains(Name)) {
      applyMarks(*F, L);
      MaybeDead.push_back(F);
    } else {
      demote(*F, MaybeDead);
    }
  }
}

/// Part \p L's global variables: the constructor and destructor tables stay
/// in the base part only, copies stay internal while used, its own keep
/// their definitions, every other one is demoted.
void Splitter::buildVariables(Module &M, OptLevel L, DeadList &MaybeDead) {
  std::vector<GlobalVariable *> Vars;
  for (GlobalVariable &GV : M.globals())
    Vars.push_back(&GV);
  for (GlobalVariable *GV : Vars) {
    StringRef Name = GV->getName();
    if (Name == "llvm.global_ctors" || Name == "llvm.global_dtors") {
      if (L != BaseLevel)
        GV->eraseFromParent();
      continue;
    }
    if (isSpecial(*GV) || GV->isDeclaration())
      continue;
    if (Copy[L].contains(Name) || isCopyableConstant(*GV) ||
        isPrivateCopy(*GV)) {
      MaybeDead.push_back(GV);
      continue;
    }
    if (owns(*GV, L)) {
      if (Promote.contains(Name))
        rename(*GV);
      keepAlive(*GV);
    } else {
      demote(*GV, MaybeDead);
    }
  }
}

/// Aliases and ifuncs of objects part \p L does not own become declarations
/// of the same name.
void Splitter::declareIndirect(Module &M, OptLevel L) {
  std::vector<GlobalValue *> Indirect;
  for (GlobalAlias &GA : M.aliases())
    Indirect.push_back(&GA);
  for (GlobalIFunc &GI : M.ifuncs())
    Indirect.push_back(&GI);
  for (GlobalValue *GV : Indirect) {
    // By the alias's own name: the command line's front end may make it a
    // function of its own (-O0 does not alias C1 to C2).
    if (owns(*GV, L)) {
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
}

/// llvm.used and llvm.compiler.used keep what this part defines.
void keepUsedDefinitions(Module &M) {
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
}

/// Internal symbols part \p L holds but does not own get names of their own
/// (copyName), so the parts' assembly can share one file.
void Splitter::nameCopies(Module &M, OptLevel L) {
  for (GlobalValue &GV : M.global_values())
    if (GV.hasInternalLinkage() && !GV.getName().empty() && !owns(GV, L))
      GV.setName(copyName(GV.getName(), Tag, L));
}

Error verifyPart(const Module &M, OptLevel L) {
  std::string Message;
  raw_string_ostream OS(Message);
  if (verifyModule(M, &OS))
    return createStringError(inconvertibleErrorCode(),
                             "the " + levelName(L).str() +
                                 " part is not valid IR: " +
                                 StringRef(Message).trim().str());
  return Error::success();
}

/// Part \p L, from a fresh parse of its level's front end, by the decisions
/// decide() made.
Error Splitter::buildPart(Module &M, OptLevel L) {
  // Internal definitions this part does not own are removed only once
  // nothing refers to them; anything still used stays as a private copy.
  DeadList MaybeDead;
  giveAliasesBodies(M, L);
  buildFunctions(M, L, MaybeDead);
  buildVariables(M, L, MaybeDead);
  declareIndirect(M, L);
  if (L != BaseLevel)
    M.setModuleInlineAsm("");
  keepUsedDefinitions(M);
  dropUnreachable(MaybeDead);
  // Comdats whose members all left this part are simply unused.
  if (Options.UniqueCopyNames)
    nameCopies(M, L);
  return verifyPart(M, L);
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
  // Each front end read once more, untouched, for the decisions: a part
  // refers to what its own front end emits.
  std::map<FrontEnd, std::unique_ptr<Module>> Views;
  SmallVector<OptLevel, 8> Levels(Choice.Levels.begin(), Choice.Levels.end());
  Levels.push_back(CommandLine);
  for (OptLevel L : Levels) {
    if (Views.count(frontEndOf(L)))
      continue;
    Expected<std::unique_ptr<Module>> View = Load(L);
    if (!View)
      return View.takeError();
    Views[frontEndOf(L)] = std::move(*View);
  }
  Splitter S(Views, Choice, CommandLine, Tag, Options);
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
  for (const Part &P : Result.Parts)
    for (const GlobalValue &GV : P.M->global_values())
      if (std::optional<StringRef> Own = ownNameOf(GV.getName(), Tag))
        Promoted.insert({GV.getName().str(), Own->str()});
  Result.Promoted.assign(Promoted.begin(), Promoted.end());
  return Result;
}

} // namespace levels
} // namespace fluid

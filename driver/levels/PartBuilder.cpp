//===- PartBuilder.cpp - One part of the level split, built --------------===//
//
// See PartBuilder.h. Internal definitions a part does not own are removed
// only once nothing refers to them (ModuleRefs' dropUnreachable): anything
// still used stays as a private copy.
//
//===----------------------------------------------------------------------===//

#include "PartBuilder.h"
#include "HashPass.h"
#include "ModuleRefs.h"
#include "PartNames.h"
#include "SymbolLinkage.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalAlias.h"
#include "llvm/IR/GlobalIFunc.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/Cloning.h"

#include <vector>

using namespace llvm;

namespace fluid {
namespace levels {
namespace {

/// The Os and Oz parts' marks, which their (O2) front end does not set.
void applyMarks(Function &F, OptLevel L) {
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

} // namespace

PartBuilder::PartBuilder(const Ownership &Owners,
                         const PartContents &Contents, StringRef Tag,
                         const SplitOptions &Options)
    : Owners(Owners), Contents(Contents), Tag(Tag), Options(Options) {
  for (const Function &F : Owners.base())
    if (!F.isDeclaration())
      Hashes[F.getName()] = computeStructuralHash(F);
}

void PartBuilder::promoteIfShared(GlobalValue &GV) const {
  if (Contents.isPromoted(GV.getName()))
    promote(GV, Tag);
}

/// An alias this part owns whose target another part owns: the command
/// line's front end made it a function of its own (-O0 emits the C1 and D1
/// variants as functions, the other front ends alias them to C2 and D2),
/// planned on its own. It becomes a function with its target's body, which
/// the front end aliased because the two are the same code.
void PartBuilder::giveAliasesBodies(Module &M, OptLevel L) const {
  std::vector<GlobalAlias *> Aliases;
  for (GlobalAlias &GA : M.aliases())
    Aliases.push_back(&GA);
  for (GlobalAlias *GA : Aliases) {
    auto *Target = dyn_cast_or_null<Function>(GA->getAliaseeObject());
    if (!Target || GA->getAliasee() != Target || Target->isDeclaration() ||
        Owners.ownerInPart(*GA, L) != L || Owners.ownerInPart(*Target, L) == L)
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
/// refers to its owner's: an internal one that is not shared is left for
/// dropUnreachable (a private copy while still used), anything else becomes
/// a reference (SymbolLinkage.h), under its promoted name when shared.
void PartBuilder::referToOwner(GlobalValue &GV, DeadList &MaybeDead) const {
  if (GV.hasLocalLinkage() && !Contents.isPromoted(GV.getName())) {
    MaybeDead.push_back(&GV);
    return;
  }
  promoteIfShared(GV);
  makeReference(GV);
}

/// A function part \p L owns: with the plan's section prefix, kept for
/// other parts that use it, with the level's marks.
void PartBuilder::keepOwn(Function &F, OptLevel L) const {
  const LevelChoice &Choice = Owners.choice();
  auto It = Choice.Functions.find(F.getName().str());
  if (It != Choice.Functions.end() && It->second.Hot)
    F.setSectionPrefix("hot");
  else if (It != Choice.Functions.end() && It->second.Never)
    F.setSectionPrefix("unlikely");
  if (Contents.isKeptAlive(F.getName()))
    keepAlive(F);
  promoteIfShared(F);
  applyMarks(F, L);
}

/// Part \p L's functions: its own keep their bodies, offered ones become
/// available_externally, copies stay internal while used, every other one
/// refers to its owner's.
void PartBuilder::buildFunctions(Module &M, OptLevel L,
                                 DeadList &MaybeDead) const {
  std::vector<Function *> Functions;
  for (Function &F : M)
    Functions.push_back(&F);
  for (Function *F : Functions) {
    if (F->isDeclaration() || F->hasAvailableExternallyLinkage())
      continue;
    StringRef Name = F->getName();
    if (Owners.isPrivateCopy(*F)) {
      MaybeDead.push_back(F); // only this front end emits it
      applyMarks(*F, L);
      continue;
    }
    if (auto Hash = Hashes.find(Name); Hash != Hashes.end())
      F->addFnAttr(HashAttribute, utohexstr(Hash->second, /*LowerCase=*/true,
                                            /*Width=*/16));
    // Not chosen on the command line's front end: an alias there, or only
    // this front end's (ownerInPart).
    if (Owners.owns(*F, L)) {
      keepOwn(*F, L);
    } else if (Contents.isOffered(L, Name)) {
      promoteIfShared(*F);
      offerBody(*F);
      applyMarks(*F, L);
    } else if (Contents.isCopied(L, Name)) {
      applyMarks(*F, L);
      MaybeDead.push_back(F);
    } else {
      referToOwner(*F, MaybeDead);
    }
  }
}

/// Part \p L's global variables: the constructor and destructor tables stay
/// in the base part only, copies stay internal while used, its own keep
/// their definitions, every other one refers to its owner's.
void PartBuilder::buildVariables(Module &M, OptLevel L,
                                 DeadList &MaybeDead) const {
  std::vector<GlobalVariable *> Vars;
  for (GlobalVariable &GV : M.globals())
    Vars.push_back(&GV);
  for (GlobalVariable *GV : Vars) {
    StringRef Name = GV->getName();
    if (Name == "llvm.global_ctors" || Name == "llvm.global_dtors") {
      if (L != Owners.baseLevel())
        GV->eraseFromParent();
      continue;
    }
    if (isSpecial(*GV) || GV->isDeclaration())
      continue;
    if (Contents.isCopied(L, Name) || isCopyableConstant(*GV) ||
        Owners.isPrivateCopy(*GV)) {
      MaybeDead.push_back(GV);
      continue;
    }
    if (Owners.owns(*GV, L)) {
      if (Contents.isKeptAlive(Name))
        keepAlive(*GV);
      promoteIfShared(*GV);
    } else {
      referToOwner(*GV, MaybeDead);
    }
  }
}

/// Aliases and ifuncs of objects part \p L does not own become declarations
/// of the same name.
void PartBuilder::declareIndirect(Module &M, OptLevel L) const {
  std::vector<GlobalValue *> Indirect;
  for (GlobalAlias &GA : M.aliases())
    Indirect.push_back(&GA);
  for (GlobalIFunc &GI : M.ifuncs())
    Indirect.push_back(&GI);
  for (GlobalValue *GV : Indirect) {
    // By the alias's own name: the command line's front end may make it a
    // function of its own (-O0 does not alias C1 to C2).
    if (Owners.owns(*GV, L)) {
      promoteIfShared(*GV);
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
    promoteIfShared(*Decl);
  }
}

/// Internal symbols part \p L holds but does not own get names of their own
/// (copyName), so the parts' assembly can share one file.
void PartBuilder::nameCopies(Module &M, OptLevel L) const {
  for (GlobalValue &GV : M.global_values())
    if (GV.hasInternalLinkage() && !GV.getName().empty() && !Owners.owns(GV, L))
      GV.setName(copyName(GV.getName(), Tag, L));
}

Error PartBuilder::build(Module &M, OptLevel L) const {
  DeadList MaybeDead;
  giveAliasesBodies(M, L);
  buildFunctions(M, L, MaybeDead);
  buildVariables(M, L, MaybeDead);
  declareIndirect(M, L);
  if (L != Owners.baseLevel())
    M.setModuleInlineAsm("");
  keepUsedDefinitions(M);
  dropUnreachable(MaybeDead);
  // Comdats whose members all left this part are simply unused.
  if (Options.UniqueCopyNames)
    nameCopies(M, L);
  return verifyPart(M, L);
}

} // namespace levels
} // namespace fluid

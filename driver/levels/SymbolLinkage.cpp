//===- SymbolLinkage.cpp - The linkage changes a part makes --------------===//
//
// See SymbolLinkage.h.
//
//===----------------------------------------------------------------------===//

#include "SymbolLinkage.h"
#include "ModuleRefs.h"
#include "PartNames.h"
#include "Records.h"
#include "SplitModule.h"

#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/LLVMContext.h"

using namespace llvm;

namespace fluid {
namespace levels {

void promote(GlobalValue &GV, StringRef Tag) {
  std::string New = promotedName(GV.getName(), Tag);
  if (auto *F = dyn_cast<Function>(&GV))
    // The attribute fluid-instrument names a record by (Records.h).
    F->addFnAttr(fluid::NameAttribute, profileName(*F));
  GV.setName(New);
  GV.setLinkage(GlobalValue::ExternalLinkage);
  GV.setVisibility(GlobalValue::HiddenVisibility);
  GV.setDSOLocal(true);
  GV.setUnnamedAddr(GlobalValue::UnnamedAddr::None);
}

void keepAlive(GlobalValue &GV) {
  if (GV.hasLinkOnceODRLinkage())
    GV.setLinkage(GlobalValue::WeakODRLinkage);
  else if (GV.hasLinkOnceLinkage())
    GV.setLinkage(GlobalValue::WeakAnyLinkage);
}

void offerBody(Function &F) {
  F.setLinkage(GlobalValue::AvailableExternallyLinkage);
  F.setComdat(nullptr);
  F.setMetadata(LLVMContext::MD_section_prefix, nullptr);
}

void makeReference(GlobalValue &GV) {
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

} // namespace levels
} // namespace fluid

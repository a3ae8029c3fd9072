//===- Records.cpp - Per-function records: where, which, what names ------===//
//
// See Records.h.
//
//===----------------------------------------------------------------------===//

#include "Records.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Metadata.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace fluid {

GlobalVariable *recordOf(const Function &F) {
  MDNode *Link = F.getMetadata(RecordMetadata);
  auto *VM = Link ? dyn_cast<ValueAsMetadata>(Link->getOperand(0)) : nullptr;
  return VM ? dyn_cast<GlobalVariable>(VM->getValue()) : nullptr;
}

bool isUntimedRecord(const GlobalVariable &Record) {
  if (!Record.hasInitializer())
    return false;
  auto *Mark = dyn_cast_or_null<ConstantInt>(
      Record.getInitializer()->getAggregateElement(EdgeOffsetField));
  return Mark && Mark->getZExtValue() == UntimedMark;
}

void markUntimed(GlobalVariable &Record) {
  auto *Init = cast<ConstantStruct>(Record.getInitializer());
  SmallVector<Constant *, 10> Fields;
  for (Use &Field : Init->operands())
    Fields.push_back(cast<Constant>(Field.get()));
  Fields[EdgeOffsetField] =
      ConstantInt::get(Type::getInt32Ty(Record.getContext()), UntimedMark);
  Record.setInitializer(ConstantStruct::get(Init->getType(), Fields));
}

void emitCallCount(IRBuilder<> &B, GlobalVariable &Record, bool Atomic,
                   Value *N) {
  Type *Int64 = B.getInt64Ty();
  if (!N)
    N = ConstantInt::get(Int64, 1);
  if (Atomic)
    B.CreateAtomicRMW(AtomicRMWInst::Add, &Record, N, MaybeAlign(8),
                      AtomicOrdering::Monotonic);
  else
    B.CreateAlignedStore(
        B.CreateAdd(B.CreateAlignedLoad(Int64, &Record, Align(8)), N),
        &Record, Align(8));
}

GlobalVariable *countedRecord(Instruction &I) {
  auto *RMW = dyn_cast<AtomicRMWInst>(&I);
  if (!RMW || RMW->getOperation() != AtomicRMWInst::Add || RMW->isVolatile() ||
      RMW->getOrdering() != AtomicOrdering::Monotonic || !RMW->use_empty() ||
      !RMW->getType()->isIntegerTy(64))
    return nullptr;
  auto *Record =
      dyn_cast<GlobalVariable>(RMW->getPointerOperand()->stripPointerCasts());
  if (!Record || Record->getSection() != RecordSection)
    return nullptr;
  return Record;
}

/// Internal functions are qualified by their file name as clang's PGO names
/// them ("file.c:helper", directory dropped so the name does not depend on
/// where the build ran); the record's file field keeps the path.
std::string qualifiedName(const Function &F) {
  // fluid-cc --fluid-profile gives an internal function that several of its
  // parts use a hidden global name; the record keeps the function's own.
  Attribute Given = F.getFnAttribute(NameAttribute);
  if (Given.isStringAttribute())
    return Given.getValueAsString().str();
  if (F.hasLocalLinkage())
    return (sys::path::filename(F.getParent()->getSourceFileName()) + ":" + F.getName())
        .str();
  return F.getName().str();
}

std::string recordNames(StringRef Name, StringRef Level, StringRef File) {
  std::string Names = Name.str();
  Names.push_back('\0');
  if (!Level.empty()) {
    Names.push_back(LevelMark);
    Names += Level;
    Names.push_back('\0');
  }
  Names += File;
  Names.push_back('\0');
  return Names;
}

/// The record's file field: the source path as the compiler was given it,
/// made relative to the directory the compiler ran in when absolute, so a
/// profile names `src/main.c` or `../kernel/main.c`, never the machine's own
/// directories, and two checkouts of one tree give identical profiles.
std::string sourcePath(const Module &M) {
  StringRef Given = M.getSourceFileName();
  SmallString<256> Cwd;
  if (!sys::path::is_absolute(Given) || sys::fs::current_path(Cwd))
    return Given.str();
  SmallString<256> Path(Given);
  sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  sys::path::remove_dots(Cwd, /*remove_dot_dot=*/true);
  // Walk the common prefix component by component, then climb out of the
  // rest of the working directory.
  auto PathIt = sys::path::begin(Path), PathEnd = sys::path::end(Path);
  auto CwdIt = sys::path::begin(Cwd), CwdEnd = sys::path::end(Cwd);
  while (PathIt != PathEnd && CwdIt != CwdEnd && *PathIt == *CwdIt) {
    ++PathIt;
    ++CwdIt;
  }
  SmallString<256> Relative;
  for (; CwdIt != CwdEnd; ++CwdIt)
    sys::path::append(Relative, "..");
  for (; PathIt != PathEnd; ++PathIt)
    sys::path::append(Relative, *PathIt);
  return std::string(Relative.str());
}

} // namespace fluid

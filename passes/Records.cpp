//===- Records.cpp - Per-function records: where, which, what names ------===//
//
// See Records.h.
//
//===----------------------------------------------------------------------===//

#include "Records.h"
#include "HashPass.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Metadata.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

// The IR fields below follow struct fluid_record in order.
static_assert(sizeof(struct fluid_counters) == 5 * sizeof(uint64_t) &&
                  offsetof(struct fluid_record, hash) ==
                      sizeof(struct fluid_counters) &&
                  offsetof(struct fluid_record, names) ==
                      offsetof(struct fluid_record, hash) + sizeof(uint64_t) &&
                  offsetof(struct fluid_record, last_edge_offset) ==
                      offsetof(struct fluid_record, names) + sizeof(void *) &&
                  offsetof(struct fluid_record, active) ==
                      offsetof(struct fluid_record, last_edge_offset) + 4,
              "passes/Records.cpp's record fields differ from fluid_rt.h's");
static_assert(alignof(struct fluid_record) == fluid::RecordSize,
              "a record is aligned to its size");

static const char RecordPrefix[] = "__fluid_rec.";
static const char NamesPrefix[] = "__fluid_names.";
static const char NoteSection[] = ".note.fluid";
static const char NoteName[] = "__fluid_note";
// The linker's bounds of the record section.
static const char SectionStart[] = "__start_" FLUID_RECORD_SECTION;
static const char SectionStop[] = "__stop_" FLUID_RECORD_SECTION;

/// struct fluid_record on M's target: the runtime writes the last two words,
/// so the record must fill its 64 bytes (a 32-bit pointer leaves 4 bytes to
/// pad).
static StructType *recordType(const Module &M) {
  LLVMContext &Ctx = M.getContext();
  Type *Int64 = Type::getInt64Ty(Ctx), *Int32 = Type::getInt32Ty(Ctx);
  SmallVector<Type *, 10> Fields = {Int64, Int64, Int64,
                                    Int64, Int64, Int64,
                                    PointerType::get(Ctx, 0), Int32, Int32};
  uint64_t Used =
      M.getDataLayout().getTypeAllocSize(StructType::get(Ctx, Fields));
  assert(Used <= fluid::RecordSize && "record larger than the runtime's");
  if (Used < fluid::RecordSize)
    Fields.push_back(
        ArrayType::get(Type::getInt8Ty(Ctx), fluid::RecordSize - Used));
  return StructType::get(Ctx, Fields);
}

/// The record's names field, a constant string beside it.
static GlobalVariable *createNames(Function &F, StringRef Level,
                                   Comdat *Group) {
  Module &M = *F.getParent();
  Constant *Init = ConstantDataArray::getString(
      M.getContext(),
      fluid::recordNames(fluid::qualifiedName(F), Level, fluid::sourcePath(M)),
      /*AddNull=*/false);
  auto *Names = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                   GlobalValue::PrivateLinkage, Init,
                                   NamesPrefix + F.getName());
  Names->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  Names->setAlignment(Align(1));
  if (Group)
    Names->setComdat(Group);
  return Names;
}

namespace fluid {

GlobalVariable *createRecord(Function &F, StringRef Level, bool Timed) {
  // Records of inline (comdat) functions share the function's comdat, so the
  // linker keeps exactly one record per kept body.
  Comdat *Group = F.hasComdat() ? F.getComdat() : nullptr;
  Module &M = *F.getParent();
  StructType *RecordTy = recordType(M);
  Type *Int64 = Type::getInt64Ty(M.getContext());
  Type *Int32 = Type::getInt32Ty(M.getContext());
  Constant *Zero = ConstantInt::get(Int64, 0);
  SmallVector<Constant *, 10> Init = {
      Zero,
      Zero,
      Zero,
      ConstantInt::get(Int64, UINT64_MAX),
      Zero,
      ConstantInt::get(Int64, functionHash(F)),
      createNames(F, Level, Group),
      ConstantInt::get(Int32, Timed ? 0 : UntimedMark),
      ConstantInt::get(Int32, 0)};
  if (RecordTy->getNumElements() > Init.size())
    Init.push_back(Constant::getNullValue(RecordTy->elements().back()));
  auto *Record = new GlobalVariable(
      M, RecordTy, /*isConstant=*/false,
      Group ? GlobalValue::LinkOnceODRLinkage : GlobalValue::PrivateLinkage,
      ConstantStruct::get(RecordTy, Init), RecordPrefix + F.getName());
  Record->setSection(RecordSection);
  Record->setAlignment(Align(RecordSize));
  if (Group) {
    Record->setComdat(Group);
    Record->setVisibility(GlobalValue::HiddenVisibility);
  }
  return Record;
}

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

void emitRecordsNote(Module &M) {
  if (M.getNamedGlobal(NoteName))
    return;
  LLVMContext &Ctx = M.getContext();
  Type *Int32 = Type::getInt32Ty(Ctx), *Int64 = Type::getInt64Ty(Ctx);
  auto *ByteTy = Type::getInt8Ty(Ctx);
  auto DeclareBound = [&](const char *Name) {
    auto *Bound = M.getNamedGlobal(Name);
    if (!Bound)
      Bound = new GlobalVariable(M, ByteTy, false,
                                 GlobalValue::ExternalWeakLinkage, nullptr,
                                 Name);
    Bound->setVisibility(GlobalValue::HiddenVisibility);
    return Bound;
  };
  GlobalVariable *Start = DeclareBound(SectionStart);
  GlobalVariable *Stop = DeclareBound(SectionStop);

  auto *NameTy = ArrayType::get(ByteTy, 8);
  auto *NoteTy =
      StructType::get(Ctx, {Int32, Int32, Int32, NameTy, Int32, Int32});
  auto *Note = new GlobalVariable(M, NoteTy, /*isConstant=*/true,
                                  GlobalValue::PrivateLinkage, nullptr,
                                  NoteName);
  auto Relative = [&](GlobalVariable *Target, unsigned Field) {
    Constant *FieldAddr = ConstantExpr::getInBoundsGetElementPtr(
        NoteTy, Note,
        ArrayRef<Constant *>{ConstantInt::get(Int32, 0),
                             ConstantInt::get(Int32, Field)});
    Constant *Diff = ConstantExpr::getSub(
        ConstantExpr::getPtrToInt(Target, Int64),
        ConstantExpr::getPtrToInt(FieldAddr, Int64));
    return ConstantExpr::getTrunc(Diff, Int32);
  };
  Note->setInitializer(ConstantStruct::get(
      NoteTy, {ConstantInt::get(Int32, 6), ConstantInt::get(Int32, 8),
               ConstantInt::get(Int32, NoteType),
               ConstantDataArray::getString(Ctx, StringRef("Fluid\0\0", 7),
                                            /*AddNull=*/true),
               Relative(Start, 4), Relative(Stop, 5)}));
  Note->setSection(NoteSection);
  Note->setAlignment(Align(4));
  appendToCompilerUsed(M, {Note});
}

} // namespace fluid

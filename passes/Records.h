//===- Records.h - Per-function records: layout, names, marks --*- C++ -*-===//
//
// Everything the passes know about a function's record is here. The layout
// is runtime/fluid_rt.h's struct fluid_record, its one definition (this
// header takes its section, marks and size from it):
//   { i64 calls, i64 self, i64 total, i64 min, i64 max, i64 hash,
//     ptr names, i32 last_edge_offset, i32 active [, padding to 64 bytes] },
//   aligned to 64 bytes.
// fluid-instrument gives each function a record (createRecord) in the
// section `fluid_records` and links the function to it with
// `!fluid.record`; a record whose last_edge_offset is
// FLUID_RECORD_UNTIMED belongs to an untimed function (it only counts its
// calls).
// Its names field is "<qualified name>\0\x01<level>\0<source file>\0": the
// name the profile, fluid-prof and fluid-cc know the function by, the
// optimization level of the pipeline that instrumented it (O0 .. Oz), and
// its source; "<qualified name>\0<source file>\0" when the level is unknown
// (runtime/fluid_rt.h says why the level is marked).
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_PASSES_RECORDS_H
#define FLUID_PASSES_RECORDS_H

#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

#include "fluid_rt.h"

#include <cstdint>
#include <string>

namespace fluid {

inline constexpr char RecordSection[] = FLUID_RECORD_SECTION;
/// A record's size and alignment: 64 bytes on every target, so the section
/// is an array.
inline constexpr unsigned RecordSize = sizeof(struct fluid_record);
/// Links an instrumented function to its record, so the link survives
/// renames (LTO promotion suffixes, function merging) that a name lookup
/// would not.
inline constexpr char RecordMetadata[] = "fluid.record";
/// The record's last_edge_offset field, and its value for a function that
/// only counts its calls (FLUID_RECORD_UNTIMED): no hook ever writes it.
inline constexpr unsigned EdgeOffsetField = 7;
inline constexpr uint32_t UntimedMark = FLUID_RECORD_UNTIMED;
/// Marks the level in a record's names (FLUID_LEVEL_MARK): a byte no source
/// path starts with.
inline constexpr char LevelMark = FLUID_LEVEL_MARK;

/// The attribute fluid-cc's level split (driver/levels) gives an internal
/// function it promotes to a hidden global: the profile name it had, which
/// its record keeps.
inline constexpr char NameAttribute[] = "fluid-name";
/// The type of the ELF note that points the hosted runtime at an object's
/// records: 'F','L','U','D' read as a little-endian word (FLUID_NOTE_TYPE).
inline constexpr uint32_t NoteType = FLUID_NOTE_TYPE;

/// A new record for F, zeroed but for its hash, names (the profile name,
/// \p Level when known, the source file) and the untimed mark when not
/// \p Timed; private to the object, or in F's comdat (one record per body
/// the linker keeps). It is not yet linked to F (`!fluid.record`).
llvm::GlobalVariable *createRecord(llvm::Function &F, llvm::StringRef Level,
                                   bool Timed);

/// M's one ELF note (`.note.fluid`, type NoteType) pointing at its records:
/// {namesz, descsz, type, "Fluid\0\0\0", start - &field, stop - &field}.
/// PC-relative words need no dynamic relocation, so the note stays
/// read-only even in shared objects. The hosted runtime walks PT_NOTE
/// segments (dl_iterate_phdr) to find every loaded object's records,
/// including functions that never ran. Emitted once per module.
void emitRecordsNote(llvm::Module &M);

/// F's record, through `!fluid.record`; null if it has none.
llvm::GlobalVariable *recordOf(const llvm::Function &F);

/// A record as the pass emitted it whose function only counts its calls.
bool isUntimedRecord(const llvm::GlobalVariable &Record);

/// Mark a record emitted timed untimed: its function turned out too small
/// to time after inlining (LateUntimed.h).
void markUntimed(llvm::GlobalVariable &Record);

/// Emit at B the add of N (1 when null) to Record's call count, the
/// record's first field: one atomic add when Atomic (threads share the
/// record; the hosted runtime reads it as it is), else a plain one
/// (-fluid-count-update=single).
void emitCallCount(llvm::IRBuilder<> &B, llvm::GlobalVariable &Record,
                   bool Atomic, llvm::Value *N = nullptr);

/// The record an instruction adds to if it is a call-count add as
/// emitCallCount writes it atomically (an unordered-use add to a record
/// whose old value nobody reads); null otherwise.
llvm::GlobalVariable *countedRecord(llvm::Instruction &I);

/// The profile's name of F: its linkage name, or "file.c:name" for an
/// internal function, as clang's PGO names it.
std::string qualifiedName(const llvm::Function &F);

/// M's source path, relative to the compiler's working directory when
/// given absolute.
std::string sourcePath(const llvm::Module &M);

/// The bytes of a record's names field, its last NUL included: the name,
/// the level behind its mark when known (non-empty), the file.
std::string recordNames(llvm::StringRef Name, llvm::StringRef Level,
                        llvm::StringRef File);

} // namespace fluid

#endif // FLUID_PASSES_RECORDS_H

//===- SplitModule.h - One module per optimization level -------*- C++ -*-===//
//
// fluid-cc --fluid-profile compiles each function at its own -O level. clang
// has one level per module, so the translation unit's front-end IR is split
// into one part per level; each part is compiled by clang at its level with
// the user's codegen flags and the parts are relinked (ld.lld -r) into the
// object the build expects (ProfileCompile.h).
//
// A part holds:
//   - the functions of its level (owned), with the level's marks (optsize,
//     minsize; O0 and O1 parts come from the O0 and O1 front ends, which mark
//     optnone and loop unroll-disable themselves);
//   - bodies of functions of other levels its functions call, offered as
//     available_externally, so inlining across levels happens where the
//     part's level would inline;
//   - copies of internal `inline` helpers and of unnamed constants (string
//     literals) it uses, which have no identity a program could observe;
//   - its share of the global variables.
// Every other definition becomes a declaration, and whatever a part refers
// to stays defined in its owner (a discardable one becomes weak_odr). Each
// part's references are read from its own front end, since the front ends
// emit slightly different functions (docs/fluid-cc.md, "Every function a
// part references is defined once"). An internal symbol that
// another part references gets a hidden, unique name (promotedName); after
// the relink it is made local and given its own name back, so the object's
// symbol table matches a plain build's.
//
// The split's steps, each a unit: which part owns each definition
// (PartOwnership.h), what each part holds besides (PartContents.h), each
// part built (PartBuilder.h) with the linkage changes of SymbolLinkage.h.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_SPLITMODULE_H
#define FLUID_DRIVER_LEVELS_SPLITMODULE_H

#include "FrontEnds.h"
#include "Plan.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <map>
#include <set>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class Function;
class Module;
class LLVMContext;
class MemoryBufferRef;
} // namespace llvm

namespace fluid {
namespace levels {

/// Why a function got its level.
enum class Source { Planned, Stale, Unknown };

struct FunctionLevel {
  OptLevel Level;
  Source Why;
  bool Hot = false;   // goes to .text.hot
  bool Never = false; // never ran: .text.unlikely
  std::string Name;   // as the profile names it
  std::string Reason; // the plan's, or why the plan was not used
};

/// The level of every function defined in the front end's module \p M: the
/// plan's where name and structural hash match, else \p CommandLine.
/// Members of one comdat share the level of the comdat's key function.
struct LevelChoice {
  std::map<std::string, FunctionLevel> Functions; // by IR name
  std::vector<std::string> Stale;   // profile names, hash differs
  std::vector<std::string> Unknown; // profile names, not in the plan
  /// Internal and inline functions not in the plan: a profiled build may
  /// have inlined them everywhere, so they are not warned about.
  std::vector<std::string> Unlisted;
  unsigned Planned = 0;
  std::vector<OptLevel> Levels; // distinct levels, in enum order
};
LevelChoice chooseLevels(const llvm::Module &M, const Plan &P,
                         OptLevel CommandLine);

struct Part {
  OptLevel Level;
  std::unique_ptr<llvm::Module> M;
};

struct SplitResult {
  std::vector<Part> Parts;
  /// Promoted (hidden, unique) name -> the symbol's own name.
  std::vector<std::pair<std::string, std::string>> Promoted;
};

/// Splits the translation unit. \p FrontEnds holds the bitcode of each front
/// end the levels need (frontEndOf); parts are parsed from it in \p Ctx.
/// \p Tag makes promoted names unique.
struct SplitOptions {
  /// Internal functions are never copied: each stays one function, as
  /// instrumented builds need (one record per function).
  bool KeepIdentity = false;
  /// No bodies are offered across levels: pre-inline instrumentation puts
  /// the hooks in before inlining, and an offered copy has none, so a call
  /// inlined from another part would go uncounted.
  bool NoOffers = false;
  /// Internal symbols a part holds but does not own (copies) get names of
  /// their own, so the parts' assembly can share one file (-S).
  bool UniqueCopyNames = false;
};
llvm::Expected<SplitResult>
splitModule(const std::map<FrontEnd, llvm::MemoryBufferRef> &FrontEnds,
            const LevelChoice &Choice, OptLevel CommandLine,
            llvm::StringRef Tag, const SplitOptions &Options,
            llvm::LLVMContext &Ctx);

/// The name the profile gives \p F ("file.c:name" for internal functions),
/// as fluid-instrument names its record.
std::string profileName(const llvm::Function &F);

} // namespace levels
} // namespace fluid

#endif // FLUID_DRIVER_LEVELS_SPLITMODULE_H

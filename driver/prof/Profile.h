//===- Profile.h - A profile's payload, parsed and checked ------*- C++ -*-===//
//
// A Fluid profile is versioned JSON framed by a BEGIN and an END line (see
// docs/profile-format.md); ProfileFrames.h finds and verifies the frames.
// This unit turns a payload into a Profile, rejecting anything a later step
// could misread: wrong format or version, missing or mistyped fields, numbers that
// are negative or do not fit 64 bits, duplicate functions, edges naming
// unknown functions, totals or build id that disagree with the functions, a
// version other than its frame's.
// Counters are read as integers, never through doubles. Whether the cycle
// figures can be true together is Accounting.h's question.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_PROFILE_H
#define FLUID_DRIVER_PROF_PROFILE_H

#include "ProfileFrames.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fluid {

/// clang's -O levels, in the order plans and tables list them.
enum class OptLevel { O0, O1, O2, O3, Os, Oz };

/// "O0".."Oz"; the spelling profiles and plans use.
llvm::StringRef levelName(OptLevel L);
/// Accepts "O0".."Oz" (and "-O2" style); std::nullopt for anything else.
std::optional<OptLevel> parseLevel(llvm::StringRef Name);

struct FunctionProfile {
  std::string Name; // linkage name; internal functions as "file.c:name"
  std::string File;
  uint64_t Hash = 0;
  uint64_t Calls = 0;
  uint64_t SelfCycles = 0;
  uint64_t TotalCycles = 0;
  uint64_t MinCycles = 0;
  uint64_t MaxCycles = 0;
  // Untimed (too small to time, or on an untimed list): only its calls
  // were counted, its cycles are its callers' ("untimed": true).
  bool Untimed = false;
  // The level of the pipeline that instrumented it ("level"); none in
  // profiles of older runtimes, or of code instrumented without a level.
  std::optional<OptLevel> Level;
};

struct EdgeProfile {
  std::string Caller;
  std::string Callee;
  uint64_t Calls = 0;
  uint64_t Cycles = 0;
};

/// One calling context (version 2, docs/profile-format.md): a node of the
/// tree keyed by (parent node, function), parents before children.
struct ContextNode {
  int64_t Parent = -1;   // index into Profile::Contexts, -1 for a root
  uint64_t Function = 0; // index into Profile::Functions
  uint64_t Calls = 0;
  uint64_t SelfCycles = 0;
  uint64_t TotalCycles = 0;
};

struct Profile {
  /// 1, or 2 when the runtime counted calling contexts.
  uint64_t Version = 1;
  std::string Producer;
  std::string Target;
  std::string Clock; // "tsc" or "icount"
  uint64_t ProbeInner = 0;
  uint64_t ProbeOuter = 0;
  uint64_t BuildId = 0;
  std::vector<FunctionProfile> Functions;
  std::vector<EdgeProfile> Edges;
  std::map<std::string, uint64_t> Events;
  uint64_t TotalCalls = 0;
  uint64_t TotalSelfCycles = 0;
  /// Version 2: the calling-context tree; parseProfile has checked that
  /// each index is in range and each parent comes before its child.
  std::vector<ContextNode> Contexts;
  /// Version 2, freestanding runtimes: the most nodes the runtime keeps.
  std::optional<uint64_t> ContextCapacity;
};

/// "main > work > leaf": the functions on the path from the root to node
/// Index of P's context tree (Index in range).
std::string contextPath(const Profile &P, size_t Index);

/// Parses and validates one payload. Path names the input in messages.
/// FrameVersion, the vN of the frame it came from (PickedPayload::Version;
/// 0: bare JSON, no frame), must be its "version".
llvm::Expected<Profile> parseProfile(llvm::StringRef Json,
                                     llvm::StringRef Path,
                                     uint64_t FrameVersion = 0);

/// The profile pickPayload picks, parsed and validated.
llvm::Expected<Profile> readProfile(llvm::StringRef Data, llvm::StringRef Path,
                                    int Index = -1, WarningHandler Warn = {});

} // namespace fluid

#endif // FLUID_DRIVER_PROF_PROFILE_H

//===- Profile.h - Fluid profiles: frames, parsing, validation -*- C++ -*-===//
//
// A Fluid profile is versioned JSON framed by a BEGIN and an END line (see
// docs/profile-format.md), so it can be cut out of a noisy serial log and its
// byte count and CRC-32 checked. This library finds frames, verifies them and
// parses the payload into a Profile, rejecting anything a later step could
// misread: wrong format or version, missing or mistyped fields, numbers that
// are negative or do not fit 64 bits, duplicate functions, edges naming
// unknown functions, totals or build id that disagree with the functions.
// Counters are read as integers, never through doubles. Whether the cycle
// figures can be true together is Accounting.h's question.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_PROFILE_H
#define FLUID_DRIVER_PROF_PROFILE_H

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

/// One framed profile found in a byte stream, intact or damaged.
struct Frame {
  size_t Offset = 0; // of the BEGIN line
  /// The payload the END line describes, as it verified: the bytes as found
  /// or, in a log a serial console wrote with CRLF line ends, with the CRs
  /// before each LF removed (the runtime escapes every control character
  /// inside JSON strings, so it never writes a CR itself).
  std::string Payload;
  /// Why the frame cannot be used, "offset N: ..."; empty when intact.
  std::string Damage;
  bool intact() const { return Damage.empty(); }
};

/// Every frame in Data, intact or damaged, in log order. A damaged frame (cut
/// short by a crash, bytes lost or added, a CRC mismatch, another version)
/// ends where the next BEGIN line starts, so the frames after it are still
/// found. Path names the input in error messages. Only an input without any
/// BEGIN line is an error.
llvm::Expected<std::vector<Frame>> findFrames(llvm::StringRef Data,
                                              llvm::StringRef Path);

/// Receives one line ("PATH: profile 0 of 2 is damaged, skipped: ...") for
/// each damaged frame passed over.
using WarningHandler = llvm::function_ref<void(const llvm::Twine &)>;

/// The JSON of the one profile in Data and where it came from.
struct PickedPayload {
  std::string Json;
  size_t Index = 0;     // the frame's position, damaged frames counted
  size_t FrameCount = 0; // frames in Data; 0 for bare JSON
};

/// Picks the profile in Data: bare JSON (one profile: Index 0 or none), or
/// a frame of a log. Index counts every frame, damaged ones too, so it names
/// the same frame whatever the damage; without it, Data must hold one intact
/// frame. With Warn, damaged frames other than the one picked are reported
/// through it and skipped: the picked frame being damaged, or none being
/// intact, is an error. Without Warn any damaged frame is an error (fluid-cc
/// reads profiles so: a build never silently uses an older profile of a log
/// whose last run crashed).
llvm::Expected<PickedPayload> pickPayload(llvm::StringRef Data,
                                          llvm::StringRef Path, int Index = -1,
                                          WarningHandler Warn = {});

/// Parses and validates one payload. Path names the input in messages.
llvm::Expected<Profile> parseProfile(llvm::StringRef Json,
                                     llvm::StringRef Path);

/// The profile pickPayload picks, parsed and validated.
llvm::Expected<Profile> readProfile(llvm::StringRef Data, llvm::StringRef Path,
                                    int Index = -1, WarningHandler Warn = {});

/// Profiles and plans larger than this are refused before they are read:
/// real ones are far smaller, and a runaway log should not be mapped, scanned
/// and parsed.
constexpr uint64_t MaxInputBytes = 256ull << 20;

/// The contents of Path ("-": standard input) for the readers above: a
/// missing file, a directory or an input over MaxInputBytes is a one-line
/// error naming Path. Pipes and devices are read up to the limit.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readInputFile(llvm::StringRef Path);

/// The CRC-32 (IEEE 802.3) of a payload, as the runtime computes it.
uint32_t payloadCrc(llvm::StringRef Payload);

} // namespace fluid

#endif // FLUID_DRIVER_PROF_PROFILE_H

//===- ProfileFrames.h - Input, frames, payload -----------------*- C++ -*-===//
//
// A Fluid profile is versioned JSON framed by a BEGIN line
// (`--- FLUID PROFILE BEGIN vN ---`) and an END line giving its byte count
// and CRC-32 (docs/profile-format.md), so it can be cut out of a noisy
// serial log. This unit reads an input, finds the frames in it, verifies
// them and picks the payload to parse; Profile.h turns the payload into a
// Profile.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_PROFILEFRAMES_H
#define FLUID_DRIVER_PROF_PROFILEFRAMES_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace fluid {

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
  /// The N of its BEGIN line's vN; 0 when that line is not one this
  /// fluid-prof reads.
  uint64_t Version = 0;
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
  uint64_t Version = 0;  // the frame's vN; 0 for bare JSON
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

#endif // FLUID_DRIVER_PROF_PROFILEFRAMES_H

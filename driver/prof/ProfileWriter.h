//===- ProfileWriter.h - Profiles framed as the runtime does ---*- C++ -*-===//
//
// The one writer of profiles on the host side: what fluid-prof merge writes.
// A Profile goes out as the runtime writes one (docs/profile-format.md),
// framed by a BEGIN line of its version and an END line with the payload's
// byte count and CRC-32, one function, edge or context per line, so every
// reader of profiles (fluid-prof, fluid-cc, the tests' checkers) reads it.
// The same Profile always gives the same bytes.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_PROFILEWRITER_H
#define FLUID_DRIVER_PROF_PROFILEWRITER_H

#include "Profile.h"

#include "llvm/Support/raw_ostream.h"

#include <string>

namespace fluid {

/// The JSON payload of P: parseProfile reads it back as P (with names
/// renamed apart already, as parseProfile left them).
std::string profilePayload(const Profile &P);

/// P framed: "--- FLUID PROFILE BEGIN vN ---", the payload, the END line.
void writeFramedProfile(const Profile &P, llvm::raw_ostream &OS);

} // namespace fluid

#endif // FLUID_DRIVER_PROF_PROFILEWRITER_H

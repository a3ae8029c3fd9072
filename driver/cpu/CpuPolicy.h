//===- CpuPolicy.h - The QEMU-safe CPU policy -----------------------------===//
//
// Turns a clang command line's CPU requests (-march=, -mcpu=, -m<feature>,
// -mno-<feature>, -march=native, the default CPU, -m32/--target=) into
// flags whose every instruction executes correctly on one QEMU CPU model
// under TCG (CpuModels.def), and says exactly which features it removed and
// which flags asked for them. Pure: the host CPU comes in as data
// (detectHost() is the one impure helper), nothing is spawned or printed.
//
//===----------------------------------------------------------------------===//
#ifndef FLUID_DRIVER_CPU_CPUPOLICY_H
#define FLUID_DRIVER_CPU_CPUPOLICY_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace fluid {
namespace cpu {

enum class PolicyMode { Clamp, Error, Off };

/// Parses clamp|error|off.
llvm::Expected<PolicyMode> parsePolicyMode(llvm::StringRef Text);

/// The machine the compiler runs on, for -march=native and --fluid-cpu=host.
struct HostCpu {
  std::string Name;                // LLVM CPU name, e.g. "rocketlake"
  llvm::StringMap<bool> Features;  // LLVM feature name -> present
};
HostCpu detectHost();

struct PolicyRequest {
  std::string Model;              // QEMU model name, or "host"
  PolicyMode Mode = PolicyMode::Clamp;
  std::vector<std::string> Args;  // the clang arguments, in order
  /// The guest enables CR4.OSXSAVE and XCR0 AVX state (the project's kernel
  /// does). Without it every VEX vector instruction #UDs, so avx and all
  /// that depends on it, and XSAVE itself, are unavailable.
  bool GuestEnablesAvx = true;
  HostCpu Host;                   // used by -march=native and "host"
  std::string Tool = "fluid-cc";  // names the diagnostics
};

struct PolicyResult {
  std::vector<std::string> Args;     // the rewritten argument list
  std::vector<std::string> CpuFlags; // the CPU flags alone (for Makefiles)
  std::vector<std::string> Removed;  // features removed, sorted
  std::vector<std::string> AskedBy;  // the flags that asked for them
  bool Target32 = false;
  /// "--fluid-cpu=qemu64: removed avx, avx2 (asked for by -march=skylake)",
  /// empty when nothing was removed.
  std::string Summary;
};

/// Applies the policy. Errors (one line, no "tool: error:" prefix): an
/// unknown model (known names listed, closest first), a 64-bit target on a
/// 32-bit model, or, with PolicyMode::Error, any feature the model lacks.
llvm::Expected<PolicyResult> applyCpuPolicy(const PolicyRequest &Request);

} // namespace cpu
} // namespace fluid

#endif

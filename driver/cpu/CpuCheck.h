//===- CpuCheck.h - Check the model table against QEMU's CPUID ------------===//
//
// Parses the kernel's `cpuid` command output (lines "cpuid: leaf=1 sub=0
// eax=... ebx=... ecx=... edx=...") and checks that every feature the table
// says runs on a model is advertised there. Features advertised but left
// out of the table are listed, so the output shows the whole comparison.
//
//===----------------------------------------------------------------------===//
#ifndef FLUID_DRIVER_CPU_CPUCHECK_H
#define FLUID_DRIVER_CPU_CPUCHECK_H

#include "CpuModel.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace fluid {
namespace cpu {

struct CpuidCheck {
  std::vector<std::string> Checked;       // table features found advertised
  std::vector<std::string> NotAdvertised; // table features QEMU lacks: bad
  std::vector<std::string> LeftOut;       // advertised, not in the table
};

/// Errors when the log has no CPUID dump.
llvm::Expected<CpuidCheck> checkCpuid(const CpuModel &Model,
                                      llvm::StringRef SerialLog);

} // namespace cpu
} // namespace fluid

#endif

//===- CpuModel.h - The QEMU CPU model table ------------------------------===//
//
// Read-only access to CpuModels.def: lookup by QEMU's name (with its
// versioned and alias spellings), the closest names for a typo, and the
// CPUID bit of each feature for checking the table against QEMU itself.
//
//===----------------------------------------------------------------------===//
#ifndef FLUID_DRIVER_CPU_CPUMODEL_H
#define FLUID_DRIVER_CPU_CPUMODEL_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <optional>
#include <string>
#include <vector>

namespace fluid {
namespace cpu {

enum ModelQuirk : unsigned {
  QUIRK_GATHER = 1u << 0,  // AVX2 gathers return wrong data: -mno-gather
  QUIRK_NO_BOOT = 1u << 1, // the test kernel cannot boot on this model
};

enum class ModelSource { Measured, Derived };

struct CpuModel {
  llvm::StringRef Name;
  bool Only32;
  llvm::StringRef BaseMarch;
  llvm::StringRef Runs; // comma-separated LLVM feature names
  unsigned Quirks;
  ModelSource Source;

  bool hasQuirk(ModelQuirk Q) const { return (Quirks & Q) != 0; }
  /// The features that run correctly, as a set.
  llvm::StringSet<> runs() const;
};

/// Every row of the table, in table order.
llvm::ArrayRef<CpuModel> allModels();

/// The row for a QEMU model name: exact, case-insensitive, or a versioned /
/// alias spelling (Haswell-v4, Haswell-noTSX-IBRS, EPYC-IBPB) of a row.
const CpuModel *findModel(llvm::StringRef Name);

/// Known names ("host" included), the closest to Name first.
std::vector<std::string> closestModelNames(llvm::StringRef Name);

/// Where CPUID reports a feature: leaf, subleaf, register (0..3 = eax, ebx,
/// ecx, edx) and bit. None for features CPUID does not name on its own.
struct CpuidBit {
  unsigned Leaf, Subleaf, Register, Bit;
};
std::optional<CpuidBit> cpuidBitFor(llvm::StringRef Feature);

/// Features whose CPUID bit is another feature's (crc32 is sse4.2's).
llvm::StringRef cpuidAliasOf(llvm::StringRef Feature);

} // namespace cpu
} // namespace fluid

#endif

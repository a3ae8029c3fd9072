//===- Audit.h - fluid-audit: instructions a QEMU CPU model cannot run ----===//
//
// Decodes the executable sections of ELF objects and images (x86_64 and
// i386) with Zydis, which classifies every instruction by ISA extension,
// and reports each instruction needing a feature the model does not run
// correctly (CpuModels.def): function, address, bytes, text, feature.
//
//===----------------------------------------------------------------------===//
#ifndef FLUID_DRIVER_CPU_AUDIT_H
#define FLUID_DRIVER_CPU_AUDIT_H

#include "CpuModel.h"
#include "CpuPolicy.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fluid {
namespace cpu {

struct AuditOptions {
  /// Ranges starting at these symbols are 32-bit code inside a 64-bit ELF
  /// (a multiboot kernel's entry runs before long mode).
  std::vector<std::string> Code32Symbols;
  /// Ranges starting at these symbols are data in an executable section
  /// (boot headers), or code the program runs only after its own CPUID
  /// check; they are not decoded.
  std::vector<std::string> SkipSymbols;
};

struct Finding {
  std::string Function; // containing symbol, or the section name
  uint64_t Offset = 0;  // from Function
  uint64_t Address = 0; // section offset in objects, address in images
  std::string Bytes;    // hex, space-separated
  std::string Text;     // Intel syntax
  std::string Feature;  // the LLVM feature the model lacks
  std::string Note;     // why, when it is a TCG bug rather than a missing bit
};

struct AuditReport {
  std::vector<Finding> Findings;
  std::map<std::string, uint64_t> ExtensionCounts; // Zydis ISA extension
  uint64_t Instructions = 0;
  uint64_t UndecodableBytes = 0;
  unsigned Code32Ranges = 0, SkippedRanges = 0;
};

/// The LLVM features an instruction needs, from its Zydis ISA set and
/// extension ("" entries never: an empty list means baseline or unknown).
std::vector<std::string> featuresForIsa(int IsaSet, int IsaExt, bool Mode64);

/// Decodes Bytes as one function's code and adds to Report. Model may be
/// null (only extension counts are gathered).
void auditCode(llvm::ArrayRef<uint8_t> Bytes, uint64_t Address, bool Mode64,
               llvm::StringRef Function, const CpuModel *Model,
               AuditReport &Report);

/// The model "--cpu=host" names, QEMU's -cpu host under KVM: the guest runs
/// on the host CPU itself, so every feature Host has runs correctly and no
/// TCG quirk applies. The model's feature list is kept in Storage.
CpuModel hostModel(const HostCpu &Host, std::string &Storage);

/// Audits one ELF file. Errors name the file: missing, not ELF, not x86.
llvm::Expected<AuditReport> auditFile(llvm::StringRef Path,
                                      const CpuModel *Model,
                                      const AuditOptions &Options);

} // namespace cpu
} // namespace fluid

#endif

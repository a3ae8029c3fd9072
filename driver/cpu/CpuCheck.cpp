//===- CpuCheck.cpp - Check the model table against QEMU's CPUID ----------===//
#include "CpuCheck.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Regex.h"
#include <map>
#include <tuple>

using namespace llvm;

namespace fluid {
namespace cpu {

// Every feature with a CPUID bit, for the "left out" list.
static const char *const KnownFeatures[] = {
    "x87",      "cx8",      "cmov",   "mmx",        "fxsr",   "sse",
    "sse2",     "sse3",     "pclmul", "ssse3",      "fma",    "cx16",
    "sse4.1",   "sse4.2",   "movbe",  "popcnt",     "aes",    "xsave",
    "avx",      "f16c",     "rdrnd",  "fsgsbase",   "bmi",    "avx2",
    "bmi2",     "invpcid",  "avx512f", "rdseed",    "adx",    "clflushopt",
    "clwb",     "sha",      "pku",    "gfni",       "vaes",   "vpclmulqdq",
    "rdpid",    "xsaveopt", "xsavec", "xsaves",     "sahf",   "lzcnt",
    "sse4a",    "prfchw",   "64bit"};

Expected<CpuidCheck> checkCpuid(const CpuModel &Model, StringRef SerialLog) {
  static const Regex Line("cpuid: leaf=([0-9a-f]+) sub=([0-9a-f]+) "
                          "eax=([0-9a-f]+) ebx=([0-9a-f]+) ecx=([0-9a-f]+) "
                          "edx=([0-9a-f]+)");
  std::map<std::pair<unsigned, unsigned>, std::array<uint32_t, 4>> Leaves;
  SmallVector<StringRef, 0> Lines;
  SerialLog.split(Lines, '\n');
  for (StringRef Text : Lines) {
    SmallVector<StringRef, 7> Groups;
    if (!Line.match(Text, &Groups))
      continue;
    unsigned Leaf = 0, Sub = 0;
    std::array<uint32_t, 4> Regs{};
    Groups[1].getAsInteger(16, Leaf);
    Groups[2].getAsInteger(16, Sub);
    for (int R = 0; R < 4; ++R)
      Groups[3 + R].getAsInteger(16, Regs[R]);
    Leaves[{Leaf, Sub}] = Regs;
  }
  if (Leaves.empty())
    return createStringError(inconvertibleErrorCode(),
                             "no 'cpuid: leaf=' lines in the serial log");
  auto advertised = [&](StringRef Feature) {
    std::optional<CpuidBit> Bit = cpuidBitFor(Feature);
    if (!Bit)
      return false;
    auto It = Leaves.find({Bit->Leaf, Bit->Subleaf});
    return It != Leaves.end() && ((It->second[Bit->Register] >> Bit->Bit) & 1);
  };
  CpuidCheck Check;
  StringSet<> Runs = Model.runs();
  for (StringRef Feature : KnownFeatures) {
    bool InTable = Runs.contains(Feature);
    if (InTable && advertised(Feature))
      Check.Checked.push_back(Feature.str());
    else if (InTable)
      Check.NotAdvertised.push_back(Feature.str());
    else if (advertised(Feature))
      Check.LeftOut.push_back(Feature.str());
  }
  // Table features without a bit of their own (crc32 rides on sse4.2).
  for (const auto &Entry : Runs)
    if (!is_contained(KnownFeatures, Entry.getKey()) &&
        !advertised(Entry.getKey()))
      Check.NotAdvertised.push_back(Entry.getKey().str());
  return Check;
}

} // namespace cpu
} // namespace fluid

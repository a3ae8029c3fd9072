//===- BackEnd.h - The back-end stage of a compile ---------*- C++ -*-===//
//
// After the split (SplitModule.h), each part is written as bitcode and
// compiled by clang at its level with the user's flags, to an object
// (assembly with -S); the parts' compiles run in parallel.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_LEVELS_BACKEND_H
#define FLUID_DRIVER_LEVELS_BACKEND_H

#include "PartNames.h"
#include "SplitModule.h"

#include <optional>
#include <vector>

namespace fluid {
namespace levels {

struct StageContext;
struct SourceJob;

/// Compiles \p Parts (emptied: the modules are freed once written) to one
/// file each, in order. std::nullopt after an error line.
std::optional<std::vector<PartFile>>
compileParts(const StageContext &C, SourceJob &J, std::vector<Part> &Parts);

} // namespace levels
} // namespace fluid

#endif // FLUID_DRIVER_LEVELS_BACKEND_H

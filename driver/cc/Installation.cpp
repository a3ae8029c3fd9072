//===- Installation.cpp - Where fluid-cc's clang and files are -----------===//

#include "Installation.h"

#include "llvm/TargetParser/Host.h"

#include <cstdlib>

namespace fluid {
namespace driver {

std::optional<std::string> fromEnv(const char *Name) {
  const char *Value = std::getenv(Name);
  if (!Value || !*Value)
    return std::nullopt;
  return std::string(Value);
}

Environment describeInstallation(llvm::StringRef ProgramName,
                                 llvm::StringRef LibDir) {
  Environment Env;
  Env.ProgramName = ProgramName.str();
  Env.LibDir = LibDir.str();
  Env.DefaultClang = FLUID_DEFAULT_CLANG;
  Env.DefaultClangXX = FLUID_DEFAULT_CLANGXX;
  Env.ClangOverride = fromEnv("FLUID_CLANG");
  Env.ClangXXOverride = fromEnv("FLUID_CLANGXX");
  Env.DefaultTriple = llvm::sys::getDefaultTargetTriple();
  Env.Host = fluid::cpu::detectHost();
  return Env;
}

} // namespace driver
} // namespace fluid

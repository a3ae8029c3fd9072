//===- DriverArgsFuzzer.cpp - libFuzzer target for fluid-cc's arguments --===//
//
// The input is an argument list (NUL-separated). processArgs must return a
// plan or an error, never crash (ASan, UBSan watch), and keep its promises:
// without any --fluid-* argument clang receives exactly the user's
// arguments; with them, every user argument that is not fluid-cc's own still
// reaches clang in order (the CPU policy may rewrite CPU flags only).
//
//===----------------------------------------------------------------------===//

#include "ArgProcessing.h"

#include "llvm/ADT/StringRef.h"

#include <cstdlib>

using namespace fluid::driver;
using namespace llvm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Input(reinterpret_cast<const char *>(Data), Size);
  std::vector<std::string> Args;
  SmallVector<StringRef, 16> Parts;
  Input.split(Parts, '\0');
  bool HasFluid = false;
  for (StringRef Part : Parts) {
    Args.push_back(Part.str());
    HasFluid |= Part.starts_with("--fluid-") || Part == "--help";
  }
  Environment Env;
  Env.LibDir = "/prefix/lib/fluid";
  Env.DefaultClang = "/usr/bin/clang";
  Env.DefaultClangXX = "/usr/bin/clang++";
  for (const char *Program : {"fluid-cc", "fluid-c++"}) {
    Env.ProgramName = Program;
    Expected<Invocation> P = processArgs(Args, Env);
    if (!P) {
      consumeError(P.takeError());
      if (!HasFluid)
        abort(); // without Fluid's flags nothing may be refused
      continue;
    }
    if (P->PrintHelp || P->PrintOnly)
      continue; // answered by fluid-cc itself: no clang command
    if (P->Args.empty() || P->Args[0] != P->Program)
      abort();
    if (!HasFluid && (P->Args.size() != Args.size() + 1 ||
                      !std::equal(Args.begin(), Args.end(), P->Args.begin() + 1)))
      abort(); // drop-in: clang sees exactly what the user wrote
  }
  return 0;
}

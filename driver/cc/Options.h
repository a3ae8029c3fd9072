//===- Options.h - fluid-cc's option tables -------------------*- C++ -*-===//
//
// The sorted tables of Options.def and their lookup. A clang argument is
// looked up by exact spelling first, then by the longest Joined or
// JoinedOrSeparate spelling it starts with; anything not found is passed to
// clang untouched.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_OPTIONS_H
#define FLUID_DRIVER_OPTIONS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace fluid {
namespace driver {

enum class OptionKind { Flag, Joined, Separate, JoinedOrSeparate };

/// What processArgs does with a clang argument (Other: only its arity).
enum class ClangOptionID {
  Other,
  Assemble,     // -S
  Compile,      // -c
  Freestanding, // -ffreestanding
  Hosted,       // -fhosted
  Info,         // -print-*, -dumpmachine: clang answers, nothing is built
  Language,     // -x
  Lto,          // -flto, -flto=thin|full
  NoLto,        // -fno-lto
  M16,
  M32,
  M64,
  MX32,
  NoStdlib,
  UseLinker,    // -fuse-ld=
  Preprocess, // -E, -M, -MM
  Relocatable,
  Shared,
  ShowCommands, // -###
  Static,
  StaticPie,    // -static-pie
  SyntaxOnly,
  Target,
  UserHooks,        // -finstrument-functions
  UserHooksBare,    // -finstrument-function-entry-bare
  UserHooksInlined, // -finstrument-functions-after-inlining
  Verbose,
  Version,
  NumIDs // keep last
};

/// fluid-cc's own arguments.
enum class FluidOptionID {
  Contexts,
  CountUpdate,
  Cpu,
  CpuPolicy,
  Help,
  Instrument,
  InstrumentAt,
  PrintCpuFlags,
  Profile,
  Runtime,
  TimeAll,
  Untimed,
  UntimedSize,
  Verbose
};

struct ClangOption {
  ClangOptionID ID;
  const char *Spelling;
  OptionKind Kind;
};

struct FluidOption {
  FluidOptionID ID;
  const char *Spelling;
  OptionKind Kind;
  const char *Help;
};

llvm::ArrayRef<ClangOption> clangOptions();
llvm::ArrayRef<FluidOption> fluidOptions();

/// A matched argument: which option, and its value when joined ("-ofoo" ->
/// "foo"). Separate values are fetched by the caller from the next argument.
template <typename OptionT> struct Match {
  const OptionT *Opt = nullptr;
  llvm::StringRef JoinedValue;
  bool IsExact = false; // spelled exactly, so a Separate value may follow
};

Match<ClangOption> findClangOption(llvm::StringRef Arg);
Match<FluidOption> findFluidOption(llvm::StringRef Arg);

/// The spelling that replaced \p Arg's option name (before any '='), if
/// fluid-cc once spelled it so; empty otherwise.
llvm::StringRef renamedFluidOption(llvm::StringRef Arg);

/// The known --fluid-* spelling nearest to \p Arg, for "did you mean".
llvm::StringRef nearestFluidOption(llvm::StringRef Arg);

} // namespace driver
} // namespace fluid

#endif

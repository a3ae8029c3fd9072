//===- ArgProcessing.cpp - From fluid-cc's argv to the clang command ------===//
//
// Three steps: scanArgs walks the arguments once, taking out fluid-cc's own
// and recording what the clang ones imply (mode, inputs, target, runtime
// hints) and how each was read (Invocation::Readings, so that nothing
// parses the command again); then the clang command is assembled:
// instrumentation flags first (so the user's own flags still win), the
// user's arguments in their order,
// the runtime last (an archive must follow the objects that use it).
// Nothing is injected that the mode would leave unused: clang warns about
// unused arguments, and -Werror builds must not change.
//
//===----------------------------------------------------------------------===//

#include "ArgProcessing.h"
#include "Options.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Path.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace fluid {
namespace driver {
namespace {

const char PluginName[] = "FluidPasses.so";
const char HostedRuntime[] = "fluid_rt_hosted";

/// Everything one pass over the arguments learns.
struct State {
  // fluid-cc's own flags.
  Placement Instrument = Placement::None;
  RuntimeKind Runtime = RuntimeKind::Auto;
  bool Help = false;
  bool FluidVerbose = false;
  std::string CpuModel; // --fluid-cpu=, empty: no policy
  std::string ProfileFile; // --fluid-profile=
  cpu::PolicyMode CpuMode = cpu::PolicyMode::Clamp;
  bool PrintCpuFlags = false;
  bool Contexts = false; // --fluid-contexts: the runtimes' _contexts variant
  // What the clang arguments say.
  std::vector<std::string> ClangArgs; // the user's, --fluid-* removed
  std::vector<ArgReading> Readings;   // one per ClangArgs
  bool Seen[static_cast<int>(ClangOptionID::NumIDs)] = {};
  bool SawLanguage = false;  // some -x was given
  bool CxxLanguage = false;  // some -x c++* was given
  bool HasInputs = false;
  bool HasSources = false;   // inputs that clang compiles (C, C++, ObjC)
  bool Unpreprocessed = false; // such inputs not preprocessed yet (not .i)
  bool Freestanding = false; // last of -ffreestanding / -fhosted
  std::string Triple;        // --target= / -target
  std::string ArchFlag;      // last of -m16/-m32/-m64/-mx32
  bool Lto = false;          // last of -flto[=...] / -fno-lto
  std::string Linker;        // -fuse-ld=
  std::string UntimedSize; // --fluid-untimed-size / --fluid-time-all
  std::string CountUpdate; // --fluid-count-update
  std::string UntimedList; // --fluid-untimed
  // The user's own -finstrument-function* hooks: clang keeps the last of
  // its three spellings.
  ClangOptionID UserHooks = ClangOptionID::Other;
  Mode TheMode = Mode::Link;

  bool seen(ClangOptionID ID) const { return Seen[static_cast<int>(ID)]; }
};

Error argError(const Twine &Message) {
  return createStringError(inconvertibleErrorCode(), Message);
}

} // namespace

bool isCompiledLanguage(StringRef Language) {
  return StringSwitch<bool>(Language)
      .Cases("c", "c++", "cpp-output", "c++-cpp-output", true)
      .Cases("objective-c", "objective-c++", "objc-cpp-output", true)
      .Case("objective-c++-cpp-output", true)
      .Default(false);
}

StringRef languageOfFile(StringRef File) {
  StringRef Ext = sys::path::extension(File);
  return StringSwitch<StringRef>(Ext)
      .Case(".c", "c")
      .Case(".i", "cpp-output")
      .Cases(".cc", ".cp", ".cxx", ".cpp", ".CPP", "c++")
      .Cases(".c++", ".C", "c++")
      .Case(".ii", "c++-cpp-output")
      .Cases(".m", ".mi", "objective-c")
      .Cases(".mm", ".M", ".mii", "objective-c++")
      .Default("");
}

namespace {

Error invalidValue(StringRef Value, StringRef Arg, StringRef Expected) {
  return argError("invalid value '" + Value + "' in '" + Arg + "' (expected " +
                  Expected + ")");
}

/// fluid-cc's flags without a value. Returns false for any other option.
bool setFluidFlag(FluidOptionID ID, State &S) {
  switch (ID) {
  case FluidOptionID::Help:
    S.Help = true;
    return true;
  case FluidOptionID::Instrument:
    S.Instrument = Placement::PostInline;
    return true;
  case FluidOptionID::Verbose:
    S.FluidVerbose = true;
    return true;
  case FluidOptionID::Contexts:
    S.Contexts = true;
    return true;
  case FluidOptionID::TimeAll:
    S.UntimedSize = "0";
    return true;
  case FluidOptionID::PrintCpuFlags:
    S.PrintCpuFlags = true;
    return true;
  default:
    return false;
  }
}

/// fluid-cc's options naming a file or a model: the value must be there.
/// Returns false for any other option.
bool setFluidName(FluidOptionID ID, StringRef Value, State &S) {
  switch (ID) {
  case FluidOptionID::Untimed:
    S.UntimedList = Value.str();
    return true;
  case FluidOptionID::Cpu:
    S.CpuModel = Value.str();
    return true;
  case FluidOptionID::Profile:
    S.ProfileFile = Value.str();
    return true;
  default:
    return false;
  }
}

/// What an empty value of a setFluidName option should have been.
StringRef missingName(FluidOptionID ID) {
  return ID == FluidOptionID::Untimed
             ? "needs a file: a list from 'fluid-prof untimed'"
         : ID == FluidOptionID::Cpu
             ? "needs a QEMU CPU model name (e.g. --fluid-cpu=qemu64)"
             : "needs a file: a plan from 'fluid-prof plan' or a profile";
}

/// fluid-cc's options choosing among values.
Error parseFluidChoice(FluidOptionID ID, StringRef Value, StringRef Arg,
                       State &S) {
  switch (ID) {
  case FluidOptionID::InstrumentAt:
    S.Instrument = StringSwitch<Placement>(Value)
                       .Case("post-inline", Placement::PostInline)
                       .Case("pre-inline", Placement::PreInline)
                       .Default(Placement::None);
    if (S.Instrument == Placement::None)
      return invalidValue(Value, Arg, "post-inline or pre-inline");
    return Error::success();
  case FluidOptionID::Runtime: {
    std::optional<RuntimeKind> Kind =
        StringSwitch<std::optional<RuntimeKind>>(Value)
            .Case("hosted", RuntimeKind::Hosted)
            .Case("freestanding", RuntimeKind::Freestanding)
            .Case("none", RuntimeKind::None)
            .Default(std::nullopt);
    if (!Kind)
      return invalidValue(Value, Arg, "hosted, freestanding or none");
    S.Runtime = *Kind;
    return Error::success();
  }
  case FluidOptionID::CountUpdate:
    if (Value != "atomic" && Value != "single")
      return invalidValue(Value, Arg, "atomic or single");
    S.CountUpdate = Value.str();
    return Error::success();
  case FluidOptionID::UntimedSize: {
    unsigned Size;
    if (Value.getAsInteger(10, Size))
      return invalidValue(Value, Arg, "a number of IR instructions; 0 times "
                                      "every function");
    S.UntimedSize = std::to_string(Size);
    return Error::success();
  }
  default: { // CpuPolicy
    Expected<cpu::PolicyMode> Mode = cpu::parsePolicyMode(Value);
    if (!Mode) {
      consumeError(Mode.takeError());
      return invalidValue(Value, Arg, "clamp, error or off");
    }
    S.CpuMode = *Mode;
    return Error::success();
  }
  }
}

Error parseFluidArg(StringRef Arg, State &S) {
  Match<FluidOption> M = findFluidOption(Arg);
  if (StringRef New = renamedFluidOption(Arg); !M.Opt && !New.empty())
    return argError("'" + Arg.split('=').first + "' is now '" + New + "'");
  if (!M.Opt)
    return argError("unknown argument '" + Arg + "'; did you mean '" +
                    nearestFluidOption(Arg) + "'?");
  FluidOptionID ID = M.Opt->ID;
  StringRef Value = M.JoinedValue;
  if (setFluidFlag(ID, S))
    return Error::success();
  if (setFluidName(ID, Value, S))
    return Value.empty() ? argError("'" + Arg + "' " + missingName(ID))
                         : Error::success();
  return parseFluidChoice(ID, Value, Arg, S);
}

void noteInput(StringRef Arg, StringRef Language, State &S) {
  S.HasInputs = true;
  StringRef Effective = Language.empty() ? languageOfFile(Arg) : Language;
  bool Compiled = isCompiledLanguage(Effective);
  if (Compiled) {
    S.HasSources = true;
    S.Unpreprocessed |= !Effective.ends_with("cpp-output");
  }
  S.Readings.push_back({ArgReading::Input, "", Language.str(), Compiled});
}

void noteClangOption(ClangOptionID ID, StringRef Value, StringRef &Language,
                     State &S) {
  S.Seen[static_cast<int>(ID)] = true;
  switch (ID) {
  case ClangOptionID::Language:
    Language = Value == "none" ? StringRef() : Value;
    S.SawLanguage = true;
    if (Value.starts_with("c++") || Value.starts_with("objective-c++"))
      S.CxxLanguage = true;
    break;
  case ClangOptionID::Freestanding:
    S.Freestanding = true;
    break;
  case ClangOptionID::Hosted:
    S.Freestanding = false;
    break;
  case ClangOptionID::Target:
    S.Triple = Value.str();
    break;
  case ClangOptionID::Lto:
  case ClangOptionID::NoLto:
    S.Lto = ID == ClangOptionID::Lto;
    break;
  case ClangOptionID::UseLinker:
    S.Linker = Value.str();
    break;
  case ClangOptionID::UserHooks:
  case ClangOptionID::UserHooksBare:
  case ClangOptionID::UserHooksInlined:
    S.UserHooks = ID;
    break;
  case ClangOptionID::M16:
  case ClangOptionID::M32:
  case ClangOptionID::M64:
  case ClangOptionID::MX32:
    S.ArchFlag = ID == ClangOptionID::M64   ? "-m64"
                 : ID == ClangOptionID::M32 ? "-m32"
                 : ID == ClangOptionID::M16 ? "-m16"
                                            : "-mx32";
    break;
  default:
    break;
  }
}

/// One pass over the arguments: fluid-cc's own are taken out, clang's are
/// kept in order, classified, and each one's reading recorded.
Error scanArgs(ArrayRef<std::string> Args, State &S) {
  StringRef Language; // the -x in effect
  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef Arg = Args[I];
    if (Arg.starts_with("--fluid-") || Arg == "--help") {
      if (Error E = parseFluidArg(Arg, S))
        return E;
      continue;
    }
    S.ClangArgs.push_back(Arg.str());
    if (Arg == "-" || !Arg.starts_with("-")) {
      noteInput(Arg, Language, S);
      continue;
    }
    Match<ClangOption> M = findClangOption(Arg);
    if (!M.Opt) {
      S.Readings.push_back({}); // unknown to fluid-cc: clang's business
      continue;
    }
    StringRef Value = M.JoinedValue;
    bool TakesNext = M.Opt->Kind == OptionKind::Separate ||
                     (M.Opt->Kind == OptionKind::JoinedOrSeparate && M.IsExact);
    bool ValueNext = TakesNext && I + 1 < Args.size();
    if (ValueNext)
      Value = Args[++I];
    S.Readings.push_back(
        {ArgReading::Option, M.Opt->Spelling, Value.str(), false});
    if (ValueNext) {
      S.ClangArgs.push_back(Value.str());
      S.Readings.push_back(
          {ArgReading::OptionValue, M.Opt->Spelling, Value.str(), false});
    }
    noteClangOption(M.Opt->ID, Value, Language, S);
  }
  return Error::success();
}

Mode computeMode(const State &S) {
  if (S.seen(ClangOptionID::Version) || S.seen(ClangOptionID::Info) ||
      !S.HasInputs)
    return Mode::Info;
  if (S.seen(ClangOptionID::Preprocess))
    return Mode::Preprocess;
  if (S.seen(ClangOptionID::SyntaxOnly))
    return Mode::SyntaxOnly;
  if (S.seen(ClangOptionID::Assemble))
    return Mode::Assemble;
  if (S.seen(ClangOptionID::Compile))
    return Mode::Compile;
  return Mode::Link;
}

void chooseProgram(const State &S, const Environment &Env, Invocation &P) {
  P.CxxMode = StringRef(Env.ProgramName).ends_with("++") || S.CxxLanguage;
  P.ProgramOrigin = "the built-in clang";
  if (P.CxxMode && Env.ClangXXOverride) {
    P.Program = *Env.ClangXXOverride;
    P.ProgramOrigin = "FLUID_CLANGXX";
  } else if (Env.ClangOverride) {
    P.Program = *Env.ClangOverride;
    P.ProgramOrigin = "FLUID_CLANG";
  } else {
    P.Program = P.CxxMode ? Env.DefaultClangXX : Env.DefaultClang;
  }
  P.Args.push_back(P.Program);
  // A C compiler named by FLUID_CLANG drives C++ as clang++ would.
  if (P.CxxMode && P.ProgramOrigin == "FLUID_CLANG")
    P.Args.push_back("--driver-mode=g++");
}

std::string instrumentFlag(const State &S) {
  return S.Instrument == Placement::PreInline
             ? "--fluid-instrument=pre-inline"
             : "--fluid-instrument";
}

/// Compile-side flags: the runtime's header directory (searched last) for
/// every mode that preprocesses, and the plugin for every mode that
/// generates code. Only when some input is compiled, else clang would warn
/// that they are unused.
void addInstrumentFlags(const State &S, const Environment &Env, Invocation &P) {
  if (S.Instrument == Placement::None || !S.HasSources ||
      P.TheMode == Mode::Info)
    return;
  // Not for .i files alone (a distcc server's compiles): clang would call
  // the directory unused.
  SmallString<256> Include(Env.LibDir);
  sys::path::append(Include, "include");
  if (S.Unpreprocessed)
    P.Args.insert(P.Args.end(), {"-idirafter", std::string(Include)});
  if (P.TheMode == Mode::Preprocess || P.TheMode == Mode::SyntaxOnly)
    return;
  SmallString<256> Plugin(Env.LibDir);
  sys::path::append(Plugin, PluginName);
  std::string PluginPath(Plugin);
  // The marks go to clang's front end directly: as a driver flag,
  // -finstrument-functions-after-inlining would take the place of a user's
  // own -finstrument-functions (the driver keeps only the last of the two),
  // and Fluid would find no function marked.
  P.Args.insert(P.Args.end(),
                {"-fpass-plugin=" + PluginPath, "-Xclang", "-load", "-Xclang",
                 PluginPath, "-Xclang", "-finstrument-functions-after-inlining",
                 "-mllvm", "-fluid-honor-no-instrument", "-mllvm",
                 S.Instrument == Placement::PreInline
                     ? "-fluid-placement=pre-inline"
                     : "-fluid-placement=post-inline"});
  if (!S.UntimedSize.empty())
    P.Args.insert(P.Args.end(),
                  {"-mllvm", "-fluid-untimed-size=" + S.UntimedSize});
  if (!S.CountUpdate.empty())
    P.Args.insert(P.Args.end(),
                  {"-mllvm", "-fluid-count-update=" + S.CountUpdate});
  if (!S.UntimedList.empty()) {
    P.Args.insert(P.Args.end(),
                  {"-mllvm", "-fluid-untimed-list=" + S.UntimedList});
    P.RequiredFiles.push_back(
        {S.UntimedList, "untimed list", "--fluid-untimed"});
  }
  // The user's own after-inlining hooks share the marks: the pass must
  // leave them for the code generator to insert those hooks too (the entry
  // ones only for -finstrument-function-entry-bare, which has no exit hook).
  if (S.UserHooks == ClangOptionID::UserHooksInlined)
    P.Args.insert(P.Args.end(), {"-mllvm", "-fluid-keep-markers=all"});
  else if (S.UserHooks == ClangOptionID::UserHooksBare)
    P.Args.insert(P.Args.end(), {"-mllvm", "-fluid-keep-markers=entry"});
  P.RequiredFiles.push_back({PluginPath, "pass plugin", instrumentFlag(S)});
}

/// An LTO link inlines across objects after the hooks were inserted; the
/// plugin loaded into the link detaches the hooks the inliner moved
/// (passes/InstrumentPass.h). ld.lld can load it; other linkers cannot, and
/// the user hears why the profile may nest such functions wrongly.
void addLtoLinkFlags(const State &S, const Environment &Env, Invocation &P) {
  if (P.TheMode != Mode::Link || !S.Lto || S.Instrument == Placement::None)
    return;
  StringRef Linker = S.Linker;
  if (Linker == "lld" || sys::path::filename(Linker).starts_with("ld.lld")) {
    SmallString<256> PluginPath(Env.LibDir);
    sys::path::append(PluginPath, PluginName);
    P.Args.push_back("-Wl,--load-pass-plugin=" + std::string(PluginPath));
    P.RequiredFiles.push_back(
        {std::string(PluginPath), "pass plugin", instrumentFlag(S)});
    return;
  }
  P.Warnings.push_back(
      "-flto: only ld.lld can load Fluid's plugin into the link, which keeps "
      "functions inlined across objects apart in the profile; add "
      "-fuse-ld=lld");
}

/// The readings of \p After, the CPU policy's rewrite of \p Before (read as
/// \p Readings): the policy only removes CPU flags and appends its own, so
/// every argument it kept has its reading, in order, and the ones it
/// appended are flags no table lists.
std::vector<ArgReading> readingsAfterPolicy(ArrayRef<std::string> Before,
                                            ArrayRef<ArgReading> Readings,
                                            ArrayRef<std::string> After) {
  std::vector<ArgReading> Result;
  size_t Kept = 0;
  for (const std::string &Arg : After) {
    while (Kept < Before.size() && Before[Kept] != Arg)
      ++Kept; // removed by the policy
    Result.push_back(Kept < Before.size() ? Readings[Kept++] : ArgReading{});
  }
  return Result;
}

/// The QEMU CPU policy (--fluid-cpu=, driver/cpu): rewrites -march, -mcpu
/// and -m<feature> in the user's arguments, in every mode (the
/// preprocessor's feature macros must agree with the code generator's).
Error applyCpuPolicy(State &S, const Environment &Env, Invocation &P) {
  if (S.CpuModel.empty()) {
    if (S.PrintCpuFlags)
      return argError("--fluid-print-cpu-flags needs --fluid-cpu=MODEL");
    return Error::success();
  }
  cpu::PolicyRequest Request;
  Request.Model = S.CpuModel;
  Request.Mode = S.CpuMode;
  Request.Args = S.ClangArgs;
  Request.Host = Env.Host;
  Request.Tool = Env.ProgramName;
  Expected<cpu::PolicyResult> Result = cpu::applyCpuPolicy(Request);
  if (!Result)
    return Result.takeError();
  if (S.PrintCpuFlags) {
    P.PrintOnly = llvm::join(Result->CpuFlags, " ");
    return Error::success();
  }
  S.Readings = readingsAfterPolicy(S.ClangArgs, S.Readings, Result->Args);
  S.ClangArgs = std::move(Result->Args);
  if (!Result->Summary.empty())
    P.Warnings.push_back(Result->Summary);
  return Error::success();
}

/// The architecture the link targets, as the runtime archives name it, or
/// an error naming the flag or triple Fluid has no runtime for.
Expected<std::string> runtimeArch(const State &S, const Environment &Env) {
  if (S.ArchFlag == "-mx32")
    return argError("no Fluid runtime for -mx32 (use --fluid-runtime=none)");
  if (S.ArchFlag == "-m32" || S.ArchFlag == "-m16")
    return "i386";
  if (S.ArchFlag == "-m64")
    return "x86_64";
  llvm::Triple T(S.Triple.empty() ? Env.DefaultTriple : S.Triple);
  if (T.getArch() == llvm::Triple::x86)
    return "i386";
  if (T.getArch() == llvm::Triple::x86_64)
    return "x86_64";
  return argError("no Fluid runtime for target '" + T.str() +
                  "' (use --fluid-runtime=none)");
}

RuntimeKind chooseRuntime(const State &S) {
  if (S.Runtime != RuntimeKind::Auto)
    return S.Runtime;
  // A bare-metal triple (x86_64-elf, i686-none-elf) has no OS to host us.
  bool BareMetal = !S.Triple.empty() &&
                   llvm::Triple(S.Triple).getOS() == llvm::Triple::UnknownOS;
  if (S.Freestanding || S.seen(ClangOptionID::NoStdlib) || BareMetal)
    return RuntimeKind::Freestanding;
  return RuntimeKind::Hosted;
}

/// Link-side flags: the runtime, when an executable or shared object is
/// linked (never for -r: the final link adds it) and the user instruments
/// or asked for a runtime by name.
Error addRuntime(const State &S, const Environment &Env, Invocation &P) {
  if (P.TheMode != Mode::Link || S.seen(ClangOptionID::Relocatable))
    return Error::success();
  bool Wanted = (S.Instrument != Placement::None &&
                 S.Runtime != RuntimeKind::None) ||
                S.Runtime == RuntimeKind::Hosted ||
                S.Runtime == RuntimeKind::Freestanding;
  if (!Wanted)
    return Error::success();
  std::string Flag = S.Runtime == RuntimeKind::Auto ? instrumentFlag(S)
                     : S.Runtime == RuntimeKind::Hosted
                         ? "--fluid-runtime=hosted"
                         : "--fluid-runtime=freestanding";
  Expected<std::string> Arch = runtimeArch(S, Env);
  if (!Arch)
    return argError(Flag + ": " + toString(Arch.takeError()));
  SmallString<256> Path(Env.LibDir);
  std::string Variant = S.Contexts ? "_contexts" : "";
  if (chooseRuntime(S) == RuntimeKind::Hosted) {
    if (*Arch != "x86_64")
      return argError(Flag + ": the hosted runtime is x86_64 only, not " +
                      *Arch + " (use --fluid-runtime=freestanding or none)");
    for (auto [ID, Spelling] : {std::pair(ClangOptionID::Static, "-static"),
                                std::pair(ClangOptionID::StaticPie,
                                          "-static-pie")})
      if (S.seen(ID))
        return argError(Flag + ": " + Spelling +
                        " cannot link the hosted runtime, a shared library "
                        "(use --fluid-runtime=freestanding or none)");
    sys::path::append(Path, "lib" + std::string(HostedRuntime) + Variant +
                                ".so");
    P.Args.insert(P.Args.end(), {"-L" + Env.LibDir,
                                 "-l" + std::string(HostedRuntime) + Variant,
                                 "-Wl,-rpath," + Env.LibDir});
  } else {
    sys::path::append(Path, "libfluid_rt_" + *Arch + Variant + ".a");
    // The archive is an input file: a user's -x must not apply to it.
    P.Readings.resize(P.Args.size());
    if (S.SawLanguage) {
      P.Args.insert(P.Args.end(), {"-x", "none"});
      P.Readings.push_back({ArgReading::Option, "-x", "none", false});
      P.Readings.push_back({ArgReading::OptionValue, "-x", "none", false});
    }
    P.Args.push_back(std::string(Path));
    P.Readings.push_back({ArgReading::Input, "", "", false});
  }
  P.RequiredFiles.push_back({std::string(Path), "runtime", Flag});
  return Error::success();
}

} // namespace

Expected<Invocation> processArgs(ArrayRef<std::string> Args,
                                 const Environment &Env) {
  State S;
  if (Error E = scanArgs(Args, S))
    return std::move(E);
  Invocation P;
  P.PrintHelp = S.Help;
  if (P.PrintHelp)
    return P;
  P.TheMode = computeMode(S);
  P.PrintVersion = S.seen(ClangOptionID::Version);
  P.Verbose = S.FluidVerbose || S.seen(ClangOptionID::Verbose);
  P.ProfileFile = S.ProfileFile;
  P.Instrument = S.Instrument != Placement::None;
  P.InstrumentPreInline = S.Instrument == Placement::PreInline;
  P.SawLanguage = S.SawLanguage;
  if (Error E = applyCpuPolicy(S, Env, P))
    return std::move(E);
  if (P.PrintOnly)
    return P;
  chooseProgram(S, Env, P);
  addInstrumentFlags(S, Env, P);
  P.Readings.resize(P.Args.size()); // fluid-cc's flags, read as flags
  P.Readings.front().TheKind = ArgReading::Program;
  P.Args.insert(P.Args.end(), S.ClangArgs.begin(), S.ClangArgs.end());
  P.Readings.insert(P.Readings.end(), S.Readings.begin(), S.Readings.end());
  if (Error E = addRuntime(S, Env, P))
    return std::move(E);
  addLtoLinkFlags(S, Env, P);
  P.Readings.resize(P.Args.size());
  return P;
}

std::string helpText(StringRef ProgramName) {
  std::string Text = ("OVERVIEW: " + ProgramName +
                      ", Fluid's clang wrapper: instruments functions with "
                      "cycle-counter hooks and links Fluid's runtime\n\n"
                      "USAGE: " +
                      ProgramName + " [fluid options] [clang options] files...\n\n"
                      "FLUID OPTIONS:\n")
                         .str();
  for (const FluidOption &O : fluidOptions()) {
    std::string Name = O.Spelling;
    if (O.Kind == OptionKind::Joined)
      Name += "...";
    Text += "  " + Name;
    Text += std::string(Name.size() < 24 ? 24 - Name.size() : 1, ' ');
    Text += std::string(O.Help) + "\n";
  }
  Text += "\nEvery other argument goes to clang unchanged (see clang --help).\n"
          "ENVIRONMENT: FLUID_CLANG, FLUID_CLANGXX name the clang to wrap.\n";
  return Text;
}

} // namespace driver
} // namespace fluid

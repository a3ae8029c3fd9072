//===- ProfileCompile.cpp - fluid-cc --fluid-profile's compiles ----------===//
//
// See ProfileCompile.h: the stages of a --fluid-profile compile, run in
// order (the commands they start: Commands.h). The user's arguments are sorted once
// into what every step keeps (Layout::Common: flags, including the
// instrumentation and CPU flags processArgs added), the inputs, the output,
// the -O level and the dependency-file flags; each step then appends its own.
//
//===----------------------------------------------------------------------===//

#include "ProfileCompile.h"
#include "ArgLayout.h"
#include "AssemblyJoin.h"
#include "Commands.h"
#include "Options.h"
#include "OutputFiles.h"
#include "PartNames.h"
#include "PlanMarker.h"
#include "Plan.h"
#include "SplitModule.h"
#include "TempDir.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

using namespace llvm;
using namespace fluid::driver;

namespace fluid {
namespace levels {
namespace {

/// Plans and profiles above this size are refused before reading: real
/// plans are kilobytes, and a mistaken argument (a disk image, a core file)
/// should not be read into memory.
constexpr uint64_t MaxPlanBytes = 256ull << 20;

/// clang's flag for a level: "-O3".
std::string levelFlag(OptLevel L) { return ("-" + levelName(L)).str(); }

class Compiler {
public:
  Compiler(const driver::Plan &P, const CompileSettings &S)
      : P(P), S(S), Commands(S), L(sortArgs(P.Args)) {}

  int run();

private:
  int fail(const Twine &Message) {
    errs() << S.ToolName << ": error: " << Message << "\n";
    return 1;
  }
  void warn(const Twine &Message) {
    errs() << S.ToolName << ": warning: " << Message << "\n";
  }
  Error loadPlan();
  Error readMarkers();
  std::string planPath() const;
  Error checkMarkers(const std::string &Path) const;
  std::vector<std::string> frontEnd(const Input &In, FrontEnd F,
                                    const std::string &Out, bool First,
                                    const std::string &Target);
  int preprocess();
  std::optional<int> refuse();
  bool findJoinTools();
  int compileSources(ArrayRef<const Input *> Sources, const TempDir &Temp,
                     std::vector<std::string> &LinkArgs);
  int link(ArrayRef<const Input *> Sources, ArrayRef<std::string> LinkArgs);
  std::string preprocessDepFile() const;
  /// One source's compile, as it goes from stage to stage.
  struct SourceJob {
    SourceJob(const Input &In, const std::string &Out, const TempDir &Temp,
              unsigned Index)
        : In(In), Out(Out), Temp(Temp), Index(Index) {}
    const Input &In;
    const std::string &Out;
    const TempDir &Temp;
    unsigned Index; // of the source: its files' prefix in Temp
    std::map<FrontEnd, std::string> Bitcode; // each front end's output
    std::vector<std::unique_ptr<MemoryBuffer>> Buffers; // Bitcode, read
    std::string Source; // the source's name, as its front end gives it
    LLVMContext Ctx;    // the parts' (destroyed after them)
  };
  int compileSource(const Input &In, const std::string &Out,
                    const TempDir &Temp, unsigned Index);
  std::optional<LevelChoice> chooseSourceLevels(SourceJob &J);
  void reportChoice(const LevelChoice &Choice, StringRef Source);
  std::optional<SplitResult> splitSource(SourceJob &J,
                                         const LevelChoice &Choice);
  std::optional<std::vector<PartFile>> compileParts(SourceJob &J,
                                                    std::vector<Part> &Parts);
  std::optional<std::string>
  joinParts(SourceJob &J, ArrayRef<PartFile> Objects,
            ArrayRef<std::pair<std::string, std::string>> Promoted);

  const driver::Plan &P;
  const CompileSettings &S;
  CommandRunner Commands;
  Layout L;
  fluid::Plan ThePlan;
  /// Preprocessed inputs naming their plan, with what they name.
  std::vector<std::pair<std::string, PlanMarker>> Marked;
  std::string Ld, Objcopy;
};

/// A file clang reads as preprocessed (.i, .ii, -x cpp-output...).
bool isPreprocessed(const Input &In) {
  if (!In.Language.empty())
    return StringRef(In.Language).ends_with("cpp-output");
  StringRef Ext = sys::path::extension(In.Path);
  return Ext == ".i" || Ext == ".ii" || Ext == ".mi" || Ext == ".mii";
}

Error Compiler::readMarkers() {
  for (const Input &In : L.Inputs) {
    if (!In.Compiled || !isPreprocessed(In))
      continue;
    Expected<std::optional<PlanMarker>> M = readPlanMarker(In.Path);
    if (!M)
      return createStringError(inconvertibleErrorCode(),
                               In.Path + ": cannot read: " +
                                   toString(M.takeError()));
    if (*M)
      Marked.push_back({In.Path, std::move(**M)});
  }
  return Error::success();
}

/// The plan to read: --fluid-profile's, or, when that relative path is not
/// here (a build host compiling in a directory of its own, as distccd does),
/// the absolute path a preprocessed input names: the preprocessing host's
/// directory joined with the same relative path.
std::string Compiler::planPath() const {
  const std::string &Given = P.ProfileFile;
  if (Marked.empty() || sys::fs::exists(Given) ||
      sys::path::is_absolute(Given))
    return Given;
  const std::string &Named = Marked.front().second.Path;
  if (!StringRef(Named).ends_with("/" + Given) || !sys::fs::exists(Named))
    return Given;
  if (S.Verbose)
    errs() << S.ToolName << ": note: --fluid-profile=" << Given
           << " is not in this directory; reading " << Named << ", which "
           << Marked.front().first << " was preprocessed with\n";
  return Named;
}

/// Every preprocessed input was preprocessed with this plan: a build host
/// with another copy (stale, edited) would level the code differently from
/// what the preprocessing host (and its compiler cache) saw.
Error Compiler::checkMarkers(const std::string &Path) const {
  uint64_t Digest = planDigest(ThePlan);
  for (const auto &[Input, M] : Marked)
    if (M.Digest != Digest)
      return createStringError(
          inconvertibleErrorCode(),
          formatv("--fluid-profile: {0}: is not the plan {1} was "
                  "preprocessed with ({2}, digest {3:x-16}; this one "
                  "{4:x-16}): every build host needs the same plan at the "
                  "same path",
                  Path, Input, M.Path, M.Digest, Digest));
  return Error::success();
}

Error Compiler::loadPlan() {
  if (Error E = readMarkers())
    return E;
  const std::string Path = planPath();
  auto Err = [&](const Twine &Message) {
    return createStringError(inconvertibleErrorCode(),
                             "--fluid-profile: " + Path + ": " + Message);
  };
  std::string Hint;
  if (!Marked.empty() && Marked.front().second.Path != Path)
    Hint = " (nor " + Marked.front().second.Path + ", which " +
           Marked.front().first +
           " names: every build host needs the plan at the same path)";
  sys::fs::file_status Status;
  if (std::error_code EC = sys::fs::status(Path, Status))
    return Err("cannot read: " + EC.message() + Hint);
  if (sys::fs::is_directory(Status))
    return Err("is a directory, not a plan or profile");
  if (Status.getSize() > MaxPlanBytes)
    return Err(formatv("is {0} bytes, more than any plan ({1} MiB limit); "
                       "is it the right file?",
                       Status.getSize(), MaxPlanBytes >> 20));
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFile(Path, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return Err("cannot read: " + Buffer.getError().message());
  Expected<fluid::Plan> Read =
      readPlanOrProfile((*Buffer)->getBuffer(), Path);
  if (!Read)
    return createStringError(inconvertibleErrorCode(),
                             "--fluid-profile: " + toString(Read.takeError()));
  ThePlan = std::move(*Read);
  return checkMarkers(Path);
}

std::vector<std::string> Compiler::frontEnd(const Input &In, FrontEnd F,
                                            const std::string &Out, bool First,
                                            const std::string &Target) {
  std::vector<std::string> Cmd = {S.ClangPath};
  llvm::append_range(Cmd, L.Common);
  if (L.Fast)
    Cmd.push_back("-ffast-math");
  Cmd.push_back(frontEndFlag(F).str());
  Cmd.insert(Cmd.end(),
             {"-emit-llvm", "-c", "-Xclang", "-disable-llvm-passes"});
  // A compile-and-link's linker flags are the link's business, and the
  // plugin's -mllvm options are the parts' (clang sees no pass run here).
  if (P.TheMode == Mode::Link || P.Instrument)
    Cmd.push_back("-Wno-unused-command-line-argument");
  if (First) {
    llvm::append_range(Cmd, L.Deps);
    if (L.WantsDeps && !L.HasDepTarget)
      Cmd.insert(Cmd.end(), {"-MT", Target});
    if (L.WantsDeps && !L.HasDepFile)
      Cmd.insert(Cmd.end(), {"-MF", L.DepFile});
  } else {
    Cmd.push_back("-w"); // the first front end printed the diagnostics
  }
  if (!In.Language.empty())
    Cmd.insert(Cmd.end(), {"-x", In.Language});
  Cmd.insert(Cmd.end(), {In.Path, "-o", Out});
  return Cmd;
}

/// Front end and level choice: the command line's front end (the one that
/// writes the dependency file and prints the diagnostics), then each
/// function's level, chosen on its module.
std::optional<LevelChoice> Compiler::chooseSourceLevels(SourceJob &J) {
  FrontEnd BaseFE = frontEndOf(L.Level);
  J.Bitcode[BaseFE] = J.Temp.file(frontEndFileName(J.Index,
                                                   frontEndFlag(BaseFE)));
  if (!Commands.run(
          frontEnd(J.In, BaseFE, J.Bitcode[BaseFE], /*First=*/true, J.Out)))
    return std::nullopt;
  ErrorOr<std::unique_ptr<MemoryBuffer>> BaseBuffer =
      MemoryBuffer::getFile(J.Bitcode[BaseFE]);
  if (!BaseBuffer) {
    fail(J.In.Path + ": cannot read the front end's output: " +
         BaseBuffer.getError().message());
    return std::nullopt;
  }
  Expected<std::unique_ptr<Module>> BaseModule =
      parseBitcodeFile((*BaseBuffer)->getMemBufferRef(), J.Ctx);
  if (!BaseModule) {
    fail(J.In.Path + ": " + toString(BaseModule.takeError()));
    return std::nullopt;
  }
  // The source's name: a preprocessed input's comes from its first line
  // marker (on a distcc server, the input is a temporary file).
  J.Source = (**BaseModule).getSourceFileName();
  return chooseLevels(**BaseModule, ThePlan, L.Level);
}

/// What the level choice tells the user: the functions left at the command
/// line's level, and with --fluid-verbose every function's level.
void Compiler::reportChoice(const LevelChoice &Choice, StringRef Source) {
  // A file none of whose functions the plan knows was not profiled (not
  // instrumented, or not in the profiled program): say so only on request.
  // Once the plan knows some, the rest are news.
  size_t Fallback = Choice.Stale.size() + Choice.Unknown.size();
  bool Unprofiled = Choice.Planned == 0 && Choice.Stale.empty();
  if (Unprofiled && S.Verbose)
    errs() << S.ToolName << ": note: " << Source << ": none of its "
           << Fallback + Choice.Unlisted.size()
           << " functions is in --fluid-profile=" << P.ProfileFile
           << "; all compiled at " << levelFlag(L.Level) << "\n";
  if (Fallback && !Unprofiled) {
    std::string Detail;
    if (!Choice.Stale.empty())
      Detail += formatv("{0} changed since the profile", Choice.Stale.size());
    if (!Choice.Unknown.empty())
      Detail += formatv("{0}{1} not in it", Detail.empty() ? "" : ", ",
                        Choice.Unknown.size());
    warn(formatv("{0}: {1} of {2} functions compiled at {3}, the command "
                 "line's level ({4}; --fluid-profile={5}){6}",
                 Source, Fallback, Fallback + Choice.Planned,
                 levelFlag(L.Level), Detail, P.ProfileFile,
                 S.Verbose ? "" : "; --fluid-verbose lists them"));
  }
  if (S.Verbose)
    for (const auto &Entry : Choice.Functions)
      errs() << S.ToolName << ": note: " << Source << ": "
             << Entry.second.Name << ": " << levelFlag(Entry.second.Level)
             << (Entry.second.Level != L.Level || Entry.second.Why ==
                         Source::Planned
                     ? ""
                     : " (the command line's)")
             << ": " << Entry.second.Reason << "\n";
}

/// Split: the front ends the other levels need, then the split of their
/// bitcode into one part per level.
std::optional<SplitResult> Compiler::splitSource(SourceJob &J,
                                                 const LevelChoice &Choice) {
  std::vector<std::vector<std::string>> Extra;
  for (OptLevel Level : Choice.Levels) {
    FrontEnd F = frontEndOf(Level);
    if (J.Bitcode.count(F))
      continue;
    J.Bitcode[F] = J.Temp.file(frontEndFileName(J.Index, frontEndFlag(F)));
    Extra.push_back(frontEnd(J.In, F, J.Bitcode[F], /*First=*/false, J.Out));
  }
  if (!Commands.runParallel(Extra))
    return std::nullopt;
  std::map<FrontEnd, MemoryBufferRef> Refs;
  for (const auto &[F, Path] : J.Bitcode) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> B = MemoryBuffer::getFile(Path);
    if (!B) {
      fail(J.Source + ": cannot read the front end's output: " +
           B.getError().message());
      return std::nullopt;
    }
    Refs[F] = (*B)->getMemBufferRef();
    J.Buffers.push_back(std::move(*B));
  }
  SplitOptions Options;
  Options.KeepIdentity = P.Instrument;
  Options.NoOffers = P.InstrumentPreInline;
  Options.UniqueCopyNames = P.TheMode == Mode::Assemble;
  Expected<SplitResult> Split = splitModule(
      Refs, Choice, L.Level, partTag(J.Source), Options, J.Ctx);
  if (!Split) {
    fail(J.Source + ": cannot split by level (internal error; compile "
         "without --fluid-profile and report it): " +
         toString(Split.takeError()));
    return std::nullopt;
  }
  return std::move(*Split);
}

/// Back end: each part written as bitcode and compiled by clang at its
/// level with the user's flags, to an object (assembly with -S).
std::optional<std::vector<PartFile>>
Compiler::compileParts(SourceJob &J, std::vector<Part> &Parts) {
  std::vector<std::vector<std::string>> Backends;
  std::vector<PartFile> Objects;
  bool Asm = P.TheMode == Mode::Assemble;
  for (const Part &Part : Parts) {
    std::string Bc = J.Temp.file(partFileName(J.Index, Part.Level, ".bc")),
                Obj = J.Temp.file(
                    partFileName(J.Index, Part.Level, Asm ? ".s" : ".o"));
    std::error_code EC;
    raw_fd_ostream OS(Bc, EC);
    if (EC) {
      fail(Bc + ": cannot write: " + EC.message());
      return std::nullopt;
    }
    WriteBitcodeToFile(*Part.M, OS);
    OS.close();
    std::vector<std::string> Cmd = {S.ClangPath};
    llvm::append_range(Cmd, L.Common);
    if (L.Fast)
      Cmd.push_back("-ffast-math");
    Cmd.insert(Cmd.end(), {levelFlag(Part.Level),
                           "-Wno-unused-command-line-argument", Asm ? "-S" : "-c",
                           "-x", "ir", Bc, "-o", Obj});
    Backends.push_back(std::move(Cmd));
    Objects.push_back({Part.Level, Obj});
  }
  Parts.clear();
  if (!Commands.runParallel(Backends))
    return std::nullopt;
  return Objects;
}

/// Join: the parts' assembly as one file (-S), or their objects relinked
/// (ld.lld -r) with the promoted symbols made local under their own names.
/// Returns the joined file.
std::optional<std::string>
Compiler::joinParts(SourceJob &J, ArrayRef<PartFile> Objects,
                    ArrayRef<std::pair<std::string, std::string>> Promoted) {
  if (P.TheMode == Mode::Assemble) {
    std::string Final = J.Temp.file(joinedFileName(J.Index, ".s"));
    if (Error E = joinAssembly(Objects, Promoted, Final)) {
      fail(J.Source + ": " + toString(std::move(E)));
      return std::nullopt;
    }
    return Final;
  }
  if (Objects.size() == 1)
    return Objects.front().Path;
  std::string Final = J.Temp.file(joinedFileName(J.Index, ".o"));
  std::vector<std::string> Link = {Ld, "-r", "-o", Final};
  for (const PartFile &Object : Objects)
    Link.push_back(Object.Path);
  if (!Commands.run(Link)) {
    fail(J.Source + ": relinking the parts failed");
    return std::nullopt;
  }
  if (Promoted.empty())
    return Final;
  std::vector<std::string> Fix = {Objcopy};
  for (const auto &[Shared, Own] : Promoted) {
    Fix.push_back("--localize-symbol=" + Shared);
    Fix.push_back("--redefine-sym=" + Shared + "=" + Own);
  }
  Fix.push_back(Final);
  if (!Commands.run(Fix)) {
    fail(J.Source + ": making the parts' shared internal symbols "
         "local again failed");
    return std::nullopt;
  }
  return Final;
}

/// One source through the stages: front end and level choice, split, back
/// end, join, then the output and its dependency file.
int Compiler::compileSource(const Input &In, const std::string &Out,
                            const TempDir &Temp, unsigned Index) {
  SourceJob J(In, Out, Temp, Index);
  std::optional<LevelChoice> Choice = chooseSourceLevels(J);
  if (!Choice)
    return 1;
  reportChoice(*Choice, J.Source);
  std::optional<SplitResult> Split = splitSource(J, *Choice);
  if (!Split)
    return 1;
  std::optional<std::vector<PartFile>> Objects = compileParts(J, Split->Parts);
  if (!Objects)
    return 1;
  std::optional<std::string> Final = joinParts(J, *Objects, Split->Promoted);
  if (!Final)
    return 1;
  if (Error E = placeOutput(*Final, Out))
    return fail(toString(std::move(E)));
  if (L.WantsDeps && !L.DepFile.empty())
    if (Error E = addPlanToDepFile(L.DepFile, P.ProfileFile))
      return fail(toString(std::move(E)));
  return 0;
}

/// clang -E, with line markers naming the plan after the first line.
int Compiler::preprocess() {
  SmallString<256> Absolute(P.ProfileFile);
  sys::fs::make_absolute(Absolute);
  std::string Lines =
      formatPlanMarker({std::string(Absolute), planDigest(ThePlan)});
  bool ToStdout = !L.Output || *L.Output == "-";
  TempDir Temp;
  std::string Written = ToStdout ? "" : *L.Output;
  if (ToStdout) {
    // Captured: the markers go after clang's first line.
    if (Error E = Temp.create())
      return fail(toString(std::move(E)));
    Written = Temp.file("stdout.i");
    if (!Commands.runToFile(P.Args, Written))
      return 1;
  } else if (!Commands.run(P.Args)) {
    return 1;
  }
  ErrorOr<std::unique_ptr<MemoryBuffer>> Text = MemoryBuffer::getFile(Written);
  if (!Text)
    return fail(Written + ": cannot read: " + Text.getError().message());
  // Copied out of the (mapped) buffer before the file is rewritten.
  std::string Content = insertPlanMarker((*Text)->getBuffer(), Lines);
  Text->reset();
  // A distcc client preprocesses with the build's -MD: its dependency file
  // lists the plan as the compile's would.
  if (L.WantsDeps)
    if (Error E = addPlanToDepFile(preprocessDepFile(), P.ProfileFile))
      return fail(toString(std::move(E)));
  if (ToStdout) {
    outs() << Content;
    outs().flush();
    return 0;
  }
  std::error_code EC;
  raw_fd_ostream Out(Written, EC);
  if (EC)
    return fail(Written + ": cannot write: " + EC.message());
  Out << Content;
  return 0;
}

/// The dependency file `clang -E -MD` wrote: -MF's, else named after -o
/// (up to its last dot), else after the first input's stem.
std::string Compiler::preprocessDepFile() const {
  if (L.HasDepFile)
    return L.DepFile;
  std::string Base;
  if (L.Output)
    Base = L.Output->substr(0, L.Output->rfind('.'));
  else if (!L.Inputs.empty())
    Base = sys::path::stem(L.Inputs.front().Path).str();
  return Base + ".d";
}

int Compiler::run() {
  if (Error E = loadPlan())
    return fail(toString(std::move(E)));
  // Modes without code generation ignore the plan (it was still checked),
  // except that preprocessed output names it in a line marker, as it names
  // headers: a compiler cache that hashes what -E read (ccache does, in
  // both its modes) then misses when the plan changes.
  if (P.TheMode == Mode::Preprocess &&
      llvm::none_of(L.All, [](const std::string &A) {
        return A == "-P" || A == "-M" || A == "-MM" || A == "-dM";
      }))
    return preprocess();
  if (P.TheMode != Mode::Compile && P.TheMode != Mode::Link &&
      P.TheMode != Mode::Assemble)
    return -1;
  if (std::optional<int> Refused = refuse())
    return *Refused;
  std::vector<const Input *> Sources;
  for (const Input &In : L.Inputs)
    if (In.Compiled)
      Sources.push_back(&In);
  if (Sources.empty())
    return -1; // nothing to compile: a link of objects
  if (P.TheMode == Mode::Compile && L.Output && Sources.size() > 1)
    return fail("cannot specify -o when generating multiple output files");
  if (!findJoinTools())
    return 1;
  TempDir Temp;
  if (Error E = Temp.create())
    return fail(toString(std::move(E)));
  std::vector<std::string> LinkArgs = L.All;
  if (int Status = compileSources(Sources, Temp, LinkArgs))
    return Status;
  if (P.TheMode != Mode::Link)
    return 0;
  return link(Sources, LinkArgs);
}

/// What this route cannot honour: one error line, else std::nullopt.
std::optional<int> Compiler::refuse() {
  if (P.TheMode == Mode::Assemble && L.DebugInfo)
    return fail("--fluid-profile -S cannot keep debug information (-g): the "
                "parts' line tables cannot share one assembly file; compile "
                "with -c (-g works there), or drop -g");
  if (!L.Refused.empty())
    return fail("--fluid-profile cannot be combined with '" + L.Refused[0] +
                "': " +
                (StringRef(L.Refused[0]).starts_with("-flto")
                     ? "per-function levels need machine code per level; "
                       "build without -flto (the levels replace the "
                       "whole-program optimization)"
                     : "the levels are compiled as separate parts and "
                       "relinked into one object"));
  return std::nullopt;
}

/// The join's tools, LLVM 19's ld.lld and llvm-objcopy.
bool Compiler::findJoinTools() {
  std::optional<std::string> LdPath = Commands.findTool("ld.lld"),
                             ObjcopyPath = Commands.findTool("llvm-objcopy");
  if (!LdPath || !ObjcopyPath) {
    fail(std::string("--fluid-profile needs ") +
         (!LdPath ? "ld.lld" : "llvm-objcopy") +
         " (LLVM 19's, next to clang or in PATH): install lld-19 and "
         "llvm-19");
    return false;
  }
  Ld = *LdPath;
  Objcopy = *ObjcopyPath;
  return true;
}

/// Each source compiled to its object (a temporary one before a link),
/// which takes the source's place in \p LinkArgs. Returns the exit status.
int Compiler::compileSources(ArrayRef<const Input *> Sources,
                             const TempDir &Temp,
                             std::vector<std::string> &LinkArgs) {
  unsigned Index = 0;
  for (const Input *In : Sources) {
    std::string Out;
    if (P.TheMode == Mode::Link) {
      Out = Temp.file(Twine(Index) + "-" + sys::path::stem(In->Path) + ".o");
    } else if (L.Output) {
      Out = *L.Output;
    } else {
      Out = (sys::path::stem(In->Path) +
             (P.TheMode == Mode::Assemble ? ".s" : ".o"))
                .str();
    }
    if (L.WantsDeps && !L.HasDepFile) {
      SmallString<256> Dep(P.TheMode == Mode::Compile && L.Output && *L.Output != "-"
                               ? StringRef(*L.Output)
                               : sys::path::filename(In->Path));
      sys::path::replace_extension(Dep, "d");
      L.DepFile = std::string(Dep);
    }
    int Status = compileSource(*In, Out, Temp, Index++);
    if (Status != 0) {
      // Never leave an old object looking current (clang removes its
      // output on failure too); devices such as /dev/null stay.
      sys::fs::file_status Old;
      if (P.TheMode == Mode::Compile && Out != "-" &&
          !sys::fs::status(Out, Old) && sys::fs::is_regular_file(Old))
        sys::fs::remove(Out);
      return Status;
    }
    LinkArgs[In->Position] = Out;
  }
  return 0;
}

/// The link, as asked, with \p LinkArgs.
int Compiler::link(ArrayRef<const Input *> Sources,
                   ArrayRef<std::string> LinkArgs) {
  // The link, as asked, with the objects in the sources' places (after
  // -x none, so a user's -x c does not apply to them).
  std::vector<std::string> Link = {S.ClangPath};
  for (size_t I = 0; I < LinkArgs.size(); ++I) {
    const Input *Source = nullptr;
    for (const Input *In : Sources)
      if (In->Position == I)
        Source = In;
    if (Source && !Source->Language.empty())
      Link.insert(Link.end(), {"-x", "none"});
    Link.push_back(LinkArgs[I]);
    if (Source && !Source->Language.empty())
      Link.insert(Link.end(), {"-x", Source->Language});
  }
  // The compile flags were used by the compiles above, as in a plain
  // compile-and-link; clang must not call them unused here.
  Link.push_back("-Wno-unused-command-line-argument");
  return Commands.run(Link) ? 0 : 1;
}

} // namespace

int runProfileCompile(const driver::Plan &P, const CompileSettings &S) {
  Compiler C(P, S);
  return C.run();
}

} // namespace levels
} // namespace fluid

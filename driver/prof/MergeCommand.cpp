//===- MergeCommand.cpp - fluid-prof merge --------------------------------===//
//
// Reads the inputs one at a time into a ProfileMerger (Merge.h) and writes
// the sum, framed as the runtime frames a profile, through a temporary file
// and a rename: any bad input is a one-line error and no output file.
//
//===----------------------------------------------------------------------===//

#include "CommandSupport.h"
#include "Merge.h"
#include "ProfileCommands.h"
#include "ProfileWriter.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace fluid {

namespace {

cl::SubCommand MergeCmd("merge", "Sum profiles of one build into one "
                                 "profile (weights, contexts included)");
cl::list<std::string> Inputs(cl::Positional, cl::ZeroOrMore,
                             cl::desc("<profile>..."), cl::sub(MergeCmd),
                             cl::cat(profileCommandsCategory()));
cl::list<std::string>
    Weighted("weight",
             cl::desc("N:FILE: FILE's counters count N times (FILE is an "
                      "input; repeatable)"),
             cl::value_desc("N:file"), cl::sub(MergeCmd),
             cl::cat(profileCommandsCategory()));
cl::list<std::string>
    FilesFrom("files-from",
              cl::desc("Read more input paths from this file, one per line"),
              cl::value_desc("list"), cl::sub(MergeCmd),
              cl::cat(profileCommandsCategory()));
cl::opt<std::string> Output("o", cl::desc("Output profile"),
                            cl::value_desc("file"), cl::Required,
                            cl::sub(MergeCmd),
                            cl::cat(profileCommandsCategory()));

struct Input {
  std::string Path;
  uint64_t Weight = 1;
};

/// "N:FILE" with N a whole number from 1.
Expected<Input> parseWeighted(StringRef Arg) {
  auto [Number, Path] = Arg.split(':');
  uint64_t Weight = 0;
  if (Path.empty() || Number.getAsInteger(10, Weight) || Weight == 0)
    return createStringError(inconvertibleErrorCode(),
                             "--weight=%s: not N:FILE with N a whole number "
                             "from 1",
                             Arg.str().c_str());
  return Input{Path.str(), Weight};
}

/// Calls Each for every input in command-line order: positional, weighted,
/// then listed, a list read line by line as it goes (ten thousand paths
/// are never held at once).
Error forEachInput(function_ref<Error(const Input &)> Each) {
  size_t Seen = 0;
  for (const std::string &Path : Inputs)
    if (++Seen; Error E = Each({Path, 1}))
      return E;
  for (const std::string &Arg : Weighted) {
    Expected<Input> In = parseWeighted(Arg);
    if (!In)
      return In.takeError();
    if (++Seen; Error E = Each(*In))
      return E;
  }
  for (const std::string &List : FilesFrom) {
    auto Buffer = readInputFile(List);
    if (!Buffer)
      return Buffer.takeError();
    for (StringRef Rest = (*Buffer)->getBuffer(); !Rest.empty();) {
      auto [Line, Next] = Rest.split('\n');
      Rest = Next;
      if (Line.rtrim("\r").empty())
        continue;
      if (++Seen; Error E = Each({Line.rtrim("\r").str(), 1}))
        return E;
    }
  }
  if (!Seen)
    return createStringError(inconvertibleErrorCode(),
                             "merge: no input profiles");
  return Error::success();
}

} // namespace

bool mergeSelected() { return bool(MergeCmd); }

int runMerge() {
  ProfileMerger Merger;
  // One profile in memory at a time: it is added, then dropped.
  if (Error E = forEachInput([&](const Input &In) -> Error {
        Expected<Profile> P = readCheckedProfile(In.Path, "merge");
        if (!P)
          return P.takeError();
        return Merger.add(*P, In.Path, In.Weight);
      }))
    return reportError(toString(std::move(E)));
  Profile Sum = Merger.result();
  if (Error E = writeToOutput(Output, [&](raw_ostream &OS) {
        writeFramedProfile(Sum, OS);
        return Error::success();
      }))
    return reportError(Output + ": cannot write: " + toString(std::move(E)));
  errs() << "fluid-prof: "
         << (Output == "-" ? StringRef("<stdout>") : StringRef(Output)) << ": "
         << Merger.count() << " profile(s) merged, " << Sum.Functions.size()
         << " functions, " << Sum.Contexts.size() << " contexts\n";
  return 0;
}

} // namespace fluid

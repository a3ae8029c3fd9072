//===- SplitModule.cpp - One module per optimization level ---------------===//
//
// See SplitModule.h. The split in three steps, each a unit of its own:
// which part owns each definition (PartOwnership.h), decided once on the
// module of the command line's front end; what each part holds besides
// (PartContents.h), walked from each part's own front end; then each part
// built from a fresh parse of its level's front end (PartBuilder.h). The O0
// and O1 front ends emit the same globals under the same names as the O2
// one, only with other marks, so decisions apply by name.
//
//===----------------------------------------------------------------------===//

#include "SplitModule.h"
#include "PartBuilder.h"
#include "PartContents.h"
#include "PartNames.h"
#include "PartOwnership.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <set>

using namespace llvm;

namespace fluid {
namespace levels {

Expected<SplitResult>
splitModule(const std::map<FrontEnd, MemoryBufferRef> &FrontEnds,
            const LevelChoice &Choice, OptLevel CommandLine, StringRef Tag,
            const SplitOptions &Options, LLVMContext &Ctx) {
  auto Load = [&](OptLevel L) -> Expected<std::unique_ptr<Module>> {
    auto It = FrontEnds.find(frontEndOf(L));
    if (It == FrontEnds.end())
      return createStringError(inconvertibleErrorCode(),
                               "no front-end output for " + levelName(L));
    return parseBitcodeFile(It->second, Ctx);
  };
  // Each front end read once more, untouched, for the decisions: a part
  // refers to what its own front end emits.
  std::map<FrontEnd, std::unique_ptr<Module>> Views;
  SmallVector<OptLevel, 8> Levels(Choice.Levels.begin(), Choice.Levels.end());
  Levels.push_back(CommandLine);
  for (OptLevel L : Levels) {
    if (Views.count(frontEndOf(L)))
      continue;
    Expected<std::unique_ptr<Module>> View = Load(L);
    if (!View)
      return View.takeError();
    Views[frontEndOf(L)] = std::move(*View);
  }
  Ownership Owners(Views, Choice, CommandLine);
  PartContents Contents(Owners, Options);
  PartBuilder Builder(Owners, Contents, Tag, Options);

  SplitResult Result;
  for (OptLevel L : Choice.Levels) {
    Expected<std::unique_ptr<Module>> M = Load(L);
    if (!M)
      return M.takeError();
    if (Error E = Builder.build(**M, L))
      return std::move(E);
    Result.Parts.push_back({L, std::move(*M)});
  }
  // The promoted names, from what the parts hold.
  std::set<std::pair<std::string, std::string>> Promoted;
  for (const Part &P : Result.Parts)
    for (const GlobalValue &GV : P.M->global_values())
      if (std::optional<StringRef> Own = ownNameOf(GV.getName(), Tag))
        Promoted.insert({GV.getName().str(), Own->str()});
  Result.Promoted.assign(Promoted.begin(), Promoted.end());
  return Result;
}

} // namespace levels
} // namespace fluid

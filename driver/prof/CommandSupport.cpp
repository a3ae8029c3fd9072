//===- CommandSupport.cpp - What fluid-prof's subcommands share ----------===//

#include "CommandSupport.h"
#include "Accounting.h"
#include "JsonReader.h"
#include "Plan.h"
#include "ProfileCommands.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace fluid {

cl::OptionCategory &profileCommandsCategory() {
  static cl::OptionCategory Category("fluid-prof merge, diff and export "
                                     "options");
  return Category;
}

int reportError(const Twine &Message) {
  WithColor::error(errs(), "fluid-prof") << Message << "\n";
  return 1;
}

void reportWarning(const Twine &Message) {
  WithColor::warning(errs(), "fluid-prof") << Message << "\n";
}

void writeCsvRow(raw_ostream &OS, ArrayRef<std::string> Fields) {
  for (size_t I = 0; I < Fields.size(); ++I) {
    StringRef S = Fields[I];
    OS << (I ? "," : "");
    if (S.find_first_of(",\"\r\n") == StringRef::npos && !S.starts_with(" ") &&
        !S.ends_with(" ")) {
      OS << S;
      continue;
    }
    OS << '"';
    for (char C : S)
      OS << (C == '"' ? "\"\"" : StringRef(&C, 1));
    OS << '"';
  }
  OS << "\r\n";
}

Expected<Profile> readCheckedProfile(StringRef Path, StringRef Subcommand) {
  auto Buffer = readInputFile(Path);
  if (!Buffer)
    return Buffer.takeError();
  StringRef Data = (*Buffer)->getBuffer();
  if (isPlanDocument(Data))
    return failAt(Path,
                  "is a plan; fluid-prof " + Subcommand + " reads profiles");
  Expected<Profile> P = readProfile(Data, Path, -1, reportWarning);
  if (!P)
    return P.takeError();
  if (Error E = checkAccounting(*P, Path))
    return std::move(E);
  return P;
}

} // namespace fluid

//===- InProcess.cpp - Run clang's compile jobs in this process ---------===//
//
// See InProcess.h. Like clang's own driver with in-process cc1: the
// command line goes through clang's Driver, which builds the jobs (the same
// -cc1 arguments `clang -###` shows); each -cc1 job runs here through a
// CompilerInstance, any other job (an assembler, a linker) as a process.
//
//===----------------------------------------------------------------------===//

#include "InProcess.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Driver/Compilation.h"
#include "clang/Driver/Driver.h"
#include "clang/Driver/Job.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/TextDiagnosticBuffer.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/FrontendTool/Utils.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"

#include <mutex>

using namespace llvm;

namespace fluid {
namespace levels {
namespace {

void initializeTargets() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    InitializeAllTargets();
    InitializeAllTargetMCs();
    InitializeAllAsmPrinters();
    InitializeAllAsmParsers();
  });
}

/// One -cc1 job, as clang's cc1_main runs it.
int runCC1(ArrayRef<const char *> Args, const char *Argv0) {
  auto Clang = std::make_unique<clang::CompilerInstance>();
  IntrusiveRefCntPtr<clang::DiagnosticIDs> DiagID(new clang::DiagnosticIDs());
  IntrusiveRefCntPtr<clang::DiagnosticOptions> DiagOpts =
      new clang::DiagnosticOptions();
  auto *Buffer = new clang::TextDiagnosticBuffer;
  clang::DiagnosticsEngine Diags(DiagID, &*DiagOpts, Buffer);
  bool Ok = clang::CompilerInvocation::CreateFromArgs(Clang->getInvocation(),
                                                      Args, Diags, Argv0);
  Clang->createDiagnostics();
  if (!Clang->hasDiagnostics())
    return 1;
  Buffer->FlushDiagnostics(Clang->getDiagnostics());
  if (!Ok)
    return 1;
  // -mllvm options are parsed again for every job: forget the previous
  // job's occurrences first, as a fresh process would.
  cl::ResetAllOptionOccurrences();
  Ok = clang::ExecuteCompilerInvocation(Clang.get());
  return Ok ? 0 : 1;
}

} // namespace

int runClangInProcess(ArrayRef<std::string> Argv) {
  initializeTargets();
  SmallVector<const char *, 64> Args;
  for (const std::string &Arg : Argv)
    Args.push_back(Arg.c_str());
  // The driver's own warnings honour -W flags (-Wno-unused-command-line-
  // argument, -Werror), as in clang's driver.
  IntrusiveRefCntPtr<clang::DiagnosticOptions> DiagOpts =
      clang::CreateAndPopulateDiagOpts(ArrayRef(Args).drop_front()).release();
  auto *Printer = new clang::TextDiagnosticPrinter(errs(), &*DiagOpts);
  IntrusiveRefCntPtr<clang::DiagnosticIDs> DiagID(new clang::DiagnosticIDs());
  clang::DiagnosticsEngine Diags(DiagID, &*DiagOpts, Printer);
  clang::ProcessWarningOptions(Diags, *DiagOpts, /*ReportDiags=*/false);
  clang::driver::Driver D(Argv[0], sys::getDefaultTargetTriple(), Diags);
  D.setTitle("clang");
  std::unique_ptr<clang::driver::Compilation> C(D.BuildCompilation(Args));
  if (!C || C->containsError() || Diags.hasErrorOccurred())
    return 1;
  for (const clang::driver::Command &Job : C->getJobs()) {
    const llvm::opt::ArgStringList &JobArgs = Job.getArguments();
    if (!JobArgs.empty() && StringRef(JobArgs[0]) == "-cc1") {
      SmallVector<const char *, 128> CC1(JobArgs.begin() + 1, JobArgs.end());
      if (int Status = runCC1(CC1, Job.getExecutable()))
        return Status;
      continue;
    }
    std::string Error;
    bool Failed = false;
    int Status = Job.Execute({}, &Error, &Failed);
    if (Failed || Status != 0) {
      if (!Error.empty())
        errs() << Job.getExecutable() << ": " << Error << "\n";
      return Status ? Status : 1;
    }
  }
  return 0;
}

} // namespace levels
} // namespace fluid

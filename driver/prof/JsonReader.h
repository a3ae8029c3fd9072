//===- JsonReader.h - Typed, path-naming reads of JSON documents -*- C++
//-*-===//
//
// Internal to the profile library: what the profile and the plan readers
// share. parseJsonDocument refuses what llvm::json::parse lets through
// silently (an object repeating a key: the last value would win). JsonReader
// reads typed fields and keeps the first error as one line,
// "PATH: functions[3].calls is negative (-1)". Counters are read as
// integers, never through doubles.
//
//===----------------------------------------------------------------------===//

#ifndef FLUID_DRIVER_PROF_JSONREADER_H
#define FLUID_DRIVER_PROF_JSONREADER_H

#include "Profile.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <optional>
#include <string>

namespace fluid {

/// "PATH: Message" as an error.
inline llvm::Error failAt(llvm::StringRef Path, const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 Path + ": " + Message);
}

/// "PATH: is N bytes, over the 256 MiB limit for profiles and plans".
inline llvm::Error inputTooLarge(llvm::StringRef Path,
                                 const llvm::Twine &Size) {
  return failAt(Path, Size + ", over the " + llvm::Twine(MaxInputBytes >> 20) +
                          " MiB limit for profiles and plans");
}

/// Parses Json, then checks that no object repeats a key. What names the
/// document in errors ("payload", "plan"): "PATH: plan is not JSON: ...".
llvm::Expected<llvm::json::Value> parseJsonDocument(llvm::StringRef Json,
                                                    llvm::StringRef Path,
                                                    llvm::StringRef What);

/// Reads typed fields, naming the JSON path of the first bad one.
class JsonReader {
public:
  explicit JsonReader(llvm::StringRef Path) : Path(Path) {}

  const llvm::json::Object *object(const llvm::json::Object &Parent,
                                   llvm::StringRef Key,
                                   const llvm::Twine &Where) {
    if (const llvm::json::Value *V = field(Parent, Key, Where)) {
      if (const llvm::json::Object *O = V->getAsObject())
        return O;
      error(Where + Key, "is not an object");
    }
    return nullptr;
  }

  const llvm::json::Array *array(const llvm::json::Object &Parent,
                                 llvm::StringRef Key,
                                 const llvm::Twine &Where = "") {
    if (const llvm::json::Value *V = field(Parent, Key, Where)) {
      if (const llvm::json::Array *A = V->getAsArray())
        return A;
      error(Where + Key, "is not an array");
    }
    return nullptr;
  }

  std::string string(const llvm::json::Object &Parent, llvm::StringRef Key,
                     const llvm::Twine &Where, bool AllowEmpty = true) {
    if (const llvm::json::Value *V = field(Parent, Key, Where)) {
      if (std::optional<llvm::StringRef> S = V->getAsString()) {
        if (S->empty() && !AllowEmpty)
          error(Where + Key, "is empty");
        return S->str();
      }
      error(Where + Key, "is not a string");
    }
    return {};
  }

  uint64_t u64(const llvm::json::Object &Parent, llvm::StringRef Key,
               const llvm::Twine &Where) {
    const llvm::json::Value *V = field(Parent, Key, Where);
    if (!V)
      return 0;
    if (std::optional<uint64_t> U = V->getAsUINT64())
      return *U;
    std::optional<int64_t> I = V->getAsInteger();
    if (I && *I < 0)
      error(Where + Key, llvm::formatv("is negative ({0})", *I));
    else if (V->kind() == llvm::json::Value::Number)
      error(Where + Key,
            "is not an integer in 0..2^64-1 (fraction or overflow)");
    else
      error(Where + Key, "is not a number");
    return 0;
  }

  uint64_t hex16(const llvm::json::Object &Parent, llvm::StringRef Key,
                 const llvm::Twine &Where) {
    std::string S = string(Parent, Key, Where);
    uint64_t Value = 0;
    if (!Failed &&
        (S.size() != 16 || llvm::StringRef(S).getAsInteger(16, Value)))
      error(Where + Key, "is not 16 hex digits");
    return Value;
  }

  void error(const llvm::Twine &Where, const llvm::Twine &Message) {
    if (!Failed)
      First = (Path + ": " + Where + " " + Message).str();
    Failed = true;
  }

  /// The first error, if any.
  llvm::Error takeError() {
    return Failed
               ? llvm::createStringError(llvm::inconvertibleErrorCode(), First)
               : llvm::Error::success();
  }

  bool Failed = false;
  std::string First;

private:
  const llvm::json::Value *field(const llvm::json::Object &Parent,
                                 llvm::StringRef Key,
                                 const llvm::Twine &Where) {
    if (const llvm::json::Value *V = Parent.get(Key))
      return V;
    error(Where + Key, "is missing");
    return nullptr;
  }

  llvm::StringRef Path;
};

} // namespace fluid

#endif // FLUID_DRIVER_PROF_JSONREADER_H

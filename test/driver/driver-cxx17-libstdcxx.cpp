// fluid-c++ (C++ by its name) --fluid-instrument builds a C++17 program that
// uses libstdc++ strings, vectors and exceptions, links clang++'s C++
// libraries and Fluid's hosted runtime, runs correctly, and its profile
// counts every call of the program's own functions, including those left
// by a thrown exception.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %fluid_cxx --fluid-instrument -std=c++17 -O1 -Wall -Wextra -Werror %s -o %t/prog
// RUN: env FLUID_PROFILE_FILE=%t/prog.profile %t/prog | FileCheck --check-prefix=OUT %s
// RUN: %python %S/../Inputs/profile_check.py %t/prog.profile | FileCheck %s
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

__attribute__((noinline)) std::string shout(const std::string &word) {
  if (word.empty())
    throw std::invalid_argument("empty word");
  return word + "!";
}

__attribute__((noinline)) std::optional<std::string> tryShout(const std::string &word) {
  try {
    return shout(word);
  } catch (const std::invalid_argument &) {
    return std::nullopt;
  }
}

int main() {
  std::vector<std::string> words = {"fluid", "", "cc", "", "c++17"};
  std::string joined;
  int failures = 0;
  for (const auto &word : words) {
    if (auto loud = tryShout(word))
      joined += *loud;
    else
      failures++;
  }
  std::printf("%s failures=%d\n", joined.c_str(), failures);
  return 0;
}
// OUT: fluid!cc!c++17! failures=2
// CHECK: function _Z5shoutRKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE calls=5
// CHECK: function _Z8tryShoutRKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE calls=5
// CHECK: function main calls=1
// CHECK: event orphan_exits=0

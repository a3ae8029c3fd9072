// A C++17 program using std::string, std::vector, std::map and exceptions with
// libstdc++ builds instrumented, computes the right answer and is profiled
// with exact counts for its own functions (mangled names).
// RUN: %clangxx -std=c++17 -O2 %fluid_cc_instrument %s -o %t %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.profile %t | %FileCheck --check-prefix=OUT %s
// RUN: %python %S/../Inputs/profile_check.py %t.profile | %FileCheck %s
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

__attribute__((noinline)) std::vector<std::string> split(const std::string &text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string word; in >> word;)
    words.push_back(word);
  return words;
}

__attribute__((noinline)) std::optional<int> parse(const std::string &word) {
  try {
    return std::stoi(word);
  } catch (const std::invalid_argument &) {
    return std::nullopt;
  }
}

int main() {
  std::map<std::string, int> counts;
  int sum = 0;
  for (int round = 0; round < 100; round++)
    for (const std::string &word : split("the 7 quick 5 brown the fox 30 the")) {
      counts[word]++;
      if (auto value = parse(word))
        sum += *value;
    }
  std::printf("the=%d fox=%d sum=%d\n", counts["the"], counts["fox"], sum);
  return 0;
}
// OUT: the=300 fox=100 sum=4200
// CHECK-DAG: function _Z5parseRKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE calls=900
// CHECK-DAG: function _Z5splitRKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE calls=100
// CHECK-DAG: function main calls=1
// CHECK: event orphan_exits=0

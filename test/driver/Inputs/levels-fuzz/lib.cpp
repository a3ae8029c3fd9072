// The random-plan fuzzer's C++17 program, second file: see shared.h.
#include "shared.h"

#include <algorithm>
#include <numeric>

Runner *Runner::Head = nullptr;

namespace {
struct Doubler : Runner {
  int run(int X) override { return 2 * X; }
};
struct Negator : Runner {
  int run(int X) override { return -X + Registry<int>::Adds; }
};
Doubler TheDoubler;
Negator TheNegator;

long digitValue(char C) {
  if (C < '0' || C > '9')
    throw BadInput(std::string("not a digit: ") + C, C);
  return C - '0';
}
} // namespace

long parseNumber(const std::string &Text) {
  if (Text.empty())
    throw BadInput("empty", -1);
  long Value = 0;
  for (char C : Text)
    Value = Value * 10 + digitValue(C);
  Registry<long>::add(Value);
  tally() += 2;
  return Value;
}

std::function<long(long)> makeScaler(long Factor) {
  std::string Label = greeting() + std::to_string(Factor);
  return [Factor, Label](long X) {
    return X * Factor + static_cast<long>(Label.size());
  };
}

long sumAreas(const std::vector<std::unique_ptr<Shape>> &Shapes) {
  return std::accumulate(Shapes.begin(), Shapes.end(), 0L,
                         [](long Sum, const std::unique_ptr<Shape> &S) {
                           return Sum + S->area();
                         });
}

std::map<std::string, long> countWords(const std::string &Text) {
  std::map<std::string, long> Counts;
  std::string::size_type Start = 0;
  while (Start < Text.size()) {
    std::string::size_type End = Text.find(' ', Start);
    if (End == std::string::npos)
      End = Text.size();
    if (End > Start)
      ++Counts[Text.substr(Start, End - Start)];
    Start = End + 1;
  }
  return Counts;
}

long diamondValue(long V) {
  Diamond D(V);
  const Base &B = D;
  Registry<int>::add(static_cast<int>(V));
  return B.get() + D.Right::Value;
}

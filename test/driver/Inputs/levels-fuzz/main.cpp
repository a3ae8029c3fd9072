// The random-plan fuzzer's C++17 program, main file: see shared.h. It
// prints one line of results that any correct build prints alike.
#include "shared.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace {
struct Tripler : Runner {
  int run(int X) override { return 3 * X; }
};
Tripler TheTripler;

template <typename T> T clampTo(T Value, T Low, T High) {
  return std::min(std::max(Value, Low), High);
}

long runAll(int X) {
  long Sum = 0;
  for (Runner *R = Runner::Head; R; R = R->Next)
    Sum += R->run(X);
  return Sum;
}
} // namespace

int main() {
  long Sum = 0, Errors = 0;
  std::vector<std::unique_ptr<Shape>> Shapes;
  std::vector<std::function<long(long)>> Scalers;
  const char *Inputs[] = {"12", "7x", "", "345", "9", "0", "66z"};
  for (int I = 0; I < 300; ++I) {
    try {
      Sum += parseNumber(Inputs[I % 7]);
    } catch (const BadInput &E) {
      Errors += E.Code;
    }
    Sum += runAll(I);
    if (I % 10 == 0) {
      Shapes.push_back(std::make_unique<Square>(I % 13));
      Scalers.push_back(makeScaler(I % 5 + 1));
    }
    Sum += diamondValue(I % 17);
  }
  for (const auto &Scale : Scalers)
    Sum = Scale(Sum % 1000003);
  std::vector<long> Sorted(Registry<long>::Items.begin(),
                           Registry<long>::Items.end());
  std::sort(Sorted.begin(), Sorted.end(),
            [](long A, long B) { return A % 7 < B % 7 || (A % 7 == B % 7 && A < B); });
  std::set<long> Seen(Sorted.begin(), Sorted.end());
  auto Words = countWords("the cat saw the other cat and the dog");
  const Named &First = dynamic_cast<const Named &>(*Shapes.front());
  std::printf("sum=%ld errors=%ld areas=%ld tally=%ld adds=%d,%d first=%ld "
              "distinct=%zu the=%ld clamp=%d name=%s %s\n",
              Sum, Errors, sumAreas(Shapes), tally(), Registry<long>::Adds,
              Registry<int>::Adds, Sorted.front(), Seen.size(), Words["the"],
              clampTo(42, 0, 10), First.name().c_str(), greeting().c_str());
  return 0;
}

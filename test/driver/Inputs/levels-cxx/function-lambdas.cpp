// std::function and lambdas across levels: the handler's invoker and
// manager, the lambdas' call operators and the std::function destructor
// are discardable functions that callers of several levels use.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>
inline std::function<long(long)> makeScaler(long Factor) {
  std::string Label = "x" + std::to_string(Factor);
  return [Factor, Label](long X) {
    return X * Factor + static_cast<long>(Label.size());
  };
}
int main() {
  std::vector<std::function<long(long)>> Scalers;
  for (int I = 0; I < 6; ++I)
    Scalers.push_back(makeScaler(I + 1));
  std::vector<long> Values;
  for (int I = 0; I < 2000; ++I)
    Values.push_back((I * 7919) % 1009);
  std::sort(Values.begin(), Values.end(),
            [](long A, long B) { return A % 11 < B % 11 || (A % 11 == B % 11 && A < B); });
  long Sum = 0;
  for (long V : Values)
    for (auto &S : Scalers)
      Sum = (Sum + S(V)) % 1000003;
  std::function<void()> Empty;
  std::printf("%ld %ld %d\n", Sum, Values.front(), static_cast<bool>(Empty));
  return 0;
}

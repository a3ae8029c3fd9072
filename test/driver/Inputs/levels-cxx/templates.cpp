// Templates with static members across levels: each instantiation's static
// data members and functions are discardable, and must stay one object.
#include <cstdio>
#include <vector>
template <typename T> struct Registry {
  static std::vector<T> Items;
  static int Adds;
  static void add(T Item) {
    Items.push_back(Item);
    ++Adds;
  }
  static T sum() {
    T S = 0;
    for (T I : Items)
      S += I;
    return S;
  }
};
template <typename T> std::vector<T> Registry<T>::Items;
template <typename T> int Registry<T>::Adds = 0;

template <typename T> T twice(T X) { return X + X; }
using Fn = long (*)(long);
Fn Pick = twice<long>;

int main() {
  for (int I = 0; I < 2000; ++I) {
    Registry<int>::add(I % 7);
    if (I % 3 == 0)
      Registry<long>::add(Pick(I));
  }
  std::printf("%d %ld %d %d\n", Registry<int>::sum(), Registry<long>::sum(),
              Registry<int>::Adds, Registry<long>::Adds);
  return 0;
}

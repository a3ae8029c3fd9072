// Static locals of inline functions across levels: the variable and its
// guard variable (for a dynamic initializer) are discardable and must stay
// one object whichever part's code uses them.
#include <cstdio>
#include <string>
inline long &tally() {
  static long Count = 0;
  return Count;
}
inline std::string &greeting() {
  static std::string Text = std::string("hel") + "lo";
  return Text;
}
static long step(int I) {
  tally() += I % 3;
  return static_cast<long>(greeting().size());
}
int main() {
  long Sum = 0;
  for (int I = 0; I < 3000; ++I)
    Sum += step(I);
  greeting() += "!";
  std::printf("%ld %ld %s\n", Sum, tally(), greeting().c_str());
  return 0;
}

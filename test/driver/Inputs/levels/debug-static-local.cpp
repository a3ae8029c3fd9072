// A static local of an inline function that only debug information uses
// (pugixml's compile-time assert, `static const char failed[cond ? 1 : -1]`).
#include <cstdio>
inline int triple(int X) {
  static const char Checked[sizeof(int) >= 4 ? 1 : -1] = {0};
  (void)Checked[0];
  return X * 3;
}
int main(int Argc, char **) {
  std::printf("%d\n", triple(Argc + 13));
  return 0;
}

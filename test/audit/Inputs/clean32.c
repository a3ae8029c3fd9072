/* Plain C for the i386 audit: compiled -march=i686 -msse2 it is clean on qemu32. */
int sum(const int *values, int count) {
  int total = 0;
  for (int i = 0; i < count; i++)
    total += values[i] * 3;
  return total;
}

/* Shared library for driver-shared-library.test: two exported functions,
   one calling the other across a non-inlined boundary. */
__attribute__((noinline)) int lib_area(int w, int h) { return w * h; }

int lib_total_area(int n) {
  int total = 0;
  for (int i = 1; i <= n; i++)
    total += lib_area(i, i + 1);
  return total;
}

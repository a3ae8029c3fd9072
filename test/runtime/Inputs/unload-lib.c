// An instrumented shared object that runtime-dlclose-unload.c loads, calls
// and unloads.
__attribute__((noinline)) int unload_square(int x) { return x * x; }

int unload_sum(int n) {
  int sum = 0;
  for (int i = 0; i < n; i++)
    sum += unload_square(i);
  return sum;
}

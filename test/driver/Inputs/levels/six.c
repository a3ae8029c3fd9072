/* six.c - six external functions with loops that each -O level compiles
 * differently (unrolling, vectorization, size), a static helper two of them
 * share, and a table. levels-exact-six.test gives each function its own
 * level and compares its machine code with clang's at that uniform level. */
int table[64];

static int helper(int x) { return x * 3 + (x >> 2); }

int f0(int n) {
  int s = 0;
  for (int i = 0; i < n; i++)
    s += table[i & 63] * i;
  return s;
}

int f1(int n) {
  int s = 0;
  for (int i = 0; i < n; i++)
    s ^= helper(i) + table[i & 63];
  return s;
}

int f2(int n) {
  int s = 1;
  for (int i = 0; i < n; i++)
    s = s * 31 + table[(i * 7) & 63];
  return s;
}

int f3(const int *a, int n) {
  int s = 0;
  for (int i = 0; i < n; i++)
    s += a[i] * a[i];
  return s;
}

int fs(int n) {
  int s = 0;
  for (int i = 0; i < n; i++) {
    s += helper(i);
    if (s > 1000)
      s -= 999;
  }
  return s;
}

int fz(int *a, int n) {
  for (int i = 0; i < n; i++)
    a[i] = helper(a[i]) ^ i;
  return a[0];
}

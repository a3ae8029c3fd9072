/* a/util.c: a static helper whose name and file name b/util.c shares. */
static __attribute__((noinline)) int helper(int x) { return x * 3 + 1; }

int a_entry(int x) { return helper(x) + helper(x + 1); }

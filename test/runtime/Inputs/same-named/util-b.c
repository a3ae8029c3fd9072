/* b/util.c: a static helper whose name and file name a/util.c shares. */
static __attribute__((noinline)) int helper(int x) { return x ^ 0x55; }

int b_entry(int x) { return helper(x); }

/* One source built into an executable and a shared object with another
 * VARIANT: two different static functions of one name and file. */
#if VARIANT == 1
static __attribute__((noinline)) int variant(int x) { return x + 1; }
int common_exe(int x) { return variant(x); }
#else
static __attribute__((noinline)) int variant(int x) { return x * x - 7; }
int common_lib(int x) { return variant(x) * 2; }
#endif

// An internal alias and an internal ifunc beside the functions they name,
// for levels-assembly-alias-ifunc.test: the plan puts mix and use at O0,
// main at the command line's -O2.
#include <stdio.h>

static int mix(int X) {
  int Sum = 0;
  for (int I = 0; I < X; ++I)
    Sum = Sum * 31 + I;
  return Sum;
}

// Only the O0 part uses it: it stays that part's, under its own name.
static int mix_alias(int) __attribute__((alias("mix")));

static int twice(int X) { return 2 * X; }
static void *resolve_twice(void) { return (void *)twice; }
// Owned by the base part, used from the O0 part: shared under a promoted
// name, its own again in the joined assembly.
static int twice_ifunc(int) __attribute__((ifunc("resolve_twice")));

__attribute__((noinline)) int use(int X) {
  return mix_alias(X) + twice_ifunc(X);
}

int main(void) {
  printf("result %d\n", use(10));
  return 0;
}

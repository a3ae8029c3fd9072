/* The random-plan fuzzer's C program, main file: see prog.h. It prints
   one line of results that any correct build prints alike. */
#include "prog.h"

#include <stdio.h>

static long fib(int N) { return N < 2 ? N : fib(N - 1) + fib(N - 2); }

int main(void) {
  long Sum = Started, Jumps = 0;
  unsigned Items[64], Hash = 0;
  for (int Round = 0; Round < 200; ++Round) {
    Sum = applyAll(Sum % 9973, 8);
    Sum += sumArgs(3, (long)Round, 2L, 3L);
    jmp_buf Env;
    int Code = setjmp(Env);
    if (Code)
      Jumps += Code;
    else
      Sum += guarded(&Env, Round);
    for (int I = 0; I < 64; ++I)
      Items[I] = mix((unsigned)Round, (unsigned)I) % 1000;
    Hash = mix(Hash, sortAndHash(Items, 64));
    Sum = hook(Sum);
  }
  printf("sum=%ld jumps=%ld hash=%08x fib=%ld ops=%ld\n", Sum, Jumps, Hash,
         fib(20), callCount());
  return 0;
}

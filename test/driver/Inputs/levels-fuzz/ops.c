/* The random-plan fuzzer's C program, second file: see prog.h. */
#include "prog.h"

#include <stdarg.h>
#include <stdlib.h>

int Started;

__attribute__((constructor)) static void start(void) { Started = 41; }

static long add(long A, long B) { return A + B; }
static long sub(long A, long B) { return A - B; }
static long mul(long A, long B) { return (A * B) % 1000003; }

static long counted(void) {
  static long Calls;
  return ++Calls;
}

Op pickOp(int Which) {
  static const Op Table[] = {add, sub, mul};
  counted();
  return Table[Which % 3];
}

long applyAll(long Seed, int N) {
  for (int I = 0; I < N; ++I) {
    Op F = pickOp(I);
    Seed = F(Seed, I + 1);
    if (F == add) /* the address of add, taken here and in pickOp */
      Seed ^= 5;
  }
  return Seed;
}

long sumArgs(int N, ...) {
  va_list Args;
  va_start(Args, N);
  long Sum = 0;
  for (int I = 0; I < N; ++I)
    Sum += va_arg(Args, long);
  va_end(Args);
  return Sum;
}

static void deep(jmp_buf *Env, long Value, int Depth) {
  if (Depth == 0) {
    if (Value % 3 == 0)
      longjmp(*Env, (int)(Value % 100) + 1);
    return;
  }
  deep(Env, Value, Depth - 1);
}

long guarded(jmp_buf *Env, long Value) {
  deep(Env, Value, 4);
  return Value;
}

static int byValue(const void *A, const void *B) {
  unsigned X = *(const unsigned *)A, Y = *(const unsigned *)B;
  return (X > Y) - (X < Y);
}

unsigned sortAndHash(unsigned *Items, int N) {
  qsort(Items, N, sizeof *Items, byValue);
  unsigned H = 2166136261u;
  for (int I = 0; I < N; ++I)
    H = mix(H, Items[I]);
  return H;
}

long callCount(void) { return counted() - 1; }

__attribute__((weak)) long hook(long X) { return X + 1; }

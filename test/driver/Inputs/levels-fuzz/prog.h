/* The random-plan fuzzer's C program (levels-random-plans-c.test): what
   its files share. Each construct here has a function or an object that
   parts of different levels (or files at different levels) both use:
   static inline helpers, a static function whose address two functions
   take, a static local, a weak function, setjmp/longjmp across levels,
   varargs, a constructor, qsort's callback. */
#ifndef LEVELS_FUZZ_PROG_H
#define LEVELS_FUZZ_PROG_H

#include <setjmp.h>

static inline unsigned mix(unsigned H, unsigned V) {
  return (H ^ V) * 16777619u;
}

typedef long (*Op)(long, long);

Op pickOp(int Which);                     /* ops.c */
long applyAll(long Seed, int N);          /* ops.c */
long sumArgs(int N, ...);                 /* ops.c */
long guarded(jmp_buf *Env, long Value);   /* ops.c */
unsigned sortAndHash(unsigned *Items, int N); /* ops.c */
long callCount(void);                     /* ops.c */
long hook(long X);                        /* weak in ops.c, strong nowhere */
extern int Started;                       /* set by ops.c's constructor */

#endif

/* Built twice, as liba.so (-DNAME=a) and libb.so (-DNAME=b), for
 * runtime-dlclose-two-libraries.c. */
#define GLUE(x, y) x##_##y
#define NAMED(x, y) GLUE(x, y)

__attribute__((noinline)) int NAMED(NAME, work)(int x) {
  int s = 0;
  for (int i = 0; i < x; i++)
    s = (s >> 3) ^ (i * x + s * 7);
  return s;
}

int NAMED(NAME, entry)(int x) { return NAMED(NAME, work)(x) + 1; }

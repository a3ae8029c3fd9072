/* fib(20) at -O0 calls fib exactly 21,891 times. */
#include <stdio.h>

int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void) {
  printf("fib=%d\n", fib(20));
  return 0;
}

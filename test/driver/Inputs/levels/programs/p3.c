/* p3.c - a third program the training never ran. */
#include <stdio.h>
int main(void) {
  puts("p3");
  return 0;
}

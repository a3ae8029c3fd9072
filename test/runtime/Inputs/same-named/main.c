#include <stdio.h>

int a_entry(int x);
int b_entry(int x);
int common_exe(int x);
int common_lib(int x);

int main(void) {
  int sum = 0;
  for (int i = 0; i < 5; i++)
    sum += a_entry(i) + b_entry(i) + common_exe(i) + common_lib(i);
  printf("sum=%d\n", sum);
  return 0;
}

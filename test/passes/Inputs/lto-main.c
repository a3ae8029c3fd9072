/* Calls mid() in another object 1000 times; full LTO inlines it here. */
int mid(int x);

int main(void) {
  int sum = 0;
  for (int i = 0; i < 1000; i++)
    sum += mid(i);
  return sum == 999000 + 1000 ? 0 : 1;
}

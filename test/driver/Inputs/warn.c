/* Two warnings under -Wall -Wextra: an unused parameter and an unused
   variable. */
int unused_things(int unused) {
  int x;
  return 0;
}

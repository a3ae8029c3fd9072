// An inline function instantiated in both the executable and the library:
// two records, one profile entry.
inline int twice(int x) { return 2 * x; }
int lib_square(int x);
int lib_sum_twice(int n);

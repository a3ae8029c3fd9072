/* Inlined into main() by full LTO, after instrumentation. */
int mid(int x) { return 2 * x + 1; }

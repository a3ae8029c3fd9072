#!/usr/bin/env python3
"""many_edges.py CALLERS CALLEES ROUNDS - a C program with CALLERS x CALLEES
distinct call edges: main calls each caller ROUNDS times, and every caller
calls every callee once per call, so each caller -> callee edge has exactly
ROUNDS calls. Callees and callers are noinline and do visible work, so an
optimizing build keeps every call."""
import sys

callers, callees, rounds = (int(arg) for arg in sys.argv[1:4])
print("volatile unsigned long sink;")
for j in range(callees):
    print("__attribute__((noinline)) void callee_%d(void) { sink += %d; }" % (j, j))
for i in range(callers):
    body = " ".join("callee_%d();" % j for j in range(callees))
    print("__attribute__((noinline)) void caller_%d(void) { %s }" % (i, body))
print("int main(void) {")
print("  for (int round = 0; round < %d; round++) {" % rounds)
for i in range(callers):
    print("    caller_%d();" % i)
print("  }")
print("  return 0;")
print("}")

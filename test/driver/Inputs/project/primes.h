/* A multi-file C program for fluid-cc's build-system tests: each function
   lives in its own file, so no call is inlined and every count is exact. */
#ifndef PRIMES_H
#define PRIMES_H
int is_prime(int n);
int digit_sum(int n);
void report(int primes, int digits);
#endif

/* checksum.h - the project's three parts: fill, mix and sort a table. */
#ifndef CHECKSUM_H
#define CHECKSUM_H
unsigned mix(unsigned value, unsigned rounds);
unsigned fold(const unsigned *values, int count);
void sort_values(unsigned *values, int count);
#endif

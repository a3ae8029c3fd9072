/* types.h - fixed-width types and the attributes every kernel file uses.
 *
 * The kernel is freestanding: <stdint.h>, <stddef.h> and <stdbool.h> are the
 * compiler's own headers, never a libc's. NOINSTR marks code that must not be
 * profiled (serial output, trap entry, the export path): a hook there would
 * either recurse into the exporter or run with a half-built trap frame.
 */
#ifndef FLUID_TYPES_H
#define FLUID_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NOINSTR __attribute__((no_instrument_function))
#define NORETURN __attribute__((noreturn))
#define USED __attribute__((used))

#ifdef __x86_64__
#define SP_REGISTER "rsp"
#define FLUID_ARCH_NAME "x86_64"
#else
#define SP_REGISTER "esp"
#define FLUID_ARCH_NAME "i386"
#endif

#endif /* FLUID_TYPES_H */

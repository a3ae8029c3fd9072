/* features.c - the CPU features this kernel was compiled to use.
 *
 * Data only, no code: this file is compiled with exactly the flags the
 * modules get (not -mgeneral-regs-only like the rest of kernel/), so the
 * compiler's predefined feature macros here say what the workloads may
 * execute. cpu.c checks each entry against CPUID at boot.
 */
#include "features.h"

/* Every feature the compiler may have used, from its predefined macros. */
const struct feature compiled_features[] = {
#ifdef __SSE__
    {"sse", LEAF1_EDX, 25},
#endif
#ifdef __SSE2__
    {"sse2", LEAF1_EDX, 26},
#endif
#ifdef __SSE3__
    {"sse3", LEAF1_ECX, 0},
#endif
#ifdef __PCLMUL__
    {"pclmul", LEAF1_ECX, 1},
#endif
#ifdef __SSSE3__
    {"ssse3", LEAF1_ECX, 9},
#endif
#ifdef __FMA__
    {"fma", LEAF1_ECX, 12},
#endif
#ifdef __GCC_HAVE_SYNC_COMPARE_AND_SWAP_16
    {"cx16", LEAF1_ECX, 13},
#endif
#ifdef __SSE4_1__
    {"sse4.1", LEAF1_ECX, 19},
#endif
#ifdef __SSE4_2__
    {"sse4.2", LEAF1_ECX, 20},
#endif
#ifdef __MOVBE__
    {"movbe", LEAF1_ECX, 22},
#endif
#ifdef __POPCNT__
    {"popcnt", LEAF1_ECX, 23},
#endif
#ifdef __AES__
    {"aes", LEAF1_ECX, 25},
#endif
#ifdef __XSAVE__
    {"xsave", LEAF1_ECX, 26},
#endif
#ifdef __AVX__
    {"avx", LEAF1_ECX, 28},
#endif
#ifdef __F16C__
    {"f16c", LEAF1_ECX, 29},
#endif
#ifdef __RDRND__
    {"rdrnd", LEAF1_ECX, 30},
#endif
#ifdef __BMI__
    {"bmi1", LEAF7_EBX, 3},
#endif
#ifdef __AVX2__
    {"avx2", LEAF7_EBX, 5},
#endif
#ifdef __BMI2__
    {"bmi2", LEAF7_EBX, 8},
#endif
#ifdef __AVX512F__
    {"avx512f", LEAF7_EBX, 16},
#endif
#ifdef __RDSEED__
    {"rdseed", LEAF7_EBX, 18},
#endif
#ifdef __ADX__
    {"adx", LEAF7_EBX, 19},
#endif
#ifdef __CLFLUSHOPT__
    {"clflushopt", LEAF7_EBX, 23},
#endif
#ifdef __CLWB__
    {"clwb", LEAF7_EBX, 24},
#endif
#ifdef __SHA__
    {"sha", LEAF7_EBX, 29},
#endif
#ifdef __GFNI__
    {"gfni", LEAF7_ECX, 8},
#endif
#ifdef __VAES__
    {"vaes", LEAF7_ECX, 9},
#endif
#ifdef __VPCLMULQDQ__
    {"vpclmulqdq", LEAF7_ECX, 10},
#endif
#if defined(__LAHF_SAHF__) && defined(__x86_64__) /* always there in 32-bit mode */
    {"sahf", EXT1_ECX, 0},
#endif
#ifdef __LZCNT__
    {"lzcnt", EXT1_ECX, 5},
#endif
#ifdef __PRFCHW__
    {"prfchw", EXT1_ECX, 8},
#endif
    {0, 0, 0},
};

#ifdef __AVX__
const bool compiled_for_avx_state = true;
#else
const bool compiled_for_avx_state = false;
#endif

#include "ckernels.h"

// What this CPU can run, for choosing OpenBLAS's kernels where OpenBLAS cannot tell (BLAS.swift).

#if defined(__x86_64__)
#include <cpuid.h>

int ckernels_vector_level(void) {
    unsigned a, b, c, d;
    // CPUID 1: FMA (ECX bit 12), OSXSAVE (bit 27).
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27)) || !(c & (1u << 12))) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    // XCR0: the OS saves the SSE and AVX state (bits 1, 2).
    if ((lo & 6) != 6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || !(b & (1u << 5))) return 0;  // AVX2: EBX bit 5
    // AVX-512 F (16), DQ (17), CD (28), BW (30), VL (31), which OpenBLAS's SkylakeX kernels use; and the OS
    // saves the opmask and ZMM state (XCR0 bits 5, 6, 7).
    unsigned avx512 = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31);
    if ((b & avx512) == avx512 && (lo & 0xE0) == 0xE0) return 2;
    return 1;
}
#else
int ckernels_vector_level(void) { return 0; }
#endif

#include "ckernels.h"

// What this CPU can run: for the kernels' AVX2 paths (chosen once, when the library loads) and for choosing
// OpenBLAS's kernels where OpenBLAS cannot tell (BLAS.swift).

#if defined(__x86_64__)
#include <cpuid.h>

// XCR0, the register state the OS saves.
static unsigned saved_state(void) {
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return lo;
}

// CPUID leaf 7 reports AVX2 (EBX bit 5); the OS must also save the YMM registers (OSXSAVE, and XCR0's SSE
// and AVX bits).
int ckernels_has_avx2(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) return 0;
    if ((saved_state() & 6) != 6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & (1u << 5)) ? 1 : 0;
}

// AVX2 as above, POPCNT (CPUID 1, ECX bit 23) and BMI1 (CPUID 7, EBX bit 3): the split kernel's wide build.
int ckernels_has_bmi_popcnt_avx2(void) {
    unsigned a, b, c, d;
    if (!ckernels_has_avx2() || !__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 23))) return 0;
    __get_cpuid_count(7, 0, &a, &b, &c, &d);
    return (b & (1u << 3)) ? 1 : 0;
}

int ckernels_vector_level(void) {
    unsigned a, b, c, d;
    // AVX2 as above, and FMA (CPUID 1, ECX bit 12).
    if (!ckernels_has_avx2() || !__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 12))) return 0;
    __get_cpuid_count(7, 0, &a, &b, &c, &d);
    // AVX-512 F (16), DQ (17), CD (28), BW (30), VL (31), which OpenBLAS's SkylakeX kernels use; and the OS
    // saves the opmask and ZMM state (XCR0 bits 5, 6, 7).
    unsigned avx512 = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31);
    if ((b & avx512) == avx512 && (saved_state() & 0xE0) == 0xE0) return 2;
    return 1;
}
#else
int ckernels_has_avx2(void) { return 0; }
int ckernels_has_bmi_popcnt_avx2(void) { return 0; }
int ckernels_vector_level(void) { return 0; }
#endif

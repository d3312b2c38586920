#include "ckernels.h"

// How many bytes of a buffer equal one value (the quotes before each cut of a file read in parts: every
// byte of the file passes through here once). AVX2 compares 32 bytes per instruction; the portable loop
// is what the compiler makes of a plain count.

static int64_t count_portable(const uint8_t *p, int64_t n, uint8_t byte) {
    int64_t count = 0;
    for (int64_t i = 0; i < n; i++) count += p[i] == byte;
    return count;
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2,popcnt")))
static int64_t count_avx2(const uint8_t *p, int64_t n, uint8_t byte) {
    const __m256i b = _mm256_set1_epi8((char)byte);
    int64_t count = 0, i = 0;
    for (; i + 128 <= n; i += 128) {
        unsigned m0 = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(p + i)), b));
        unsigned m1 = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(p + i + 32)), b));
        unsigned m2 = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(p + i + 64)), b));
        unsigned m3 = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(p + i + 96)), b));
        count += _mm_popcnt_u64(((uint64_t)m1 << 32) | m0) + _mm_popcnt_u64(((uint64_t)m3 << 32) | m2);
    }
    return count + count_portable(p + i, n - i, byte);
}

static int count_use_avx2 = 0;
__attribute__((constructor)) static void count_choose(void) { count_use_avx2 = ckernels_has_avx2(); }
#endif

int64_t ckernels_count_byte(const uint8_t *p, int64_t n, uint8_t byte) {
#if defined(__x86_64__)
    if (count_use_avx2) return count_avx2(p, n, byte);
#endif
    return count_portable(p, n, byte);
}

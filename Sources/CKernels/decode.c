#include "ckernels.h"

// Scaled integers to doubles (NumberColumn in Sources/LeadScore/Data/NumberColumn.swift): m / divisor, one
// correctly rounded division each, INT32_MIN as NaN and -INT32_MAX as -0.0. Swift compiles its loop to
// branches and one scalar division per value; here the divisions run four (AVX2) or two (SSE2) at a time.

static const double canonical_nan = __builtin_nan("");  // 0x7FF8000000000000, as Swift's Double.nan

static inline double decode_one(int32_t v, double divisor) {
    return v == INT32_MIN ? canonical_nan : v == -INT32_MAX ? -0.0 : (double)v / divisor;
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2")))
static void decode_avx2(const int32_t *m, int64_t n, double divisor, double *out) {
    const __m256d d = _mm256_set1_pd(divisor), nan = _mm256_set1_pd(canonical_nan), negzero = _mm256_set1_pd(-0.0);
    const __m128i missing = _mm_set1_epi32(INT32_MIN), minus = _mm_set1_epi32(-INT32_MAX);
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m128i v = _mm_loadu_si128((const __m128i *)(m + i));
        __m256d x = _mm256_div_pd(_mm256_cvtepi32_pd(v), d);
        __m256d isMinus = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm_cmpeq_epi32(v, minus)));
        __m256d isMissing = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm_cmpeq_epi32(v, missing)));
        x = _mm256_blendv_pd(x, negzero, isMinus);
        x = _mm256_blendv_pd(x, nan, isMissing);
        _mm256_storeu_pd(out + i, x);
    }
    for (; i < n; i++) out[i] = decode_one(m[i], divisor);
}

// Asked once, when the library is loaded (before any thread reads it).
static int use_avx2 = 0;
__attribute__((constructor)) static void decode_choose(void) { use_avx2 = ckernels_has_avx2(); }
#endif

void ckernels_decode_scaled(const int32_t *m, int64_t n, double divisor, double *out) {
#if defined(__x86_64__)
    if (use_avx2) { decode_avx2(m, n, divisor, out); return; }
#endif
    for (int64_t i = 0; i < n; i++) out[i] = decode_one(m[i], divisor);
}

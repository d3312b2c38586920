#include "ckernels.h"

// A scaled column's smallest and largest codes present and how many present codes are neither 0 nor `one`
// (NumberColumn.extremes in Sources/LeadScore/Data/NumberColumn.swift): INT32_MIN is missing and left out,
// -INT32_MAX (−0) counts as 0. Swift's loop over the codes ran at scalar speed (1.2 ns a value: no vector code
// for baseline x86-64's lack of 32-bit min and max); with AVX2 eight codes a step.

static void extremes_portable(const int32_t *m, int64_t n, int32_t one, int32_t *lo, int32_t *hi, int64_t *others) {
    int32_t a = INT32_MAX, b = INT32_MIN;
    int64_t k = 0;
    for (int64_t i = 0; i < n; i++) {
        if (m[i] == INT32_MIN) continue;
        const int32_t v = m[i] == -INT32_MAX ? 0 : m[i];
        if (v < a) a = v;
        if (v > b) b = v;
        k += v != 0 && v != one;
    }
    *lo = a; *hi = b; *others = k;
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2")))
static void extremes_avx2(const int32_t *m, int64_t n, int32_t one, int32_t *lo, int32_t *hi, int64_t *others) {
    const __m256i missing = _mm256_set1_epi32(INT32_MIN), negzero = _mm256_set1_epi32(-INT32_MAX);
    const __m256i ones = _mm256_set1_epi32(one), zero = _mm256_setzero_si256();
    __m256i a = _mm256_set1_epi32(INT32_MAX), b = _mm256_set1_epi32(INT32_MIN), k = zero;
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256i c = _mm256_loadu_si256((const __m256i *)(m + i));
        const __m256i gap = _mm256_cmpeq_epi32(c, missing);
        __m256i v = _mm256_andnot_si256(_mm256_cmpeq_epi32(c, negzero), c);  // −0's code as 0
        a = _mm256_min_epi32(a, _mm256_blendv_epi8(v, _mm256_set1_epi32(INT32_MAX), gap));
        b = _mm256_max_epi32(b, v);  // a gap is INT32_MIN already
        // A lane counts when it is present, not 0 and not one: the compares give −1, so subtract.
        const __m256i plain = _mm256_or_si256(gap, _mm256_or_si256(_mm256_cmpeq_epi32(v, zero), _mm256_cmpeq_epi32(v, ones)));
        k = _mm256_sub_epi32(k, _mm256_andnot_si256(plain, _mm256_set1_epi32(-1)));
    }
    int32_t sa[8], sb[8], sk[8];
    _mm256_storeu_si256((__m256i *)sa, a);
    _mm256_storeu_si256((__m256i *)sb, b);
    _mm256_storeu_si256((__m256i *)sk, k);
    int32_t ta, tb;
    int64_t tk;
    extremes_portable(m + i, n - i, one, &ta, &tb, &tk);
    for (int j = 0; j < 8; j++) {
        if (sa[j] < ta) ta = sa[j];
        if (sb[j] > tb) tb = sb[j];
        tk += (uint32_t)sk[j];
    }
    *lo = ta; *hi = tb; *others = tk;
}

static int best = 0;
__attribute__((constructor)) static void extremes_choose(void) { best = ckernels_has_avx2(); }
#else
static const int best = 0;
#endif

int ckernels_extremes_scaled_path(const int32_t *m, int64_t n, int32_t one, int32_t *lo, int32_t *hi, int64_t *others,
                                  int path) {
    if (path > best) return 0;
#if defined(__x86_64__)
    if (path == 1) { extremes_avx2(m, n, one, lo, hi, others); return 1; }
#endif
    extremes_portable(m, n, one, lo, hi, others);
    return 1;
}

void ckernels_extremes_scaled(const int32_t *m, int64_t n, int32_t one, int32_t *lo, int32_t *hi, int64_t *others) {
    ckernels_extremes_scaled_path(m, n, one, lo, hi, others, best);
}

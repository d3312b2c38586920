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

// A column of doubles' smallest and largest values present (NaN is missing and left out; ±0 compare equal, so
// the caller finds a zero's sign), how many present values are neither 0 nor 1, and how many are present.
// Swift's loop over the values (`min`, `max`, a branch for NaN) took 3.5 ns a value; here two a step by SSE2,
// which every x86-64 has (float64 columns written in full, as pandas writes them, are stored as doubles).
#if defined(__x86_64__)
#include <emmintrin.h>
#endif

void ckernels_extremes_doubles(const double *x, int64_t n, double *lo, double *hi, int64_t *others, int64_t *present) {
    double a = __builtin_inf(), b = -__builtin_inf();
    int64_t k = 0, p = 0, i = 0;
#if defined(__x86_64__)
    const __m128d inf = _mm_set1_pd(__builtin_inf()), ninf = _mm_set1_pd(-__builtin_inf());
    const __m128d zero = _mm_setzero_pd(), one = _mm_set1_pd(1.0);
    __m128d va = inf, vb = ninf;
    __m128i vk = _mm_setzero_si128(), vp = _mm_setzero_si128();
    for (; i + 2 <= n; i += 2) {
        const __m128d v = _mm_loadu_pd(x + i);
        const __m128d gap = _mm_cmpunord_pd(v, v);
        va = _mm_min_pd(va, _mm_or_pd(_mm_and_pd(gap, inf), _mm_andnot_pd(gap, v)));
        vb = _mm_max_pd(vb, _mm_or_pd(_mm_and_pd(gap, ninf), _mm_andnot_pd(gap, v)));
        // The compares give −1 in a lane's 64 bits: subtracting a mask counts its lanes.
        const __m128d plain = _mm_or_pd(gap, _mm_or_pd(_mm_cmpeq_pd(v, zero), _mm_cmpeq_pd(v, one)));
        vk = _mm_sub_epi64(vk, _mm_castpd_si128(_mm_xor_pd(plain, _mm_castsi128_pd(_mm_set1_epi64x(-1)))));
        vp = _mm_sub_epi64(vp, _mm_castpd_si128(_mm_xor_pd(gap, _mm_castsi128_pd(_mm_set1_epi64x(-1)))));
    }
    double sa[2], sb[2];
    int64_t sk[2], sp[2];
    _mm_storeu_pd(sa, va);
    _mm_storeu_pd(sb, vb);
    _mm_storeu_si128((__m128i *)sk, vk);
    _mm_storeu_si128((__m128i *)sp, vp);
    for (int j = 0; j < 2; j++) {
        if (sa[j] < a) a = sa[j];
        if (sb[j] > b) b = sb[j];
        k += sk[j];
        p += sp[j];
    }
#endif
    for (; i < n; i++) {
        const double v = x[i];
        if (v != v) continue;
        if (v < a) a = v;
        if (v > b) b = v;
        k += v != 0 && v != 1;
        p += 1;
    }
    *lo = a; *hi = b; *others = k; *present = p;
}

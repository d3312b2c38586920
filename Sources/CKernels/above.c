#include "ckernels.h"

// For each of nine ascending edges, how many values lie above it (Bins.of in Sources/LeadScore/Model/
// ModelFile.swift: a bin's share is the difference of two such counts). Swift compiled its nine compares per
// value to branches, which mispredict on every value; here each compare is a mask subtracted from a count,
// four values at a time with AVX2, two with SSE2 (what the compiler makes of the plain loop).

static void above_portable(const double *v, int64_t n, const double *e, int64_t *above) {
    int64_t c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0, c8 = 0;
    for (int64_t i = 0; i < n; i++) {
        double x = v[i];
        c0 += x > e[0]; c1 += x > e[1]; c2 += x > e[2]; c3 += x > e[3]; c4 += x > e[4];
        c5 += x > e[5]; c6 += x > e[6]; c7 += x > e[7]; c8 += x > e[8];
    }
    above[0] += c0; above[1] += c1; above[2] += c2; above[3] += c3; above[4] += c4;
    above[5] += c5; above[6] += c6; above[7] += c7; above[8] += c8;
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2")))
static void above_avx2(const double *v, int64_t n, const double *e, int64_t *above) {
    __m256d edge[9];
    __m256i count[9];
    for (int k = 0; k < 9; k++) { edge[k] = _mm256_set1_pd(e[k]); count[k] = _mm256_setzero_si256(); }
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d x = _mm256_loadu_pd(v + i);
        // An all-ones lane is −1: subtracting the mask adds 1 where x > edge.
        for (int k = 0; k < 9; k++)
            count[k] = _mm256_sub_epi64(count[k], _mm256_castpd_si256(_mm256_cmp_pd(x, edge[k], _CMP_GT_OQ)));
    }
    for (int k = 0; k < 9; k++) {
        int64_t lanes[4];
        _mm256_storeu_si256((__m256i *)lanes, count[k]);
        above[k] += lanes[0] + lanes[1] + lanes[2] + lanes[3];
    }
    above_portable(v + i, n - i, e, above);
}

static int above_use_avx2 = 0;
__attribute__((constructor)) static void above_choose(void) { above_use_avx2 = ckernels_has_avx2(); }
#endif

void ckernels_count_above(const double *v, int64_t n, const double *edges, int64_t *above) {
    for (int k = 0; k < 9; k++) above[k] = 0;
#if defined(__x86_64__)
    if (above_use_avx2) { above_avx2(v, n, edges, above); return; }
#endif
    above_portable(v, n, edges, above);
}

void ckernels_count_above_portable(const double *v, int64_t n, const double *edges, int64_t *above) {
    for (int k = 0; k < 9; k++) above[k] = 0;
    above_portable(v, n, edges, above);
}

// The same for a scaled column's stored integers (Distributions.ofScaled): how many of `m` lie above each of
// nine ascending bounds, eight at a time with AVX2 (per-lane 32-bit counts, emptied into the totals every 2^28
// values, before they could overflow).
static void above_i32_portable(const int32_t *m, int64_t n, const int32_t *u, int64_t *above) {
    int64_t c[9] = {0};
    for (int64_t i = 0; i < n; i++) {
        int32_t x = m[i];
        for (int k = 0; k < 9; k++) c[k] += x > u[k];
    }
    for (int k = 0; k < 9; k++) above[k] += c[k];
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static void above_i32_avx2(const int32_t *m, int64_t n, const int32_t *u, int64_t *above) {
    __m256i bound[9];
    for (int k = 0; k < 9; k++) bound[k] = _mm256_set1_epi32(u[k]);
    int64_t i = 0;
    while (i + 8 <= n) {
        int64_t stop = n - i > ((int64_t)1 << 28) ? i + ((int64_t)1 << 28) : n;
        __m256i count[9];
        for (int k = 0; k < 9; k++) count[k] = _mm256_setzero_si256();
        for (; i + 8 <= stop; i += 8) {
            __m256i x = _mm256_loadu_si256((const __m256i *)(m + i));
            for (int k = 0; k < 9; k++) count[k] = _mm256_sub_epi32(count[k], _mm256_cmpgt_epi32(x, bound[k]));
        }
        for (int k = 0; k < 9; k++) {
            int32_t lanes[8];
            _mm256_storeu_si256((__m256i *)lanes, count[k]);
            for (int j = 0; j < 8; j++) above[k] += lanes[j];
        }
    }
    above_i32_portable(m + i, n - i, u, above);
}
#endif

void ckernels_count_above_i32(const int32_t *m, int64_t n, const int32_t *bounds, int64_t *above, int portable) {
    for (int k = 0; k < 9; k++) above[k] = 0;
#if defined(__x86_64__)
    if (above_use_avx2 && !portable) { above_i32_avx2(m, n, bounds, above); return; }
#endif
    above_i32_portable(m, n, bounds, above);
}

#include "ckernels.h"
#include <math.h>
#include "narrow.h"

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

// A numeric column's standardisation, fitted on every row in order (FeatureEncoder.fitOne in
// Sources/LeadScore/Model/EncoderFitting.swift): over the values present, the sum (then the mean), the sum of
// squared deviations (then the standard deviation) and the sum of the standardised values, each a running sum in
// row order. In Swift each is one chain of additions, four cycles a value: three chains of a million values a
// column were a tenth of numeric train's time. Here up to eight columns go side by side, one in each lane of an
// AVX-512 vector, so that eight chains advance at once; each lane does its column's operations in its order, so
// every sum is the same bits as the loop's.
//
// Values are NumberColumn's scaled integers, 32-bit or (`ckernels_moments_narrow`) 16-bit read as the 32-bit ones
// they stand for (narrow.h): INT32_MIN is missing (left out of every sum), -INT32_MAX is −0.0,
// anything else m / divisor correctly rounded (decode.c: with FMA by Markstein's correction, which
// Tests/decode-check/exhaustive.c proves equal to the division for every m and divisor 10^0 … 10^9).

static double value(int32_t m, double divisor) { return m == -INT32_MAX ? -0.0 : (double)m / divisor; }

// The statistics of one column from its sums, as fitOne takes them.
static void finish_mean(double sum, int64_t present, double *mean) { *mean = present > 0 ? sum / (double)present : 0; }
static void finish_scale(double ss, int64_t n, double *scale) {
    const double sd = n == 0 ? 0 : sqrt(ss / (double)n);
    *scale = sd > 0 ? sd : 1;
}

static void moments_portable(const void *const *columns, int narrow, const double *divisors, int64_t count, int64_t n,
                             double *mean, double *scale, int64_t *present, double *zsum) {
    for (int64_t c = 0; c < count; c++) {
        const void *m = columns[c];
        const double divisor = divisors[c];
        double sum = 0, ss = 0, z = 0;
        int64_t k = 0;
        for (int64_t r = 0; r < n; r++) {
            const int32_t v = scaled_at(m, narrow, r);
            if (v != INT32_MIN) { sum += value(v, divisor); k++; }
        }
        finish_mean(sum, k, &mean[c]);
        const double mu = mean[c];
        for (int64_t r = 0; r < n; r++) {
            const int32_t v = scaled_at(m, narrow, r);
            if (v != INT32_MIN) { const double d = value(v, divisor) - mu; ss += d * d; }
        }
        finish_scale(ss, n, &scale[c]);
        const double s = scale[c];
        for (int64_t r = 0; r < n; r++) {
            const int32_t v = scaled_at(m, narrow, r);
            if (v != INT32_MIN) z += (value(v, divisor) - mu) / s;
        }
        present[c] = k;
        zsum[c] = z;
    }
}

#if defined(__x86_64__)
#include <immintrin.h>
#include "lanes8.h"

// One row's eight values decoded (a divisor per lane); `gap` marks the missing.
__attribute__((target("avx512f,avx512vl")))
static inline __m512d decoded(__m256i raw, __m512d d, __m512d y, __mmask8 *gap) {
    *gap = _mm256_cmpeq_epi32_mask(raw, _mm256_set1_epi32(INT32_MIN));
    return quotients_avx512(raw, d, y);
}

// Rows r … r+7 of the eight columns, transposed, whichever their width.
__attribute__((target("avx2")))
static inline void load8(const void *const *col, int narrow, int64_t r, __m256i row[8]) {
    if (narrow) rows8_narrow((const int16_t *const *)col, r, row);
    else rows8((const int32_t *const *)col, r, row);
}

// Inlined into one function per width (`narrow` a constant there).
__attribute__((target("avx512f,avx512vl,avx2,fma"), always_inline))
static inline void moments_avx512(const void *const *columns, int narrow, const double *divisors, int64_t count,
                                  int64_t n, double *mean, double *scale, int64_t *present, double *zsum) {
    // Missing lanes (count < 8) read column 0 again; their results are not kept.
    const void *col[8];
    double dv[8], inv[8];
    for (int c = 0; c < 8; c++) {
        col[c] = columns[c < count ? c : 0];
        dv[c] = divisors[c < count ? c : 0];
        inv[c] = 1 / dv[c];
    }
    const __m512d d = _mm512_loadu_pd(dv), y = _mm512_loadu_pd(inv);
    const int64_t whole = n - n % 8;
    __m256i row[8];
    __mmask8 gap;
    double s[8], q[8], z[8];
    int64_t k[8];

    // The sums and the counts present.
    __m512d sum = _mm512_setzero_pd();
    __m512i gaps = _mm512_setzero_si512();
    for (int64_t r = 0; r < whole; r += 8) {
        load8(col, narrow, r, row);
        for (int j = 0; j < 8; j++) {
            __m512d x = decoded(row[j], d, y, &gap);
            sum = _mm512_mask_add_pd(sum, (__mmask8)~gap, sum, x);
            gaps = _mm512_mask_add_epi64(gaps, gap, gaps, _mm512_set1_epi64(1));
        }
    }
    _mm512_storeu_pd(s, sum);
    _mm512_storeu_si512(k, gaps);
    for (int c = 0; c < 8; c++) {
        k[c] = whole - k[c];
        for (int64_t r = whole; r < n; r++) {
            const int32_t v = scaled_at(col[c], narrow, r);
            if (v != INT32_MIN) { s[c] += value(v, dv[c]); k[c]++; }
        }
        finish_mean(s[c], k[c], &s[c]);  // s now holds the means
    }
    const __m512d mu = _mm512_loadu_pd(s);

    // The squared deviations.
    __m512d ss = _mm512_setzero_pd();
    for (int64_t r = 0; r < whole; r += 8) {
        load8(col, narrow, r, row);
        for (int j = 0; j < 8; j++) {
            __m512d x = _mm512_sub_pd(decoded(row[j], d, y, &gap), mu);
            ss = _mm512_mask_add_pd(ss, (__mmask8)~gap, ss, _mm512_mul_pd(x, x));
        }
    }
    _mm512_storeu_pd(q, ss);
    for (int c = 0; c < 8; c++) {
        for (int64_t r = whole; r < n; r++) {
            const int32_t v = scaled_at(col[c], narrow, r);
            if (v != INT32_MIN) { const double e = value(v, dv[c]) - s[c]; q[c] += e * e; }
        }
        finish_scale(q[c], n, &q[c]);  // q now holds the scales
    }
    const __m512d sc = _mm512_loadu_pd(q);

    // The standardised values.
    __m512d zs = _mm512_setzero_pd();
    for (int64_t r = 0; r < whole; r += 8) {
        load8(col, narrow, r, row);
        for (int j = 0; j < 8; j++) {
            __m512d x = _mm512_div_pd(_mm512_sub_pd(decoded(row[j], d, y, &gap), mu), sc);
            zs = _mm512_mask_add_pd(zs, (__mmask8)~gap, zs, x);
        }
    }
    _mm512_storeu_pd(z, zs);
    for (int c = 0; c < count; c++) {
        for (int64_t r = whole; r < n; r++) {
            const int32_t v = scaled_at(col[c], narrow, r);
            if (v != INT32_MIN) z[c] += (value(v, dv[c]) - s[c]) / q[c];
        }
        mean[c] = s[c];
        scale[c] = q[c];
        present[c] = k[c];
        zsum[c] = z[c];
    }
}

__attribute__((target("avx512f,avx512vl,avx2,fma")))
static void moments_avx512_wide(const void *const *columns, const double *divisors, int64_t count, int64_t n,
                                double *mean, double *scale, int64_t *present, double *zsum) {
    moments_avx512(columns, 0, divisors, count, n, mean, scale, present, zsum);
}

__attribute__((target("avx512f,avx512vl,avx2,fma")))
static void moments_avx512_narrow(const void *const *columns, const double *divisors, int64_t count, int64_t n,
                                  double *mean, double *scale, int64_t *present, double *zsum) {
    moments_avx512(columns, 1, divisors, count, n, mean, scale, present, zsum);
}

static int best = 0;
__attribute__((constructor)) static void moments_choose(void) { best = ckernels_vector_level() == 2 ? 1 : 0; }
#else
static const int best = 0;
#endif

static int moments_any(const void *const *columns, int narrow, const double *divisors, int64_t count, int64_t n,
                       double *mean, double *scale, int64_t *present, double *zsum, int path) {
    if (count < 1 || count > 8 || path > best) return 0;
#if defined(__x86_64__)
    if (path == 1) {
        if (narrow) moments_avx512_narrow(columns, divisors, count, n, mean, scale, present, zsum);
        else moments_avx512_wide(columns, divisors, count, n, mean, scale, present, zsum);
        return 1;
    }
#endif
    moments_portable(columns, narrow, divisors, count, n, mean, scale, present, zsum);
    return 1;
}

int ckernels_moments_path(const int32_t *const *columns, const double *divisors, int64_t count, int64_t n,
                          double *mean, double *scale, int64_t *present, double *zsum, int path) {
    return moments_any((const void *const *)columns, 0, divisors, count, n, mean, scale, present, zsum, path);
}

int ckernels_moments(const int32_t *const *columns, const double *divisors, int64_t count, int64_t n, double *mean,
                     double *scale, int64_t *present, double *zsum) {
    return ckernels_moments_path(columns, divisors, count, n, mean, scale, present, zsum, best);
}

int ckernels_moments_narrow_path(const int16_t *const *columns, const double *divisors, int64_t count, int64_t n,
                                 double *mean, double *scale, int64_t *present, double *zsum, int path) {
    return moments_any((const void *const *)columns, 1, divisors, count, n, mean, scale, present, zsum, path);
}

int ckernels_moments_narrow(const int16_t *const *columns, const double *divisors, int64_t count, int64_t n,
                            double *mean, double *scale, int64_t *present, double *zsum) {
    return ckernels_moments_narrow_path(columns, divisors, count, n, mean, scale, present, zsum, best);
}

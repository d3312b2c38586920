#include "ckernels.h"
#include <math.h>

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

// moments.c for columns stored as doubles (float64 columns written in full, as pandas writes them): up to eight
// columns side by side, one in each lane of an AVX-512 vector, each lane doing its column's running sums in row
// order over the values present (NaN is missing), so that every sum is the same bits as FeatureEncoder.fitOne's
// loops, whose three chains of additions (four cycles a value) took 76 ms of CPU on the floats file's columns.

static void finish_mean(double sum, int64_t present, double *mean) { *mean = present > 0 ? sum / (double)present : 0; }
static void finish_scale(double ss, int64_t n, double *scale) {
    const double sd = n == 0 ? 0 : sqrt(ss / (double)n);
    *scale = sd > 0 ? sd : 1;
}

static void moments_portable(const double *const *columns, int64_t count, int64_t n, double *mean, double *scale,
                             int64_t *present, double *zsum) {
    for (int64_t c = 0; c < count; c++) {
        const double *x = columns[c];
        double sum = 0, ss = 0, z = 0;
        int64_t k = 0;
        for (int64_t r = 0; r < n; r++) if (x[r] == x[r]) { sum += x[r]; k++; }
        finish_mean(sum, k, &mean[c]);
        const double mu = mean[c];
        for (int64_t r = 0; r < n; r++) if (x[r] == x[r]) { const double d = x[r] - mu; ss += d * d; }
        finish_scale(ss, n, &scale[c]);
        const double s = scale[c];
        for (int64_t r = 0; r < n; r++) if (x[r] == x[r]) z += (x[r] - mu) / s;
        present[c] = k;
        zsum[c] = z;
    }
}

#if defined(__x86_64__)
#include <immintrin.h>
#include "lanes8.h"

__attribute__((target("avx512f")))
static void moments_avx512(const double *const *columns, int64_t count, int64_t n, double *mean, double *scale,
                           int64_t *present, double *zsum) {
    // Missing lanes (count < 8) read column 0 again; their results are not kept.
    const double *col[8];
    for (int c = 0; c < 8; c++) col[c] = columns[c < count ? c : 0];
    const int64_t whole = n - n % 8;
    __m512d row[8];
    double s[8], q[8], z[8];
    int64_t k[8];

    // The sums and the counts present.
    __m512d sum = _mm512_setzero_pd();
    __m512i gaps = _mm512_setzero_si512();
    for (int64_t r = 0; r < whole; r += 8) {
        doubles8(col, r, row);
        for (int j = 0; j < 8; j++) {
            const __mmask8 gap = _mm512_cmp_pd_mask(row[j], row[j], _CMP_UNORD_Q);
            sum = _mm512_mask_add_pd(sum, (__mmask8)~gap, sum, row[j]);
            gaps = _mm512_mask_add_epi64(gaps, gap, gaps, _mm512_set1_epi64(1));
        }
    }
    _mm512_storeu_pd(s, sum);
    _mm512_storeu_si512(k, gaps);
    for (int c = 0; c < 8; c++) {
        k[c] = whole - k[c];
        for (int64_t r = whole; r < n; r++) if (col[c][r] == col[c][r]) { s[c] += col[c][r]; k[c]++; }
        finish_mean(s[c], k[c], &s[c]);  // s now holds the means
    }
    const __m512d mu = _mm512_loadu_pd(s);

    // The squared deviations.
    __m512d ss = _mm512_setzero_pd();
    for (int64_t r = 0; r < whole; r += 8) {
        doubles8(col, r, row);
        for (int j = 0; j < 8; j++) {
            const __mmask8 gap = _mm512_cmp_pd_mask(row[j], row[j], _CMP_UNORD_Q);
            const __m512d d = _mm512_sub_pd(row[j], mu);
            ss = _mm512_mask_add_pd(ss, (__mmask8)~gap, ss, _mm512_mul_pd(d, d));
        }
    }
    _mm512_storeu_pd(q, ss);
    for (int c = 0; c < 8; c++) {
        for (int64_t r = whole; r < n; r++) {
            if (col[c][r] == col[c][r]) { const double e = col[c][r] - s[c]; q[c] += e * e; }
        }
        finish_scale(q[c], n, &q[c]);  // q now holds the scales
    }
    const __m512d sc = _mm512_loadu_pd(q);

    // The standardised values.
    __m512d zs = _mm512_setzero_pd();
    for (int64_t r = 0; r < whole; r += 8) {
        doubles8(col, r, row);
        for (int j = 0; j < 8; j++) {
            const __mmask8 gap = _mm512_cmp_pd_mask(row[j], row[j], _CMP_UNORD_Q);
            zs = _mm512_mask_add_pd(zs, (__mmask8)~gap, zs, _mm512_div_pd(_mm512_sub_pd(row[j], mu), sc));
        }
    }
    _mm512_storeu_pd(z, zs);
    for (int c = 0; c < count; c++) {
        for (int64_t r = whole; r < n; r++) if (col[c][r] == col[c][r]) z[c] += (col[c][r] - s[c]) / q[c];
        mean[c] = s[c];
        scale[c] = q[c];
        present[c] = k[c];
        zsum[c] = z[c];
    }
}

static int best = 0;
__attribute__((constructor)) static void moments_doubles_choose(void) { best = ckernels_vector_level() == 2 ? 1 : 0; }
#else
static const int best = 0;
#endif

int ckernels_moments_doubles_path(const double *const *columns, int64_t count, int64_t n, double *mean, double *scale,
                                  int64_t *present, double *zsum, int path) {
    if (count < 1 || count > 8 || path > best) return 0;
#if defined(__x86_64__)
    if (path == 1) { moments_avx512(columns, count, n, mean, scale, present, zsum); return 1; }
#endif
    moments_portable(columns, count, n, mean, scale, present, zsum);
    return 1;
}

int ckernels_moments_doubles(const double *const *columns, int64_t count, int64_t n, double *mean, double *scale,
                             int64_t *present, double *zsum) {
    return ckernels_moments_doubles_path(columns, count, n, mean, scale, present, zsum, best);
}

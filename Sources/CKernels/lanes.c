#include "ckernels.h"
#include "narrow.h"

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

// Up to eight neighbouring columns of a design block at once (DesignMatrix.fillDense): each lane a numeric term
// (x − mean)·inv, 0 where missing, or a missing indicator, 1 or 0, of a scaled column. decode.c's fill writes one
// column at a time, eight values `stride` doubles apart, each store a cache line of its own; here eight rows of
// eight columns are transposed in registers and each row's eight values go out in one store. Each value is
// fill_portable's (decode.c): the division by Markstein's correction (the same bits, proven there), then the
// subtraction and the multiplication, each rounded on its own. `ckernels_fill_lanes_mixed` takes columns of 16-bit
// scaled integers (narrow.h) beside 32-bit ones, widened as they are read: the design's neighbouring columns are
// stored either way, and groups of one width were one or two lanes wide where they alternate.

static double lane_value(int32_t v, double divisor, double mean, double inv, int8_t indicator) {
    if (v == INT32_MIN) return indicator ? 1.0 : 0.0;
    if (indicator) return 0.0;
    return ((v == -INT32_MAX ? -0.0 : (double)v / divisor) - mean) * inv;
}

static void lanes_portable(const void *const *columns, const uint8_t *narrow, const double *divisors, const double *means,
                           const double *invs, const int8_t *indicators, int64_t lanes, int64_t n, double *out,
                           int64_t stride) {
    for (int64_t j = 0; j < lanes; j++) {
        for (int64_t r = 0; r < n; r++) {
            out[r * stride + j] = lane_value(scaled_at(columns[j], narrow && narrow[j], r), divisors[j], means[j], invs[j],
                                             indicators[j]);
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>
#include "lanes8.h"

// Inlined into one function for 32-bit columns only (`narrow` NULL there) and one for either width.
__attribute__((target("avx512f,avx512vl,avx2,fma"), always_inline))
static inline void lanes_avx512(const void *const *columns, const uint8_t *narrow, const double *divisors,
                                const double *means, const double *invs, const int8_t *indicators, int64_t lanes,
                                int64_t n, double *out, int64_t stride) {
    // Lanes past `lanes` read column 0 again and are not stored.
    const void *col[8];
    uint8_t nar[8];
    double dv[8], y[8], mu[8], in[8];
    __mmask8 flags = 0;
    for (int j = 0; j < 8; j++) {
        const int k = j < lanes ? j : 0;
        col[j] = columns[k];
        nar[j] = narrow ? narrow[k] : 0;
        dv[j] = divisors[k];
        y[j] = 1 / dv[j];
        mu[j] = means[k];
        in[j] = invs[k];
        if (j < lanes && indicators[j]) flags |= (__mmask8)(1u << j);
    }
    const __mmask8 stored = (__mmask8)((1u << lanes) - 1);
    const __m512d d = _mm512_loadu_pd(dv), yy = _mm512_loadu_pd(y), m = _mm512_loadu_pd(mu), s = _mm512_loadu_pd(in);
    const __m512d one = _mm512_set1_pd(1.0);
    const int64_t whole = n - n % 8;
    __m256i row[8];
    for (int64_t r = 0; r < whole; r += 8) {
        if (narrow) rows8_mixed(col, nar, r, row);
        else rows8((const int32_t *const *)col, r, row);
        for (int k = 0; k < 8; k++) {
            const __mmask8 gap = _mm256_cmpeq_epi32_mask(row[k], _mm256_set1_epi32(INT32_MIN));
            const __m512d x = quotients_avx512(row[k], d, yy);
            __m512d v = _mm512_maskz_mov_pd((__mmask8)~gap, _mm512_mul_pd(_mm512_sub_pd(x, m), s));
            v = _mm512_mask_mov_pd(v, flags, _mm512_maskz_mov_pd(gap, one));
            _mm512_mask_storeu_pd(out + (r + k) * stride, stored, v);
        }
    }
    for (int64_t j = 0; j < lanes; j++) {
        for (int64_t r = whole; r < n; r++) {
            out[r * stride + j] = lane_value(scaled_at(columns[j], narrow && narrow[j], r), divisors[j], means[j], invs[j],
                                             indicators[j]);
        }
    }
}

__attribute__((target("avx512f,avx512vl,avx2,fma")))
static void lanes_avx512_wide(const void *const *columns, const double *divisors, const double *means,
                              const double *invs, const int8_t *indicators, int64_t lanes, int64_t n, double *out,
                              int64_t stride) {
    lanes_avx512(columns, NULL, divisors, means, invs, indicators, lanes, n, out, stride);
}

__attribute__((target("avx512f,avx512vl,avx2,fma")))
static void lanes_avx512_mixed(const void *const *columns, const uint8_t *narrow, const double *divisors,
                               const double *means, const double *invs, const int8_t *indicators, int64_t lanes,
                               int64_t n, double *out, int64_t stride) {
    lanes_avx512(columns, narrow, divisors, means, invs, indicators, lanes, n, out, stride);
}

static int best = 0;
__attribute__((constructor)) static void lanes_choose(void) { best = ckernels_vector_level() == 2 ? 1 : 0; }
#else
static const int best = 0;
#endif

static int lanes_any(const void *const *columns, const uint8_t *narrow, const double *divisors, const double *means,
                     const double *invs, const int8_t *indicators, int64_t lanes, int64_t n, double *out, int64_t stride,
                     int path) {
    if (lanes < 1 || lanes > 8 || path > best) return 0;
#if defined(__x86_64__)
    if (path == 1) {
        if (narrow) lanes_avx512_mixed(columns, narrow, divisors, means, invs, indicators, lanes, n, out, stride);
        else lanes_avx512_wide(columns, divisors, means, invs, indicators, lanes, n, out, stride);
        return 1;
    }
#endif
    lanes_portable(columns, narrow, divisors, means, invs, indicators, lanes, n, out, stride);
    return 1;
}

int ckernels_fill_lanes_path(const int32_t *const *columns, const double *divisors, const double *means,
                             const double *invs, const int8_t *indicators, int64_t lanes, int64_t n, double *out,
                             int64_t stride, int path) {
    return lanes_any((const void *const *)columns, NULL, divisors, means, invs, indicators, lanes, n, out, stride, path);
}

int ckernels_fill_lanes(const int32_t *const *columns, const double *divisors, const double *means, const double *invs,
                        const int8_t *indicators, int64_t lanes, int64_t n, double *out, int64_t stride) {
    return ckernels_fill_lanes_path(columns, divisors, means, invs, indicators, lanes, n, out, stride, best);
}

int ckernels_fill_lanes_mixed_path(const void *const *columns, const uint8_t *narrow, const double *divisors,
                                   const double *means, const double *invs, const int8_t *indicators, int64_t lanes,
                                   int64_t n, double *out, int64_t stride, int path) {
    return lanes_any(columns, narrow, divisors, means, invs, indicators, lanes, n, out, stride, path);
}

int ckernels_fill_lanes_mixed(const void *const *columns, const uint8_t *narrow, const double *divisors,
                              const double *means, const double *invs, const int8_t *indicators, int64_t lanes, int64_t n,
                              double *out, int64_t stride) {
    return ckernels_fill_lanes_mixed_path(columns, narrow, divisors, means, invs, indicators, lanes, n, out, stride, best);
}

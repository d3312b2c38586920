#include "ckernels.h"

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

// lanes.c for columns stored as doubles (float64 columns written in full, as pandas writes them): up to eight
// neighbouring terms of a design block at once, each (x − mean)·inv, 0 where missing (NaN), or a missing
// indicator, 1 or 0. DesignMatrix.fillDense copied each column's rows out and wrote them one column at a time,
// `stride` doubles apart, each store a cache line of its own; here eight rows of eight columns are transposed in
// registers and each row's eight values go out in one store. Each value is the Swift loop's: the subtraction and
// the multiplication, each rounded on its own.

static double lane_value(double v, double mean, double inv, int8_t indicator) {
    if (v != v) return indicator ? 1.0 : 0.0;
    if (indicator) return 0.0;
    return (v - mean) * inv;
}

static void lanes_portable(const double *const *columns, const double *means, const double *invs,
                           const int8_t *indicators, int64_t lanes, int64_t n, double *out, int64_t stride) {
    for (int64_t j = 0; j < lanes; j++) {
        for (int64_t r = 0; r < n; r++) out[r * stride + j] = lane_value(columns[j][r], means[j], invs[j], indicators[j]);
    }
}

#if defined(__x86_64__)
#include <immintrin.h>
#include "lanes8.h"

__attribute__((target("avx512f")))
static void lanes_avx512(const double *const *columns, const double *means, const double *invs,
                         const int8_t *indicators, int64_t lanes, int64_t n, double *out, int64_t stride) {
    // Lanes past `lanes` read column 0 again and are not stored.
    const double *col[8];
    double mu[8], in[8];
    __mmask8 flags = 0;
    for (int j = 0; j < 8; j++) {
        const int k = j < lanes ? j : 0;
        col[j] = columns[k];
        mu[j] = means[k];
        in[j] = invs[k];
        if (j < lanes && indicators[j]) flags |= (__mmask8)(1u << j);
    }
    const __mmask8 stored = (__mmask8)((1u << lanes) - 1);
    const __m512d m = _mm512_loadu_pd(mu), s = _mm512_loadu_pd(in), one = _mm512_set1_pd(1.0);
    const int64_t whole = n - n % 8;
    __m512d row[8];
    for (int64_t r = 0; r < whole; r += 8) {
        doubles8(col, r, row);
        for (int k = 0; k < 8; k++) {
            const __mmask8 gap = _mm512_cmp_pd_mask(row[k], row[k], _CMP_UNORD_Q);
            __m512d v = _mm512_maskz_mov_pd((__mmask8)~gap, _mm512_mul_pd(_mm512_sub_pd(row[k], m), s));
            v = _mm512_mask_mov_pd(v, flags, _mm512_maskz_mov_pd(gap, one));
            _mm512_mask_storeu_pd(out + (r + k) * stride, stored, v);
        }
    }
    for (int64_t j = 0; j < lanes; j++) {
        for (int64_t r = whole; r < n; r++) out[r * stride + j] = lane_value(columns[j][r], means[j], invs[j], indicators[j]);
    }
}

static int best = 0;
__attribute__((constructor)) static void lanes_doubles_choose(void) { best = ckernels_vector_level() == 2 ? 1 : 0; }
#else
static const int best = 0;
#endif

int ckernels_fill_lanes_doubles_path(const double *const *columns, const double *means, const double *invs,
                                     const int8_t *indicators, int64_t lanes, int64_t n, double *out, int64_t stride,
                                     int path) {
    if (lanes < 1 || lanes > 8 || path > best) return 0;
#if defined(__x86_64__)
    if (path == 1) { lanes_avx512(columns, means, invs, indicators, lanes, n, out, stride); return 1; }
#endif
    lanes_portable(columns, means, invs, indicators, lanes, n, out, stride);
    return 1;
}

int ckernels_fill_lanes_doubles(const double *const *columns, const double *means, const double *invs,
                                const int8_t *indicators, int64_t lanes, int64_t n, double *out, int64_t stride) {
    return ckernels_fill_lanes_doubles_path(columns, means, invs, indicators, lanes, n, out, stride, best);
}

#include "ckernels.h"

#pragma STDC FP_CONTRACT OFF

// Scaled integers to doubles (NumberColumn in Sources/LeadScore/Data/NumberColumn.swift): m / divisor, one
// correctly rounded division each, INT32_MIN as NaN and -INT32_MAX as -0.0. Swift compiles its loop to
// branches and one scalar division per value; here the values go four (AVX2) or eight (AVX-512) at a time.
//
// Where the CPU has FMA the division is replaced by Markstein's correction: with y = 1/divisor rounded,
// q = m·y rounded, the residual r = m − q·divisor (exact in one fused multiply-add) and q' = q + r·y (fused)
// is the correctly rounded m / divisor. That holds for every 32-bit m and every divisor 10^0 … 10^9:
// Tests/decode-check/exhaustive.c checks every m but the two sentinels at each of them, on each FMA path,
// against the division (`make test` runs it), so every path gives the division's bits. The division was what bounded the loop (a 256-bit
// division every eight cycles); measured in L1: 0.73 ns a value divided, 0.57 with FMA, 0.31 with AVX-512.

static const double canonical_nan = __builtin_nan("");  // 0x7FF8000000000000, as Swift's Double.nan

static inline double decode_one(int32_t v, double divisor) {
    return v == INT32_MIN ? canonical_nan : v == -INT32_MAX ? -0.0 : (double)v / divisor;
}

static void decode_portable(const int32_t *m, int64_t n, double divisor, double *out) {
    for (int64_t i = 0; i < n; i++) out[i] = decode_one(m[i], divisor);
}

// A design block's column (DesignMatrix.fillDense): each value decoded as above, then (x − mean)·inv, 0 where
// missing, at out[r·stride]; the missing indicator 1 or 0 at flag[r·stride] when there is one. Each operation
// rounded on its own, as the Swift loop it replaces does (nothing here can fuse: no product is added to).
static void fill_portable(const int32_t *m, int64_t n, double divisor, double mean, double inv, double *out,
                          int64_t stride, double *flag) {
    for (int64_t r = 0; r < n; r++) {
        int missing = m[r] == INT32_MIN;
        out[r * stride] = missing ? 0.0 : (decode_one(m[r], divisor) - mean) * inv;
        if (flag) flag[r * stride] = missing ? 1.0 : 0.0;
    }
}

#if defined(__x86_64__)
#include <immintrin.h>
#include "lanes8.h"

// Four decoded lanes x of the values a with the sentinels' values put in: −0 where a is -INT32_MAX, NaN where
// it is INT32_MIN.
__attribute__((target("avx2")))
static inline __m256d sentinels_avx2(__m256d x, __m256d a) {
    x = _mm256_blendv_pd(x, _mm256_set1_pd(-0.0), _mm256_cmp_pd(a, _mm256_set1_pd((double)-INT32_MAX), _CMP_EQ_OQ));
    return _mm256_blendv_pd(x, _mm256_set1_pd(canonical_nan), _mm256_cmp_pd(a, _mm256_set1_pd((double)INT32_MIN), _CMP_EQ_OQ));
}

__attribute__((target("avx2")))
static void decode_avx2(const int32_t *m, int64_t n, double divisor, double *out) {
    const __m256d d = _mm256_set1_pd(divisor);
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d a = _mm256_cvtepi32_pd(_mm_loadu_si128((const __m128i *)(m + i)));
        _mm256_storeu_pd(out + i, sentinels_avx2(_mm256_div_pd(a, d), a));
    }
    decode_portable(m + i, n - i, divisor, out + i);
}

__attribute__((target("avx2,fma")))
static void decode_fma(const int32_t *m, int64_t n, double divisor, double *out) {
    const __m256d d = _mm256_set1_pd(divisor), y = _mm256_set1_pd(1 / divisor);
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d a = _mm256_cvtepi32_pd(_mm_loadu_si128((const __m128i *)(m + i)));
        __m256d q = _mm256_mul_pd(a, y);
        _mm256_storeu_pd(out + i, sentinels_avx2(_mm256_fmadd_pd(_mm256_fnmadd_pd(q, d, a), y, q), a));
    }
    decode_portable(m + i, n - i, divisor, out + i);
}

__attribute__((target("avx512f,avx512vl")))
static void decode_avx512(const int32_t *m, int64_t n, double divisor, double *out) {
    const __m512d d = _mm512_set1_pd(divisor), y = _mm512_set1_pd(1 / divisor), nan = _mm512_set1_pd(canonical_nan);
    const __m256i missing = _mm256_set1_epi32(INT32_MIN);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256i raw = _mm256_loadu_si256((const __m256i *)(m + i));
        __m512d x = quotients_avx512(raw, d, y);
        _mm512_storeu_pd(out + i, _mm512_mask_mov_pd(x, _mm256_cmpeq_epi32_mask(raw, missing), nan));
    }
    decode_portable(m + i, n - i, divisor, out + i);
}

// fill_portable eight values at a time: decoded as decode_avx512, the lanes stored one by one (a block's
// rows are `stride` doubles apart).
__attribute__((target("avx512f,avx512vl")))
static void fill_avx512(const int32_t *m, int64_t n, double divisor, double mean, double inv, double *out,
                        int64_t stride, double *flag) {
    const __m512d d = _mm512_set1_pd(divisor), y = _mm512_set1_pd(1 / divisor);
    const __m512d mu = _mm512_set1_pd(mean), scale = _mm512_set1_pd(inv), one = _mm512_set1_pd(1.0);
    const __m256i missing = _mm256_set1_epi32(INT32_MIN);
    double v[8], f[8];
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256i raw = _mm256_loadu_si256((const __m256i *)(m + i));
        __m512d x = quotients_avx512(raw, d, y);
        __mmask8 gap = _mm256_cmpeq_epi32_mask(raw, missing);
        __m512d z = _mm512_maskz_mov_pd((__mmask8)~gap, _mm512_mul_pd(_mm512_sub_pd(x, mu), scale));
        _mm512_storeu_pd(v, z);
        double *o = out + i * stride;
        for (int k = 0; k < 8; k++) o[k * stride] = v[k];
        if (flag) {
            _mm512_storeu_pd(f, _mm512_maskz_mov_pd(gap, one));
            double *g = flag + i * stride;
            for (int k = 0; k < 8; k++) g[k * stride] = f[k];
        }
    }
    fill_portable(m + i, n - i, divisor, mean, inv, out + i * stride, stride, flag ? flag + i * stride : flag);
}

// Asked once, when the library is loaded (before any thread reads it): 3 AVX-512, 2 AVX2 with FMA, 1 AVX2.
static int best_path = 0;
__attribute__((constructor)) static void decode_choose(void) {
    int level = ckernels_vector_level();
    best_path = level == 2 ? 3 : level == 1 ? 2 : ckernels_has_avx2() ? 1 : 0;
}
#else
static const int best_path = 0;
#endif

int ckernels_decode_scaled_path(const int32_t *m, int64_t n, double divisor, double *out, int path) {
    if (path > best_path) return 0;
#if defined(__x86_64__)
    switch (path) {
    case 3: decode_avx512(m, n, divisor, out); return 1;
    case 2: decode_fma(m, n, divisor, out); return 1;
    case 1: decode_avx2(m, n, divisor, out); return 1;
    }
#endif
    decode_portable(m, n, divisor, out);
    return 1;
}

void ckernels_decode_scaled(const int32_t *m, int64_t n, double divisor, double *out) {
    ckernels_decode_scaled_path(m, n, divisor, out, best_path);
}

int ckernels_fill_scaled_path(const int32_t *m, int64_t n, double divisor, double mean, double inv, double *out,
                              int64_t stride, double *flag, int path) {
    if (path > best_path) return 0;
#if defined(__x86_64__)
    if (path == 3) { fill_avx512(m, n, divisor, mean, inv, out, stride, flag); return 1; }
#endif
    fill_portable(m, n, divisor, mean, inv, out, stride, flag);
    return 1;
}

void ckernels_fill_scaled(const int32_t *m, int64_t n, double divisor, double mean, double inv, double *out,
                          int64_t stride, double *flag) {
    ckernels_fill_scaled_path(m, n, divisor, mean, inv, out, stride, flag, best_path);
}

#include "ckernels.h"
#include "narrow.h"

// NumberColumn's narrow storage (narrow.h): a scaled column whose integers all lie within −32,766 … 32,767 kept in
// 16 bits (a million counts in 2 MB instead of 4: issue 14, train's memory), and read back 32-bit a stretch at a
// time by the kernels that take one width. Sixteen values a step with AVX2 where the CPU has it (the plain loops
// stayed scalar: 2.5 ns a value, 2% of the wide file's train); a column that does not fit stops at its first value
// that does not.

static int fits16(int32_t v) { return (v > -INT16_MAX && v <= INT16_MAX) || v == INT32_MIN || v == -INT32_MAX; }

static int narrow_portable(const int32_t *m, int64_t n, int16_t *out) {
    for (int64_t r = 0; r < n; r++) {
        const int32_t v = m[r];
        if (!fits16(v)) return 0;
        out[r] = v == INT32_MIN ? INT16_MIN : v == -INT32_MAX ? -INT16_MAX : (int16_t)v;
    }
    return 1;
}

static void widen_portable(const int16_t *m, int64_t n, int32_t *out) {
    for (int64_t r = 0; r < n; r++) out[r] = widened(m[r]);
}

#if defined(__x86_64__)
#include <immintrin.h>
#include "lanes8.h"

// Eight 32-bit values: those that do not fit, as a mask, and the values with −0's code as -INT16_MAX (INT32_MIN,
// missing, saturates to INT16_MIN when packed).
__attribute__((target("avx2")))
static inline __m256i narrowable8(__m256i v, __m256i *bad) {
    const __m256i zero = _mm256_cmpeq_epi32(v, _mm256_set1_epi32(-INT32_MAX));
    const __m256i above = _mm256_cmpgt_epi32(v, _mm256_set1_epi32(INT16_MAX));
    const __m256i within = _mm256_andnot_si256(above, _mm256_cmpgt_epi32(v, _mm256_set1_epi32(-INT16_MAX)));
    const __m256i fits = _mm256_or_si256(within, _mm256_or_si256(_mm256_cmpeq_epi32(v, _mm256_set1_epi32(INT32_MIN)), zero));
    *bad = _mm256_or_si256(*bad, _mm256_andnot_si256(fits, _mm256_set1_epi32(-1)));
    return _mm256_blendv_epi8(v, _mm256_set1_epi32(-INT16_MAX), zero);
}

// A block of values is checked before any of it is written, so that a column that does not fit stops at its first
// such block without touching (faulting in) the rest of `out`: half the wide file's columns do not fit.
__attribute__((target("avx2")))
static int narrow_avx2(const int32_t *m, int64_t n, int16_t *out) {
    enum { block = 1024 };
    int64_t r = 0;
    for (; r + block <= n; r += block) {
        __m256i bad = _mm256_setzero_si256();
        for (int64_t i = r; i < r + block; i += 8) (void)narrowable8(_mm256_loadu_si256((const __m256i *)(m + i)), &bad);
        if (!_mm256_testz_si256(bad, bad)) return 0;
        for (int64_t i = r; i < r + block; i += 16) {
            __m256i ignored = _mm256_setzero_si256();
            const __m256i a = narrowable8(_mm256_loadu_si256((const __m256i *)(m + i)), &ignored);
            const __m256i b = narrowable8(_mm256_loadu_si256((const __m256i *)(m + i + 8)), &ignored);
            // packs works within 128-bit halves: a0-3 b0-3 a4-7 b4-7, put back in order.
            _mm256_storeu_si256((__m256i *)(out + i), _mm256_permute4x64_epi64(_mm256_packs_epi32(a, b), 0xD8));
        }
    }
    return narrow_portable(m + r, n - r, out + r);
}

__attribute__((target("avx2")))
static void widen_avx2(const int16_t *m, int64_t n, int32_t *out) {
    int64_t r = 0;
    for (; r + 8 <= n; r += 8) _mm256_storeu_si256((__m256i *)(out + r), widened8(m + r));
    widen_portable(m + r, n - r, out + r);
}

static int narrow_use_avx2 = 0;
__attribute__((constructor)) static void narrow_choose(void) { narrow_use_avx2 = ckernels_has_avx2(); }
#endif

int ckernels_narrow_scaled_path(const int32_t *m, int64_t n, int16_t *out, int path) {
#if defined(__x86_64__)
    if (path == 1 && !narrow_use_avx2) return -1;
    if (path == 1) return narrow_avx2(m, n, out);
#else
    if (path == 1) return -1;
#endif
    return narrow_portable(m, n, out);
}

int ckernels_narrow_scaled(const int32_t *m, int64_t n, int16_t *out) {
#if defined(__x86_64__)
    if (narrow_use_avx2) return narrow_avx2(m, n, out);
#endif
    return narrow_portable(m, n, out);
}

int ckernels_widen_scaled_path(const int16_t *m, int64_t n, int32_t *out, int path) {
#if defined(__x86_64__)
    if (path == 1 && !narrow_use_avx2) return 0;
    if (path == 1) { widen_avx2(m, n, out); return 1; }
#else
    if (path == 1) return 0;
#endif
    widen_portable(m, n, out);
    return 1;
}

void ckernels_widen_scaled(const int16_t *m, int64_t n, int32_t *out) {
#if defined(__x86_64__)
    if (narrow_use_avx2) { widen_avx2(m, n, out); return; }
#endif
    widen_portable(m, n, out);
}

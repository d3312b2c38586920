#include "ckernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

// Each multiply and add rounds on its own, as in Swift (no contraction into FMA).
#pragma clang fp contract(off)

typedef struct { __m256d a, b; } Pair;  // lanes 0-3 and 4-7

__attribute__((target("avx2")))
static inline __m256i rotl(__m256i x, int k) {
    return _mm256_add_epi32(_mm256_slli_epi32(x, k), _mm256_srli_epi32(x, 32 - k));
}

__attribute__((target("avx2")))
static inline Pair add(Pair x, Pair y) { return (Pair){_mm256_add_pd(x.a, y.a), _mm256_add_pd(x.b, y.b)}; }
__attribute__((target("avx2")))
static inline Pair sub(Pair x, Pair y) { return (Pair){_mm256_sub_pd(x.a, y.a), _mm256_sub_pd(x.b, y.b)}; }
__attribute__((target("avx2")))
static inline Pair mul(Pair x, Pair y) { return (Pair){_mm256_mul_pd(x.a, y.a), _mm256_mul_pd(x.b, y.b)}; }
__attribute__((target("avx2")))
static inline Pair divide(Pair x, Pair y) { return (Pair){_mm256_div_pd(x.a, y.a), _mm256_div_pd(x.b, y.b)}; }
__attribute__((target("avx2")))
static inline Pair scale(Pair x, double s) {
    __m256d v = _mm256_set1_pd(s);
    return (Pair){_mm256_mul_pd(x.a, v), _mm256_mul_pd(x.b, v)};
}
// x where x >= floor, else floor (Swift's `replacing(with: floor, where: x .< floor)`).
__attribute__((target("avx2")))
static inline Pair atLeast(Pair x, __m256d floor) {
    return (Pair){_mm256_blendv_pd(x.a, floor, _mm256_cmp_pd(x.a, floor, _CMP_LT_OQ)),
                  _mm256_blendv_pd(x.b, floor, _mm256_cmp_pd(x.b, floor, _CMP_LT_OQ))};
}

// The pass, inlined into one function per instruction set below: the same source and operations, so the same
// bits; compiled for AVX-512VL it has 32 vector registers instead of 16, and keeps its sums in them (with 16,
// the positives' loop kept a running sum on the stack, a store and a load in its chain every row).
__attribute__((target("avx2"), always_inline))
static inline void pass(const double *loss, const double *positive, const int64_t *segments, int64_t count,
                        uint32_t *state, const int32_t *thresholds, double *sums) {
    __m256i s0 = _mm256_loadu_si256((const __m256i *)(state + 0)), s1 = _mm256_loadu_si256((const __m256i *)(state + 8));
    __m256i s2 = _mm256_loadu_si256((const __m256i *)(state + 16)), s3 = _mm256_loadu_si256((const __m256i *)(state + 24));
    __m256i t[5];
    for (int j = 0; j < 5; j++) t[j] = _mm256_set1_epi32(thresholds[j]);
    const __m256d zero = _mm256_setzero_pd(), tiny = _mm256_set1_pd(2.2250738585072014e-308);
    Pair pos = {zero, zero}, neg = {zero, zero}, area = {zero, zero}, precision = {zero, zero}, lossSum = {zero, zero};

// The next weights of the eight lanes, as doubles (the generator's step, then the thresholds passed).
#define NEXT(w)                                                                                              \
    do {                                                                                                     \
        __m256i out = _mm256_add_epi32(rotl(_mm256_add_epi32(s0, s3), 7), s0);                                \
        __m256i tt = _mm256_slli_epi32(s1, 9);                                                               \
        s2 = _mm256_xor_si256(s2, s0); s3 = _mm256_xor_si256(s3, s1);                                         \
        s1 = _mm256_xor_si256(s1, s2); s0 = _mm256_xor_si256(s0, s3);                                         \
        s2 = _mm256_xor_si256(s2, tt); s3 = rotl(s3, 11);                                                     \
        __m256i u = _mm256_srli_epi32(out, 1);                                                               \
        /* u >= t is not (t > u): the mask is -1 where it holds, so the count is minus their sum. */         \
        __m256i ones = _mm256_set1_epi32(-1), c = _mm256_setzero_si256();                                    \
        for (int j = 0; j < 4; j++) c = _mm256_sub_epi32(c, _mm256_xor_si256(_mm256_cmpgt_epi32(t[j], u), ones)); \
        __m256i tail = _mm256_xor_si256(_mm256_cmpgt_epi32(t[4], u), ones);                                   \
        c = _mm256_sub_epi32(c, tail);                                                                       \
        if (!_mm256_testz_si256(tail, tail)) {                                                               \
            int32_t uu[8], cc[8];                                                                            \
            _mm256_storeu_si256((__m256i *)uu, u); _mm256_storeu_si256((__m256i *)cc, c);                     \
            for (int lane = 0; lane < 8; lane++) {                                                           \
                if (uu[lane] < thresholds[4]) continue;                                                      \
                int32_t x = 5;                                                                               \
                while (x < 15 && uu[lane] >= thresholds[x]) x++;                                             \
                cc[lane] = x;                                                                                \
            }                                                                                                \
            c = _mm256_loadu_si256((const __m256i *)cc);                                                     \
        }                                                                                                    \
        w.a = _mm256_cvtepi32_pd(_mm256_castsi256_si128(c));                                                 \
        w.b = _mm256_cvtepi32_pd(_mm256_extracti128_si256(c, 1));                                            \
    } while (0)

    for (int64_t s = 0; s < count; s++) {
        int64_t start = segments[3 * s], end = segments[3 * s + 1], kind = segments[3 * s + 2];
        Pair w;
        if (kind == 0) {  // negatives
            Pair sum = {zero, zero};
            for (int64_t k = start; k < end; k++) {
                NEXT(w);
                sum = add(sum, w);
                lossSum = add(lossSum, scale(w, loss[k]));
            }
            area = add(area, mul(sum, pos));
            neg = add(neg, sum);
        } else if (kind == 1) {  // positives
            for (int64_t k = start; k < end; k++) {
                NEXT(w);
                pos = add(pos, w);
                lossSum = add(lossSum, scale(w, loss[k]));
                precision = add(precision, mul(w, divide(pos, atLeast(add(pos, neg), tiny))));
            }
        } else {  // a tie group
            Pair tp = {zero, zero}, all = {zero, zero};
            for (int64_t k = start; k < end; k++) {
                NEXT(w);
                tp = add(tp, scale(w, positive[k]));
                all = add(all, w);
                lossSum = add(lossSum, scale(w, loss[k]));
            }
            Pair fp = sub(all, tp);
            area = add(area, mul(fp, add(pos, scale(tp, 0.5))));
            pos = add(pos, tp);
            neg = add(neg, fp);
            precision = add(precision, mul(tp, divide(pos, atLeast(add(pos, neg), tiny))));
        }
    }
#undef NEXT
    _mm256_storeu_si256((__m256i *)(state + 0), s0); _mm256_storeu_si256((__m256i *)(state + 8), s1);
    _mm256_storeu_si256((__m256i *)(state + 16), s2); _mm256_storeu_si256((__m256i *)(state + 24), s3);
    Pair out[5] = {pos, neg, area, precision, lossSum};
    for (int j = 0; j < 5; j++) {
        _mm256_storeu_pd(sums + 8 * j, out[j].a);
        _mm256_storeu_pd(sums + 8 * j + 4, out[j].b);
    }
}

__attribute__((target("avx2")))
static void pass_avx2(const double *loss, const double *positive, const int64_t *segments, int64_t count,
                      uint32_t *state, const int32_t *thresholds, double *sums) {
    pass(loss, positive, segments, count, state, thresholds, sums);
}

__attribute__((target("avx2,avx512f,avx512vl")))
static void pass_avx512(const double *loss, const double *positive, const int64_t *segments, int64_t count,
                        uint32_t *state, const int32_t *thresholds, double *sums) {
    pass(loss, positive, segments, count, state, thresholds, sums);
}

// Chosen once: `cpuid` traps to the hypervisor on some virtual machines.
static int avx2 = 0, level = 0;
__attribute__((constructor)) static void bootstrap_choose(void) { avx2 = ckernels_has_avx2(); level = ckernels_vector_level(); }

int ckernels_bootstrap8_path(const double *loss, const double *positive, const int64_t *segments, int64_t count,
                             uint32_t *state, const int32_t *thresholds, double *sums, int path) {
    if (path == 1 && avx2) pass_avx2(loss, positive, segments, count, state, thresholds, sums);
    else if (path == 2 && level == 2) pass_avx512(loss, positive, segments, count, state, thresholds, sums);
    else return 0;
    return 1;
}

int ckernels_bootstrap8(const double *loss, const double *positive, const int64_t *segments, int64_t count,
                        uint32_t *state, const int32_t *thresholds, double *sums) {
    return ckernels_bootstrap8_path(loss, positive, segments, count, state, thresholds, sums, level == 2 ? 2 : 1);
}

#else
int ckernels_bootstrap8_path(const double *loss, const double *positive, const int64_t *segments, int64_t count,
                             uint32_t *state, const int32_t *thresholds, double *sums, int path) {
    (void)loss; (void)positive; (void)segments; (void)count; (void)state; (void)thresholds; (void)sums; (void)path;
    return 0;
}
int ckernels_bootstrap8(const double *loss, const double *positive, const int64_t *segments, int64_t count,
                        uint32_t *state, const int32_t *thresholds, double *sums) {
    (void)loss; (void)positive; (void)segments; (void)count; (void)state; (void)thresholds; (void)sums;
    return 0;
}
#endif

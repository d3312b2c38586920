// Eight lanes at a time, shared by decode.c, moments.c, lanes.c and the doubles' kernels: scaled integers decoded to
// doubles, and eight columns' rows (int32 or doubles) transposed eight by eight.
#ifndef CKERNELS_LANES8_H
#define CKERNELS_LANES8_H
#if defined(__x86_64__)
#include <immintrin.h>
#include <stdint.h>

// Eight columns' eight values each (a[c]: column c's rows), transposed: row[k] holds row k's eight values (lane c:
// column c).
__attribute__((target("avx2")))
static inline void transpose8(__m256i a[8], __m256i row[8]) {
    __m256i b[8];
    for (int c = 0; c < 8; c += 2) {
        b[c] = _mm256_unpacklo_epi32(a[c], a[c + 1]);
        b[c + 1] = _mm256_unpackhi_epi32(a[c], a[c + 1]);
    }
    for (int c = 0; c < 8; c += 4) {
        a[c] = _mm256_unpacklo_epi64(b[c], b[c + 2]);
        a[c + 1] = _mm256_unpackhi_epi64(b[c], b[c + 2]);
        a[c + 2] = _mm256_unpacklo_epi64(b[c + 1], b[c + 3]);
        a[c + 3] = _mm256_unpackhi_epi64(b[c + 1], b[c + 3]);
    }
    // a[0..3]: rows 0, 1, 2, 3 (low half) and 4, 5, 6, 7 (high half) of columns 0-3; a[4..7] the same of 4-7.
    for (int k = 0; k < 4; k++) {
        row[k] = _mm256_permute2x128_si256(a[k], a[k + 4], 0x20);
        row[k + 4] = _mm256_permute2x128_si256(a[k], a[k + 4], 0x31);
    }
}

// Rows r … r+7 of the eight columns, transposed: row[k] holds row r+k's eight values (lane c: column c).
__attribute__((target("avx2")))
static inline void rows8(const int32_t *const *col, int64_t r, __m256i row[8]) {
    __m256i a[8];
    for (int c = 0; c < 8; c++) a[c] = _mm256_loadu_si256((const __m256i *)(col[c] + r));
    transpose8(a, row);
}

// Eight 16-bit scaled integers as the 32-bit ones they stand for (NumberColumn's narrow storage): INT16_MIN
// (missing) becomes INT32_MIN and -INT16_MAX (−0) -INT32_MAX; every other value is itself.
__attribute__((target("avx2")))
static inline __m256i widened8(const int16_t *m) {
    __m256i v = _mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *)m));
    v = _mm256_blendv_epi8(v, _mm256_set1_epi32(INT32_MIN), _mm256_cmpeq_epi32(v, _mm256_set1_epi32(INT16_MIN)));
    return _mm256_blendv_epi8(v, _mm256_set1_epi32(-INT32_MAX), _mm256_cmpeq_epi32(v, _mm256_set1_epi32(-INT16_MAX)));
}

// `rows8` of eight columns of 16-bit scaled integers, widened (`widened8`).
__attribute__((target("avx2")))
static inline void rows8_narrow(const int16_t *const *col, int64_t r, __m256i row[8]) {
    __m256i a[8];
    for (int c = 0; c < 8; c++) a[c] = widened8(col[c] + r);
    transpose8(a, row);
}

// `rows8` of eight columns of either width: column c 16-bit (widened) where narrow[c] is 1, 32-bit otherwise.
__attribute__((target("avx2")))
static inline void rows8_mixed(const void *const *col, const uint8_t *narrow, int64_t r, __m256i row[8]) {
    __m256i a[8];
    for (int c = 0; c < 8; c++) {
        a[c] = narrow[c] ? widened8((const int16_t *)col[c] + r)
                         : _mm256_loadu_si256((const __m256i *)((const int32_t *)col[c] + r));
    }
    transpose8(a, row);
}

// Eight values decoded: the quotient by Markstein's correction (decode.c says why it is the division's bits; d and y
// may differ by lane), −0 where raw is -INT32_MAX (the lanes of INT32_MIN, missing, are left to the caller).
__attribute__((target("avx512f,avx512vl")))
static inline __m512d quotients_avx512(__m256i raw, __m512d d, __m512d y) {
    __m512d a = _mm512_cvtepi32_pd(raw);
    __m512d q = _mm512_mul_pd(a, y);
    __m512d x = _mm512_fmadd_pd(_mm512_fnmadd_pd(q, d, a), y, q);
    return _mm512_mask_mov_pd(x, _mm256_cmpeq_epi32_mask(raw, _mm256_set1_epi32(-INT32_MAX)), _mm512_set1_pd(-0.0));
}

// Rows r … r+7 of eight columns of doubles, transposed: row[k] holds row r+k's eight values (lane c: column c).
__attribute__((target("avx512f")))
static inline void doubles8(const double *const *col, int64_t r, __m512d row[8]) {
    __m512d a[8], t[8], u[8];
    for (int c = 0; c < 8; c++) a[c] = _mm512_loadu_pd(col[c] + r);
    for (int c = 0; c < 8; c += 2) {
        t[c] = _mm512_unpacklo_pd(a[c], a[c + 1]);      // per 128-bit lane: (c, c+1) of rows 0, 2, 4, 6
        t[c + 1] = _mm512_unpackhi_pd(a[c], a[c + 1]);  // rows 1, 3, 5, 7
    }
    for (int c = 0; c < 8; c += 4) {
        u[c] = _mm512_shuffle_f64x2(t[c], t[c + 2], 0x88);          // rows 0, 4 of columns c … c+3
        u[c + 1] = _mm512_shuffle_f64x2(t[c], t[c + 2], 0xDD);      // rows 2, 6
        u[c + 2] = _mm512_shuffle_f64x2(t[c + 1], t[c + 3], 0x88);  // rows 1, 5
        u[c + 3] = _mm512_shuffle_f64x2(t[c + 1], t[c + 3], 0xDD);  // rows 3, 7
    }
    row[0] = _mm512_shuffle_f64x2(u[0], u[4], 0x88);
    row[4] = _mm512_shuffle_f64x2(u[0], u[4], 0xDD);
    row[2] = _mm512_shuffle_f64x2(u[1], u[5], 0x88);
    row[6] = _mm512_shuffle_f64x2(u[1], u[5], 0xDD);
    row[1] = _mm512_shuffle_f64x2(u[2], u[6], 0x88);
    row[5] = _mm512_shuffle_f64x2(u[2], u[6], 0xDD);
    row[3] = _mm512_shuffle_f64x2(u[3], u[7], 0x88);
    row[7] = _mm512_shuffle_f64x2(u[3], u[7], 0xDD);
}

#endif
#endif

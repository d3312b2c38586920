#include "ckernels.h"

// The dense part of a block's Hessian in single precision, for Newton's early steps (LogisticObjective's rough
// Hessian, NewtonSolver.roughStep): the upper triangle of C += AᵀA for a row-major float block A of n rows and d
// columns (row stride lda), C double and column-major. Each 64×6 register tile of C is summed over the block's rows
// in float, sixteen products a vector, then converted and added to C: twice the double kernel's products a
// vector (gram.c). A block's sums (a few hundred rows) stay within about 1e-5 of the double ones; the loss and
// gradient, which decide where Newton stops, are never taken from them.

#if defined(__x86_64__)
#include <immintrin.h>

// Columns j0 … j0+5 of C against rows i0 … i0+16·NV−1, summed over the n rows (only i ≤ j, i < d, j < d kept).
__attribute__((target("avx512f,avx512dq"), always_inline))
static inline void tile_single(const float *a, int64_t n, int64_t lda, int64_t d, double *c, int64_t ldc, int64_t i0,
                               int64_t j0, const int NV) {
    __m512 acc[4][6];
#pragma clang loop unroll(full)
    for (int v = 0; v < 4; v++)
#pragma clang loop unroll(full)
        for (int j = 0; j < 6; j++) acc[v][j] = _mm512_setzero_ps();
    const float *row = a + i0, *rj = a + j0;
    for (int64_t r = 0; r < n; r++, row += lda, rj += lda) {
        __m512 x[4];
#pragma clang loop unroll(full)
        for (int v = 0; v < 4; v++)
            if (v < NV) x[v] = _mm512_loadu_ps(row + 16 * v);
#pragma clang loop unroll(full)
        for (int j = 0; j < 6; j++) {
            const __m512 b = _mm512_set1_ps(rj[j]);
#pragma clang loop unroll(full)
            for (int v = 0; v < 4; v++)
                if (v < NV) acc[v][j] = _mm512_fmadd_ps(x[v], b, acc[v][j]);
        }
    }
    // Added to C in double, eight lanes a step, only the places i ≤ j (and so i < d).
    for (int j = 0; j < 6 && j0 + j < d; j++) {
        double *column = c + (j0 + j) * ldc;
#pragma clang loop unroll(full)
        for (int v = 0; v < 4; v++) {
            if (v >= NV) continue;
            const int64_t i = i0 + 16 * v, count = j0 + j - i + 1;  // places i … j of these 16
            if (count <= 0) continue;
            const __m512d low = _mm512_cvtps_pd(_mm512_castps512_ps256(acc[v][j]));
            const __m512d high = _mm512_cvtps_pd(_mm512_extractf32x8_ps(acc[v][j], 1));
            const __mmask8 ml = count >= 8 ? 0xFF : (__mmask8)((1u << count) - 1);
            const __mmask8 mh = count >= 16 ? 0xFF : count <= 8 ? 0 : (__mmask8)((1u << (count - 8)) - 1);
            _mm512_mask_storeu_pd(column + i, ml, _mm512_add_pd(_mm512_maskz_loadu_pd(ml, column + i), low));
            if (mh) _mm512_mask_storeu_pd(column + i + 8, mh, _mm512_add_pd(_mm512_maskz_loadu_pd(mh, column + i + 8), high));
        }
    }
}

__attribute__((target("avx512f,avx512dq")))
static void gram_single_avx512(const float *a, int64_t n, int64_t lda, int64_t d, double *c, int64_t ldc) {
    for (int64_t j0 = 0; j0 < d; j0 += 6) {
        const int64_t top = j0 + 6 < d ? j0 + 6 : d;  // rows i < top meet a column of this tile at or above them
        for (int64_t i0 = 0; i0 < top; i0 += 64) {
            const int64_t left = (top - i0 + 15) / 16;
            switch (left >= 4 ? 4 : left) {
            case 1: tile_single(a, n, lda, d, c, ldc, i0, j0, 1); break;
            case 2: tile_single(a, n, lda, d, c, ldc, i0, j0, 2); break;
            case 3: tile_single(a, n, lda, d, c, ldc, i0, j0, 3); break;
            default: tile_single(a, n, lda, d, c, ldc, i0, j0, 4); break;
            }
        }
    }
}

static int single_avx512 = 0;
__attribute__((constructor)) static void gram_single_choose(void) { single_avx512 = ckernels_vector_level() == 2; }
#endif

int ckernels_gram_single(const float *a, int64_t n, int64_t d, int64_t lda, double *c, int64_t ldc) {
    if (lda < ckernels_gram_single_stride(d)) return 0;
#if defined(__x86_64__)
    if (single_avx512) { gram_single_avx512(a, n, lda, d, c, ldc); return 1; }
#endif
    (void)a; (void)n; (void)c; (void)ldc;
    return 0;
}

int64_t ckernels_gram_single_stride(int64_t d) { return (d / 16 + 2) * 16; }

// The one-hot terms' columns of a rough Hessian (RoughBlock.add in Sources/LeadScore/Train/RoughBlock.swift): for
// each term c, column d + c gains the sum of root_r·a_r over the rows r having c, summed in float (the term's rows
// gathered first, in row order) and added to the double column once a block; the places of the term pairs of each
// row gain curvature_r as in categorical.c, a row's terms being ascending (each feature's terms above the previous
// ones', one a row). Where the exact kernel loads and stores a column of the Hessian for every row that has its
// term, this sums a term's rows in registers, 128 values at a time (the rows' padding read, never kept).
#if defined(__x86_64__)
__attribute__((target("avx512f,avx512dq")))
static void categorical_rough_avx512(const float *a, int64_t lda, const double *root, const double *curvature,
                                     const int32_t *starts, const int32_t *terms, int64_t n, int64_t d, int64_t k,
                                     double *h, int64_t w, int32_t *scratch) {
    int32_t *first = scratch, *rows = scratch + k + 1;
    for (int64_t c = 0; c <= k; c++) first[c] = 0;
    for (int64_t e = 0; e < starts[n]; e++) first[terms[e] + 1]++;
    for (int64_t c = 0; c < k; c++) first[c + 1] += first[c];
    for (int64_t r = 0; r < n; r++)
        for (int64_t e = starts[r]; e < starts[r + 1]; e++) rows[first[terms[e]]++] = (int32_t)r;
    // first[c] is now the end of term c's rows, the start of term c + 1's.
    int64_t from = 0;
    for (int64_t c = 0; c < k; c++) {
        const int64_t to = first[c];
        if (to == from) continue;
        double *column = h + (d + c) * w;
        for (int64_t i0 = 0; i0 < d; i0 += 128) {
            __m512 acc[8];
            for (int v = 0; v < 8; v++) acc[v] = _mm512_setzero_ps();
            const int nv = (int)((d - i0 + 15) / 16 < 8 ? (d - i0 + 15) / 16 : 8);
            for (int64_t e = from; e < to; e++) {
                const int64_t r = rows[e];
                const __m512 f = _mm512_set1_ps((float)root[r]);
                const float *x = a + r * lda + i0;
                for (int v = 0; v < 8; v++)
                    if (v < nv) acc[v] = _mm512_fmadd_ps(f, _mm512_loadu_ps(x + 16 * v), acc[v]);
            }
            for (int v = 0; v < nv; v++) {
                const int64_t i = i0 + 16 * v, left = d - i;
                const __mmask8 ml = left >= 8 ? 0xFF : (__mmask8)((1u << left) - 1);
                const __mmask8 mh = left >= 16 ? 0xFF : left <= 8 ? 0 : (__mmask8)((1u << (left - 8)) - 1);
                const __m512d low = _mm512_cvtps_pd(_mm512_castps512_ps256(acc[v]));
                const __m512d high = _mm512_cvtps_pd(_mm512_extractf32x8_ps(acc[v], 1));
                _mm512_mask_storeu_pd(column + i, ml, _mm512_add_pd(_mm512_maskz_loadu_pd(ml, column + i), low));
                if (mh) _mm512_mask_storeu_pd(column + i + 8, mh, _mm512_add_pd(_mm512_maskz_loadu_pd(mh, column + i + 8), high));
            }
        }
        from = to;
    }
    for (int64_t r = 0; r < n; r++) {
        const double s = curvature[r];
        for (int64_t e = starts[r]; e < starts[r + 1]; e++) {
            double *column = h + (d + terms[e]) * w + d;
            for (int64_t e2 = starts[r]; e2 <= e; e2++) column[terms[e2]] += s;
        }
    }
}
#endif

int ckernels_categorical_rough(const float *a, int64_t lda, const double *root, const double *curvature,
                               const int32_t *starts, const int32_t *terms, int64_t n, int64_t d, int64_t k, double *h,
                               int64_t w, int32_t *scratch) {
#if defined(__x86_64__)
    if (single_avx512) {
        categorical_rough_avx512(a, lda, root, curvature, starts, terms, n, d, k, h, w, scratch);
        return 1;
    }
#endif
    (void)a; (void)lda; (void)root; (void)curvature; (void)starts; (void)terms; (void)n; (void)d; (void)k; (void)h;
    (void)w; (void)scratch;
    return 0;
}

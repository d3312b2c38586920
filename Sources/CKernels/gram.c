#include "ckernels.h"
#include <math.h>

// The dense part of a block's Hessian (BLAS.accumulateGram in Sources/LeadScore/Math/BLAS.swift): the upper
// triangle of C += AᵀA for a row-major block A of n rows and d columns, C column-major (c[j·ldc + i], i ≤ j).
// OpenBLAS's dsyrk did it (and still does where OpenBLAS runs other than its AVX-512 kernels, or the user pinned
// a kernel set: BLAS.swift decides); it copies ("packs") the block twice before its kernel, which on blocks of a
// few hundred rows cost nearly as much as the products (perf: dgemm_otcopy and itcopy 6.8% of numeric train's
// CPU beside 8.4% in the kernel). The block is already laid out for a register tile: eight consecutive i of a row
// are one vector load, each j one broadcast. Measured on the Intel VM (2026-12-03), one core, 1M rows in blocks of 16384/d:
// d = 15 0.037 → 0.010 s, d = 58 0.18 → 0.10 s, d = 120 0.50 → 0.34 s.
//
// The arithmetic, the same on every path, is one of two (`arithmetic`), each the bits of an OpenBLAS 0.3.21 dsyrk:
// 0, SkylakeX's kernels: the rows go in stretches of at most 384 (384 while 768 or more are left, else half,
// rounded up, when more than 384); for each element, a stretch's products are summed in row order, each fused into
// the running sum from +0, and the stretch's sum is then added to C; except, when d mod 32 is 12 to 15, the 4×4
// corner of rows and columns b … b+3, b = 32⌊d/32⌋ + 8 (its 4-row edge kernel): there the stretch's first ⌊s/2⌋·2
// rows go in two sums, even rows and odd rows, added, and an odd last row is fused into that. Every element of
// widths 1–130 (1–2,049 rows) equal to libopenblas0-pthread 0.3.21's dsyrk with OPENBLAS_CORETYPE=SkylakeX and
// =Cooperlake (a C probe on an AMD EPYC Zen 4, 2026-12-07, where OpenBLAS picks Cooperlake's kernels).
// 1, Haswell's kernels (also Zen's): the same with stretches of at most 256, except, when d is odd, the last
// column's rows below 4·⌊(d−1)/4⌋ (its 4×1 edge kernel): four sums, row r of the stretch's first ⌊s/8⌋·8 rows into
// sum r mod 4 and the rest into the first, added as (s0 + s1) + (s2 + s3). Every element of 2,030 shapes (widths
// 1–130, 1–4,100 rows, beta 1) equal to libopenblas0-pthread 0.3.21's dsyrk with OPENBLAS_CORETYPE=Haswell and
// =Zen, and with OPENBLAS_L2_SIZE unset, 128, 512 and 4096 (a C probe, 2026-12-04).

static int64_t stretch(int64_t left, int64_t most) {
    return left >= 2 * most ? most : left > most ? (left + 1) / 2 : left;
}

// Rows of the last column (j = d − 1) summed as Haswell's 4×1 edge kernel does, when d is odd; 0 otherwise.
static int64_t four_sum_rows(int64_t d, int arithmetic) { return arithmetic == 1 && (d & 1) ? (d - 1) / 4 * 4 : 0; }

// The first row and column of SkylakeX's 4×4 corner summed in even and odd rows, or −1 when there is none.
static int64_t corner_base(int64_t d, int arithmetic) {
    return arithmetic == 0 && (d & 31) >= 12 && (d & 31) <= 15 ? (d & ~(int64_t)31) + 8 : -1;
}

// The corner's elements of a stretch of n rows: `before` (C's elements before the stretch, row by row of the 4×4
// block) plus the stretch's sum in SkylakeX's 4-row edge kernel's order, overwriting what the stretch's loops added.
static void corner(const double *a, int64_t n, int64_t d, int64_t b, double *c, int64_t ldc, const double before[16]) {
    const int64_t pairs = n / 2 * 2;
    for (int64_t j = b; j < b + 4; j++)
        for (int64_t i = b; i <= j; i++) {
            double even = 0, odd = 0;
            for (int64_t r = 0; r < pairs; r += 2) {
                even = fma(a[r * d + i], a[r * d + j], even);
                odd = fma(a[(r + 1) * d + i], a[(r + 1) * d + j], odd);
            }
            double sum = even + odd;
            if (n & 1) sum = fma(a[(n - 1) * d + i], a[(n - 1) * d + j], sum);
            c[j * ldc + i] = before[(j - b) * 4 + (i - b)] + sum;
        }
}

// Columns 0 … cols−1 (all rows up to each), summed in row order.
static void stretch_portable(const double *a, int64_t n, int64_t d, int64_t cols, double *c, int64_t ldc) {
    for (int64_t j = 0; j < cols; j++)
        for (int64_t i = 0; i <= j; i++) {
            double sum = 0;
            for (int64_t r = 0; r < n; r++) sum = fma(a[r * d + i], a[r * d + j], sum);
            c[j * ldc + i] += sum;
        }
}

// The last column's rows 0 … rows−1 in four sums (Haswell's 4×1 edge kernel); its other rows in row order.
static void last_column_portable(const double *a, int64_t n, int64_t d, int64_t rows, double *c, int64_t ldc) {
    const int64_t j = d - 1, main = n / 8 * 8;
    for (int64_t i = 0; i < rows; i++) {
        double s[4] = {0, 0, 0, 0};
        for (int64_t r = 0; r < main; r++) s[r & 3] = fma(a[r * d + i], a[r * d + j], s[r & 3]);
        for (int64_t r = main; r < n; r++) s[0] = fma(a[r * d + i], a[r * d + j], s[0]);
        c[j * ldc + i] += (s[0] + s[1]) + (s[2] + s[3]);
    }
    for (int64_t i = rows; i <= j; i++) {
        double sum = 0;
        for (int64_t r = 0; r < n; r++) sum = fma(a[r * d + i], a[r * d + j], sum);
        c[j * ldc + i] += sum;
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

static inline __mmask8 lanes(int64_t left) { return left >= 8 ? 0xFF : left <= 0 ? 0 : (__mmask8)((1u << left) - 1); }

// One register tile: columns j0 … j0+JN−1 of C against rows i0 … i0+8·NV−1 (the last vector's lanes `last`),
// summed over the stretch's n rows; 4×6 accumulators at most. NV and JN are constants in each instance.
__attribute__((target("avx512f"), always_inline))
static inline void tile(const double *a, int64_t n, int64_t d, double *c, int64_t ldc, int64_t i0, int64_t j0,
                        const int NV, const int JN, __mmask8 last) {
    __m512d acc[4][6];
#pragma clang loop unroll(full)
    for (int v = 0; v < 4; v++)
#pragma clang loop unroll(full)
        for (int j = 0; j < 6; j++) acc[v][j] = _mm512_setzero_pd();
    const double *row = a + i0, *rj = a + j0;
    for (int64_t r = 0; r < n; r++, row += d, rj += d) {
        __m512d x[4];
#pragma clang loop unroll(full)
        for (int v = 0; v < 4; v++)
            if (v < NV) x[v] = v == NV - 1 ? _mm512_maskz_loadu_pd(last, row + 8 * v) : _mm512_loadu_pd(row + 8 * v);
#pragma clang loop unroll(full)
        for (int j = 0; j < 6; j++) {
            if (j >= JN) break;
            const __m512d b = _mm512_set1_pd(rj[j]);
#pragma clang loop unroll(full)
            for (int v = 0; v < 4; v++)
                if (v < NV) acc[v][j] = _mm512_fmadd_pd(x[v], b, acc[v][j]);
        }
    }
#pragma clang loop unroll(full)
    for (int j = 0; j < 6; j++) {
        if (j >= JN) break;
        const int64_t col = j0 + j;
        double *out = c + col * ldc + i0;
#pragma clang loop unroll(full)
        for (int v = 0; v < 4; v++) {
            if (v >= NV) break;
            const int64_t upper = col + 1 - i0 - 8 * v;  // rows i ≤ col only
            if (upper <= 0) break;
            const __mmask8 m = (v == NV - 1 ? last : 0xFF) & lanes(upper);
            _mm512_mask_storeu_pd(out + 8 * v, m, _mm512_add_pd(_mm512_maskz_loadu_pd(m, out + 8 * v), acc[v][j]));
        }
    }
}

#define TILES(NV)                                                                                              \
    switch (jn) {                                                                                              \
    case 6: tile(a, n, d, c, ldc, i0, j0, NV, 6, last); break;                                                 \
    case 5: tile(a, n, d, c, ldc, i0, j0, NV, 5, last); break;                                                 \
    case 4: tile(a, n, d, c, ldc, i0, j0, NV, 4, last); break;                                                 \
    case 3: tile(a, n, d, c, ldc, i0, j0, NV, 3, last); break;                                                 \
    case 2: tile(a, n, d, c, ldc, i0, j0, NV, 2, last); break;                                                 \
    default: tile(a, n, d, c, ldc, i0, j0, NV, 1, last);                                                       \
    }

// Columns 0 … cols−1 six at a time; for each, the rows up to the last column in vectors of eight (only as many
// as the triangle needs, so little of the tile is wasted on the lower triangle).
__attribute__((target("avx512f")))
static void stretch_avx512(const double *a, int64_t n, int64_t d, int64_t cols, double *c, int64_t ldc) {
    for (int64_t j0 = 0; j0 < cols; j0 += 6) {
        const int64_t jn = cols - j0 < 6 ? cols - j0 : 6, rows = j0 + jn;
        for (int64_t i0 = 0; i0 < rows; i0 += 32) {
            const int64_t in = rows - i0 < 32 ? rows - i0 : 32;
            const int nv = (int)((in + 7) / 8);
            const __mmask8 last = lanes(in - 8 * (nv - 1));
            switch (nv) {
            case 4: TILES(4) break;
            case 3: TILES(3) break;
            case 2: TILES(2) break;
            default: TILES(1)
            }
        }
    }
}

// last_column_portable's sums, eight rows a vector: the same operations lane by lane.
__attribute__((target("avx512f")))
static void last_column_avx512(const double *a, int64_t n, int64_t d, int64_t rows, double *c, int64_t ldc) {
    const int64_t j = d - 1, main = n / 8 * 8;
    double *out = c + j * ldc;
    for (int64_t i0 = 0; i0 < rows; i0 += 8) {
        const __mmask8 m = lanes(rows - i0);
        __m512d s0 = _mm512_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
        const double *x = a + i0;
        for (int64_t r = 0; r < main; r += 4, x += 4 * d) {
            s0 = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(m, x), _mm512_set1_pd(x[j - i0]), s0);
            s1 = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(m, x + d), _mm512_set1_pd(x[d + j - i0]), s1);
            s2 = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(m, x + 2 * d), _mm512_set1_pd(x[2 * d + j - i0]), s2);
            s3 = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(m, x + 3 * d), _mm512_set1_pd(x[3 * d + j - i0]), s3);
        }
        for (int64_t r = main; r < n; r++, x += d) s0 = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(m, x), _mm512_set1_pd(x[j - i0]), s0);
        const __m512d sum = _mm512_add_pd(_mm512_add_pd(s0, s1), _mm512_add_pd(s2, s3));
        _mm512_mask_storeu_pd(out + i0, m, _mm512_add_pd(_mm512_maskz_loadu_pd(m, out + i0), sum));
    }
    // The rows from `rows` to the diagonal (at most four): one sum each, in row order.
    const __mmask8 m = lanes(j + 1 - rows);
    __m512d s = _mm512_setzero_pd();
    const double *x = a + rows;
    for (int64_t r = 0; r < n; r++, x += d) s = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(m, x), _mm512_set1_pd(x[j - rows]), s);
    _mm512_mask_storeu_pd(out + rows, m, _mm512_add_pd(_mm512_maskz_loadu_pd(m, out + rows), s));
}

static int has_avx512 = 0;
__attribute__((constructor)) static void gram_choose(void) { has_avx512 = ckernels_vector_level() == 2; }
#else
static const int has_avx512 = 0;
#endif

int ckernels_gram_upper_path(const double *a, int64_t n, int64_t d, double *c, int64_t ldc, int arithmetic, int path) {
    if (path != 0 && !(path == 3 && has_avx512)) return 0;
    if (arithmetic != 0 && arithmetic != 1) return 0;
    const int64_t most = arithmetic == 1 ? 256 : 384, four = four_sum_rows(d, arithmetic);
    const int64_t cols = four > 0 ? d - 1 : d;  // with four sums, the last column apart
    const int64_t b = corner_base(d, arithmetic);
    for (int64_t first = 0; first < n;) {
        const int64_t rows = stretch(n - first, most);
        double before[16];
        if (b >= 0)
            for (int64_t j = b; j < b + 4; j++)
                for (int64_t i = b; i <= j; i++) before[(j - b) * 4 + (i - b)] = c[j * ldc + i];
#if defined(__x86_64__)
        if (path == 3) {
            stretch_avx512(a + first * d, rows, d, cols, c, ldc);
            if (four > 0) last_column_avx512(a + first * d, rows, d, four, c, ldc);
        } else
#endif
        {
            stretch_portable(a + first * d, rows, d, cols, c, ldc);
            if (four > 0) last_column_portable(a + first * d, rows, d, four, c, ldc);
        }
        if (b >= 0) corner(a + first * d, rows, d, b, c, ldc, before);
        first += rows;
    }
    return 1;
}

int ckernels_gram_upper(const double *a, int64_t n, int64_t d, double *c, int64_t ldc, int arithmetic) {
    return has_avx512 ? ckernels_gram_upper_path(a, n, d, c, ldc, arithmetic, 3) : 0;
}

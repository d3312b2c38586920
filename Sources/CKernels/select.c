#include "ckernels.h"
#include <stdlib.h>
#include <string.h>

// Order statistics for the training distributions' deciles (Distributions.deciles in Sources/LeadScore/Model/
// Distributions.swift): quickselect that follows every wanted position, as the Swift one does, but each
// partition is three-way and branch-free: eight values at a time are compared with the pivot and the lesser,
// the equal and the greater packed into their own runs (AVX-512 compress), then laid back in place. The Swift
// Hoare partition took a mispredicted branch for about every other value (3.5-4 ms a column of 100,000;
// measured: 0.15 s of CPU on the numeric bench file's 40 columns).
//
// Order statistics are values, so the answer does not depend on how the partitions go; only the sign of a
// zero can (−0 and +0 compare equal, and either may stand at a position among equal values).

#if defined(__x86_64__)
#include <immintrin.h>

static void insertion_sort(double *v, int64_t n) {
    for (int64_t i = 1; i < n; i++) {
        double x = v[i];
        int64_t j = i;
        while (j > 0 && v[j - 1] > x) { v[j] = v[j - 1]; j--; }
        v[j] = x;
    }
}

static int ascending(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y ? 1 : 0;
}

static inline double median3(double a, double b, double c) {
    double lo = a < b ? a : b, hi = a < b ? b : a;
    return c < lo ? lo : c > hi ? hi : c;
}

// v[0..n) as lesser | equal | greater than p; *less and *equal their lengths. less and more: room for n + 8.
__attribute__((target("avx512f")))
static void partition3(double *v, int64_t n, double p, double *less, double *more, int64_t *nl, int64_t *ne) {
    const __m512d pv = _mm512_set1_pd(p);
    int64_t l = 0, e = 0, g = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        __m512d x = _mm512_loadu_pd(v + i);
        __mmask8 lt = _mm512_cmp_pd_mask(x, pv, _CMP_LT_OQ), gt = _mm512_cmp_pd_mask(x, pv, _CMP_GT_OQ);
        __mmask8 eq = (__mmask8)~(lt | gt);
        // Eight lanes stored each time, the packed ones first; the rest is overwritten by the next store.
        // The equal ones go back into v behind the read position (e ≤ i), so v serves as their run.
        _mm512_storeu_pd(less + l, _mm512_maskz_compress_pd(lt, x));
        _mm512_storeu_pd(more + g, _mm512_maskz_compress_pd(gt, x));
        _mm512_storeu_pd(v + e, _mm512_maskz_compress_pd(eq, x));
        l += __builtin_popcount(lt); g += __builtin_popcount(gt); e += __builtin_popcount(eq);
    }
    for (; i < n; i++) {
        double x = v[i];
        if (x < p) less[l++] = x; else if (x > p) more[g++] = x; else v[e++] = x;
    }
    memmove(v + l, v, (size_t)e * sizeof(double));
    memcpy(v, less, (size_t)l * sizeof(double));
    memcpy(v + l + e, more, (size_t)g * sizeof(double));
    *nl = l; *ne = e;
}

static int has_avx512 = 0;
__attribute__((constructor)) static void select_choose(void) { has_avx512 = ckernels_vector_level() == 2; }

int ckernels_select(double *v, int64_t n, const int64_t *positions, int64_t count, double *scratch) {
    if (!has_avx512) return 0;
    // Ranges still to partition, each with the wanted positions inside it (an index range of `positions`).
    // Each range on the stack holds a wanted position of its own, so there are never more than `count`.
    struct Range { int64_t lo, hi, first, last, depth; } stack[64];
    int top = 0;
    stack[top++] = (struct Range){0, n, 0, count, 0};
    double *less = scratch, *more = scratch + n + 8;
    int log2n = 0;
    while ((INT64_C(1) << log2n) < n) log2n++;
    while (top > 0) {
        struct Range r = stack[--top];
        if (r.first >= r.last || r.hi - r.lo < 2) continue;
        double *w = v + r.lo;
        int64_t m = r.hi - r.lo;
        if (m <= 32) { insertion_sort(w, m); continue; }
        // A range partitioned more often than a fair pivot would need (an input that defeats the pivot, or
        // more positions than the stack holds): sorted outright.
        if (r.depth > 2 * log2n + 8 || top + 2 > 64) { qsort(w, (size_t)m, sizeof(double), ascending); continue; }
        double p = median3(w[0], w[m / 2], w[m - 1]);
        if (m >= 1024) p = median3(median3(w[0], w[m / 8], w[m / 4]), median3(w[3 * m / 8], w[m / 2], w[5 * m / 8]),
                                   median3(w[3 * m / 4], w[7 * m / 8], w[m - 1]));
        int64_t nl, ne;
        partition3(w, m, p, less, more, &nl, &ne);
        // Wanted positions left of the equal run, in it (done: every value there is p), right of it.
        int64_t split1 = r.first, split2;
        while (split1 < r.last && positions[split1] < r.lo + nl) split1++;
        split2 = split1;
        while (split2 < r.last && positions[split2] < r.lo + nl + ne) split2++;
        if (split2 < r.last) stack[top++] = (struct Range){r.lo + nl + ne, r.hi, split2, r.last, r.depth + 1};
        if (r.first < split1) stack[top++] = (struct Range){r.lo, r.lo + nl, r.first, split1, r.depth + 1};
    }
    return 1;
}
#else
int ckernels_select(double *v, int64_t n, const int64_t *positions, int64_t count, double *scratch) {
    (void)v; (void)n; (void)positions; (void)count; (void)scratch;
    return 0;
}
#endif

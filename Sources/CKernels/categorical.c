#include "ckernels.h"

// The Hessian's columns of one-hot terms (LogisticObjective.accumulateCategorical in Sources/LeadScore/Train/
// LogisticObjective+Codes.swift): for each row r and each of its terms c, column c gains s_r·x_r (the row's dense
// values times its curvature) and s_r at every term of the row up to c. Row r's terms are
// terms[starts[r] ..< starts[r + 1]] (ckernels_compact_codes: its codes that are not −1, in column order), so a
// design with many codes that are mostly −1 (missing indicators kept as codes) costs only the ones present. Each
// element is summed over the rows in row order, one rounded product s_r·x_ri and one rounded addition at a time
// (never fused, never reassociated), so the result is the same bit for bit however many elements a step handles.
// The same loops are compiled twice: for baseline x86-64 (two a step, as Swift's loop was) and for AVX2 (four),
// chosen once.

#pragma clang fp contract(off)

#define CATEGORICAL_ROWS                                                                                       \
    {                                                                                                        \
        for (int64_t r = 0; r < n; r++) {                                                                    \
            const double s = curvature[r];                                                                   \
            const int32_t *row = terms + starts[r];                                                          \
            const int64_t count = starts[r + 1] - starts[r];                                                 \
            const double *xr = x + r * d;                                                                    \
            if (count == 0) continue;                                                                        \
            for (int64_t i = 0; i < d; i++) scaled[i] = s * xr[i];                                           \
            for (int64_t j = 0; j < count; j++) {                                                            \
                const int64_t c = row[j];                                                                    \
                double *restrict column = h + (d + c) * w;                                                   \
                for (int64_t i = 0; i < d; i++) column[i] += scaled[i];                                      \
                for (int64_t j2 = 0; j2 < count; j2++) {                                                     \
                    const int64_t c2 = row[j2];                                                              \
                    if (c2 <= c) column[d + c2] += s;                                                        \
                }                                                                                            \
            }                                                                                                \
        }                                                                                                    \
    }

static void rows_plain(const double *restrict x, const int32_t *restrict starts, const int32_t *restrict terms,
                       const double *restrict curvature, int64_t n, int64_t d, double *h, int64_t w, double *restrict scaled)
    CATEGORICAL_ROWS

#if defined(__x86_64__)
__attribute__((target("avx2")))
static void rows_avx2(const double *restrict x, const int32_t *restrict starts, const int32_t *restrict terms,
                      const double *restrict curvature, int64_t n, int64_t d, double *h, int64_t w, double *restrict scaled)
    CATEGORICAL_ROWS

static int use_avx2 = 0;
__attribute__((constructor)) static void categorical_choose(void) { use_avx2 = ckernels_has_avx2(); }
#endif

void ckernels_categorical_hessian(const double *x, const int32_t *starts, const int32_t *terms, const double *curvature,
                                  int64_t n, int64_t d, double *h, int64_t w, double *scaled, int portable) {
#if defined(__x86_64__)
    if (use_avx2 && !portable) { rows_avx2(x, starts, terms, curvature, n, d, h, w, scaled); return; }
#endif
    (void)portable;
    rows_plain(x, starts, terms, curvature, n, d, h, w, scaled);
}

int64_t ckernels_compact_codes(const int32_t *codes, int64_t n, int64_t k, int32_t *starts, int32_t *terms) {
    int64_t p = 0;
    for (int64_t r = 0; r < n; r++) {
        starts[r] = (int32_t)p;
        const int32_t *row = codes + r * k;
        for (int64_t j = 0; j < k; j++) {
            const int32_t c = row[j];
            terms[p] = c;
            p += c >= 0;
        }
    }
    starts[n] = (int32_t)p;
    return p;
}

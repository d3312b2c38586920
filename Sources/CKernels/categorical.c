#include "ckernels.h"

// The Hessian's columns of one-hot terms (LogisticObjective.accumulateCategorical in Sources/LeadScore/Train/
// LogisticObjective.swift): for each row r and each of its terms c, column c gains s_r·x_r (the row's dense
// values times its curvature) and s_r at every term of the row up to c. Each element is summed over the rows
// in row order, one rounded product s_r·x_ri and one rounded addition at a time (never fused, never
// reassociated), so the result is the same bit for bit however many elements a step handles. The same loops
// are compiled twice: for baseline x86-64 (two a step, as Swift's loop was) and for AVX2 (four), chosen once.

#pragma clang fp contract(off)

#define CATEGORICAL_ROWS                                                                                       \
    {                                                                                                        \
        for (int64_t r = 0; r < n; r++) {                                                                    \
            const double s = curvature[r];                                                                   \
            const int32_t *row = codes + r * k;                                                              \
            const double *xr = x + r * d;                                                                    \
            for (int64_t i = 0; i < d; i++) scaled[i] = s * xr[i];                                           \
            for (int64_t j = 0; j < k; j++) {                                                                \
                const int64_t c = row[j];                                                                    \
                if (c < 0) continue;                                                                         \
                double *restrict column = h + (d + c) * w;                                                   \
                for (int64_t i = 0; i < d; i++) column[i] += scaled[i];                                      \
                for (int64_t j2 = 0; j2 < k; j2++) {                                                         \
                    const int64_t c2 = row[j2];                                                              \
                    if (c2 >= 0 && c2 <= c) column[d + c2] += s;                                             \
                }                                                                                            \
            }                                                                                                \
        }                                                                                                    \
    }

static void rows_plain(const double *restrict x, const int32_t *restrict codes, const double *restrict curvature,
                       int64_t n, int64_t d, int64_t k, double *h, int64_t w, double *restrict scaled)
    CATEGORICAL_ROWS

#if defined(__x86_64__)
__attribute__((target("avx2")))
static void rows_avx2(const double *restrict x, const int32_t *restrict codes, const double *restrict curvature,
                      int64_t n, int64_t d, int64_t k, double *h, int64_t w, double *restrict scaled)
    CATEGORICAL_ROWS

static int use_avx2 = 0;
__attribute__((constructor)) static void categorical_choose(void) { use_avx2 = ckernels_has_avx2(); }
#endif

void ckernels_categorical_hessian(const double *x, const int32_t *codes, const double *curvature, int64_t n, int64_t d,
                                  int64_t k, double *h, int64_t w, double *scaled, int portable) {
#if defined(__x86_64__)
    if (use_avx2 && !portable) { rows_avx2(x, codes, curvature, n, d, k, h, w, scaled); return; }
#endif
    (void)portable;
    rows_plain(x, codes, curvature, n, d, k, h, w, scaled);
}

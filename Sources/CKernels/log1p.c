#include "ckernels.h"

// log1p(t) for 0 ≤ t ≤ 1: the objective's loss, log(1 + e^η) = max(η, 0) + log1p(e^−|η|), takes one per row and
// pass (LogisticObjective.rowTerms in Sources/LeadScore/Train/LogisticObjective.swift). glibc's log1p, a call per
// value with two divisions and branches, took 6% of train's CPU on 1M leads; this is the same method (fdlibm's: a
// reduction to 1 + f with f within [√2/2 − 1, √2 − 1], then log(1 + f) = f − (f²/2 − s·(f²/2 + R(s²))) with
// s = f/(2 + f) and fdlibm's degree-14 polynomial R), written without branches so that a loop of it runs eight or
// four values at a time. Error below one unit in the last place (fdlibm's bound for log; the tests measure it
// against mpmath). One function body for every path, without fused multiply-adds, so every path gives the same bits.
#pragma STDC FP_CONTRACT OFF

static const double ln2_hi = 6.93147180369123816490e-01;  // 0x3FE62E42FEE00000: ln 2's leading 32 bits
static const double ln2_lo = 1.90821492927058770002e-10;  // 0x3DEA39EF35793C76: the rest
static const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
                    Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
                    Lg7 = 1.479819860511658591e-01;

__attribute__((always_inline)) static inline double log1p_unit(double t) {
    // u = 1 + t rounded; c = what the rounding lost (exact: u − 1 is, by Sterbenz's lemma), so log1p(t) =
    // log u + log(1 + c/u) = log u + c/u to well below an ulp.
    const double u = 1.0 + t;
    const double c = (t - (u - 1.0)) / u;
    // log u = k·ln 2 + log(1 + f): k = 1 and f = u/2 − 1 from √2 up (exact, Sterbenz again), else k = 0, f = u − 1.
    const int high = u >= 1.4142135623730951;
    const double k = high ? 1.0 : 0.0;
    const double f = high ? u * 0.5 - 1.0 : u - 1.0;
    const double s = f / (2.0 + f);
    const double z = s * s, w = z * z;
    const double r = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7))) + w * (Lg2 + w * (Lg4 + w * Lg6));
    const double hfsq = 0.5 * f * f;
    return k * ln2_hi - ((hfsq - (s * (hfsq + r) + (k * ln2_lo + c))) - f);
}

#define LOOP                                                                                                       \
    for (int64_t i = 0; i < n; i++) values[i] = log1p_unit(values[i]);

static void log1p_portable(double *values, int64_t n) { LOOP }

#if defined(__x86_64__)
__attribute__((target("avx2"))) static void log1p_avx2(double *values, int64_t n) { LOOP }
__attribute__((target("avx512f"))) static void log1p_avx512(double *values, int64_t n) { LOOP }

static int best = 0;
__attribute__((constructor)) static void log1p_choose(void) {
    const int level = ckernels_vector_level();
    best = level == 2 ? 2 : ckernels_has_avx2() ? 1 : 0;
}
#else
static const int best = 0;
#endif

int ckernels_log1p_unit_path(double *values, int64_t n, int path) {
    if (path < 0 || path > best) return 0;
#if defined(__x86_64__)
    if (path == 2) { log1p_avx512(values, n); return 1; }
    if (path == 1) { log1p_avx2(values, n); return 1; }
#endif
    log1p_portable(values, n);
    return 1;
}

void ckernels_log1p_unit(double *values, int64_t n) { ckernels_log1p_unit_path(values, n, best); }

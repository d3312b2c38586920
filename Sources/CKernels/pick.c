#include "ckernels.h"

// Distributions.ofScaled's sample of a column's present values (Sources/LeadScore/Model/Distributions.swift):
// of the n stored integers m, those other than `missing`, taken at the places place(k) among them, k = 0 …
// picks − 1: k itself with `all`, else ⌊k · step⌋ (Swift's Int(Double(k) * step)). Swift's walk of the column
// branched on every value (present or not, at a place or not), mispredicting on a column with a few percent
// missing; here sixteen values at a time are compared at once and only the present ones compressed.

static inline int64_t place(int64_t k, double step, int all) { return all ? k : (int64_t)((double)k * step); }

static int64_t pick_portable(const int32_t *m, int64_t n, int32_t missing, int64_t picks, double step, int all,
                             int32_t *out) {
    int64_t k = 0, seen = 0, next = 0;
    if (picks <= 0) return 0;
    for (int64_t i = 0; i < n; i++) {
        const int32_t x = m[i];
        if (x == missing) continue;
        if (seen == next) {
            out[k++] = x;
            if (k == picks) break;
            next = place(k, step, all);
        }
        seen++;
    }
    return k;
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx512f,popcnt")))
static int64_t pick_avx512(const int32_t *m, int64_t n, int32_t missing, int64_t picks, double step, int all,
                           int32_t *out) {
    const __m512i absent = _mm512_set1_epi32(missing);
    int64_t k = 0, seen = 0, next = 0;
    int32_t chunk[16];
    if (picks <= 0) return 0;
    for (int64_t i = 0; i < n; i += 16) {
        const __mmask16 valid = n - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - i)) - 1);
        const __m512i v = _mm512_maskz_loadu_epi32(valid, m + i);
        const __mmask16 keep = _mm512_mask_cmpneq_epi32_mask(valid, v, absent);
        const int64_t count = _mm_popcnt_u32((unsigned)keep);
        if (all && k + count <= picks) {
            // Every present value is a place: stored as they come, none past out[picks − 1].
            _mm512_mask_compressstoreu_epi32(out + k, keep, v);
            k += count;
            if (k == picks) return k;
            next = k;
        } else if (next < seen + count) {
            _mm512_storeu_si512(chunk, _mm512_maskz_compress_epi32(keep, v));
            while (next < seen + count) {
                out[k++] = chunk[next - seen];
                if (k == picks) return k;
                next = place(k, step, all);
            }
        }
        seen += count;
    }
    return k;
}

static int pick_use_avx512 = 0;
__attribute__((constructor)) static void pick_choose(void) { pick_use_avx512 = ckernels_vector_level() == 2; }
#endif

int64_t ckernels_pick_present_i32(const int32_t *m, int64_t n, int32_t missing, int64_t picks, double step, int all,
                                  int32_t *out, int portable) {
#if defined(__x86_64__)
    if (pick_use_avx512 && !portable) return pick_avx512(m, n, missing, picks, step, all, out);
#endif
    return pick_portable(m, n, missing, picks, step, all, out);
}

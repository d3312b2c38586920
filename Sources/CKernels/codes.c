#include "ckernels.h"

#include <string.h>

#define SHORT_RUN 16

// A design block's codes as each row's present terms (RowCodes in Sources/LeadScore/Train/LogisticObjective+Codes.swift),
// from columns of codes (−1: none; a categorical feature's levels) and indicators (a numeric column's missing
// indicator kept as a code, mostly absent), each row's indicators a bit set found once for every pass
// (DesignMatrix.IndicatorRows). Laid out row by row with a slot a source, 120 indicators cost each row 120 writes
// and 120 reads to find its few present ones; here a row's bits are read 64 at a time.

// Row by row: each run of the row's present indicators and then the next column's code, in source order. A run of
// more than SHORT_RUN indicators is read 64 bits a load and only its present ones visited; a shorter one slot by
// slot, without a branch: a row's few present ones are too irregular for a loop over them to be predicted (perf
// samples of train on the numeric bench file, runs of 10 indicators 8% present: this kernel 560 the one way and 337
// the other, against 599 for the codes laid out a slot a row and compacted).
int64_t ckernels_gather_codes(const int32_t *columns, const int32_t *breaks, int64_t k0, const uint8_t *rows,
                              int64_t stride, int64_t first, const int32_t *slot_terms, int64_t k1, int64_t n,
                              int32_t *starts, int32_t *out) {
    int64_t p = 0;
    for (int64_t r = 0; r < n; r++) {
        starts[r] = (int32_t)p;
        const uint8_t *b = rows + (first + r) * stride;
        int64_t lo = 0;
        for (int64_t i = 0; i <= k0; i++) {
            const int64_t hi = i < k0 ? breaks[i] : k1;
            if (hi - lo <= SHORT_RUN) {
                uint64_t m;
                memcpy(&m, b + (lo >> 3), 8);
                m >>= lo & 7;
                for (int64_t s = lo; s < hi; s++, m >>= 1) {
                    out[p] = slot_terms[s];
                    p += m & 1;
                }
            } else {
                for (int64_t s = lo & ~(int64_t)63; s < hi; s += 64) {
                    uint64_t m;
                    memcpy(&m, b + (s >> 3), 8);
                    if (s < lo) m &= ~UINT64_C(0) << (lo - s);
                    if (hi - s < 64) m &= (UINT64_C(1) << (hi - s)) - 1;
                    for (; m; m &= m - 1) out[p++] = slot_terms[s + __builtin_ctzll(m)];
                }
            }
            if (i < k0) {
                // Written always, kept when present: a place written over by the row's next term or the next row's.
                const int32_t c = columns[i * n + r];
                out[p] = c;
                p += c >= 0;
            }
            lo = hi;
        }
    }
    starts[n] = (int32_t)p;
    return p;
}

void ckernels_indicator_rows(const int32_t *const *columns, const int8_t *bits, int64_t count, int64_t n,
                             int32_t missing, uint8_t *rows, int64_t stride) {
    // Eight columns a row, those past `count` the first again, shifted out of the byte.
    const int32_t *c[8];
    unsigned b[8];
    for (int i = 0; i < 8; i++) {
        c[i] = columns[i < count ? i : 0];
        b[i] = i < count ? (unsigned)bits[i] : 8;
    }
    for (int64_t r = 0; r < n; r++) {
        const unsigned v = (unsigned)(c[0][r] == missing) << b[0] | (unsigned)(c[1][r] == missing) << b[1] |
                           (unsigned)(c[2][r] == missing) << b[2] | (unsigned)(c[3][r] == missing) << b[3] |
                           (unsigned)(c[4][r] == missing) << b[4] | (unsigned)(c[5][r] == missing) << b[5] |
                           (unsigned)(c[6][r] == missing) << b[6] | (unsigned)(c[7][r] == missing) << b[7];
        rows[r * stride] |= (uint8_t)v;
    }
}

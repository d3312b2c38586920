#include "ckernels.h"

// Whether a CSV cell must be quoted: it holds the delimiter, a double quote, LF or CR (CSVWriter.cell). Every
// cell score writes passes here, the reasons' long ones too; the eight-bytes-a-step SWAR test in Swift was 4.4% of
// score's instructions. SSE2 (every x86-64 CPU has it) compares sixteen bytes with each of the four at once.

static int special_portable(const uint8_t *p, int64_t n, uint8_t delimiter) {
    for (int64_t i = 0; i < n; i++) {
        const uint8_t c = p[i];
        if (c == delimiter || c == 34 || c == 10 || c == 13) return 1;
    }
    return 0;
}

#if defined(__x86_64__)
#include <emmintrin.h>

static inline int special16(__m128i v, __m128i d, __m128i q, __m128i lf, __m128i cr) {
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, q)),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
    return _mm_movemask_epi8(hit) != 0;
}

// The last part shorter than sixteen bytes is tested by one load ending at the cell's last byte (overlapping
// bytes already tested; a byte-by-byte tail was a third of this function's instructions in score), and a cell of
// 8-15 bytes (an id) by two eight-byte loads; only cells under eight bytes go byte by byte. Never reads outside
// the cell.
int ckernels_holds_special(const uint8_t *p, int64_t n, uint8_t delimiter) {
    const __m128i d = _mm_set1_epi8((char)delimiter), q = _mm_set1_epi8(34), lf = _mm_set1_epi8(10),
                  cr = _mm_set1_epi8(13);
    if (n >= 16) {
        int64_t i = 0;
        for (; i + 16 <= n; i += 16) {
            if (special16(_mm_loadu_si128((const __m128i *)(p + i)), d, q, lf, cr)) return 1;
        }
        return i < n && special16(_mm_loadu_si128((const __m128i *)(p + n - 16)), d, q, lf, cr);
    }
    if (n >= 8) {
        const __m128i v = _mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)p), _mm_loadl_epi64((const __m128i *)(p + n - 8)));
        return special16(v, d, q, lf, cr);
    }
    return special_portable(p, n, delimiter);
}
#else
int ckernels_holds_special(const uint8_t *p, int64_t n, uint8_t delimiter) { return special_portable(p, n, delimiter); }
#endif

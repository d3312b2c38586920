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

int ckernels_holds_special(const uint8_t *p, int64_t n, uint8_t delimiter) {
    const __m128i d = _mm_set1_epi8((char)delimiter), q = _mm_set1_epi8(34), lf = _mm_set1_epi8(10),
                  cr = _mm_set1_epi8(13);
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, q)),
                                         _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
        if (_mm_movemask_epi8(hit)) return 1;
    }
    return special_portable(p + i, n - i, delimiter);
}
#else
int ckernels_holds_special(const uint8_t *p, int64_t n, uint8_t delimiter) { return special_portable(p, n, delimiter); }
#endif

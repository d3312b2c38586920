#include "ckernels.h"

// A CSV record's plain fields, split at the delimiter (CSVReader.parseRecord in Sources/LeadScore/IO/
// CSVReader+Parsing.swift goes on from the first quoted field, CR or buffer end itself). Sixty-four bytes are classified at a time, the
// delimiters and line breaks among them as the bits of one word, and each field costs a bit scan and two
// stores instead of a scan of its own bytes. SSE2 only: every x86-64 CPU has it.

#if defined(__x86_64__)
#include <emmintrin.h>

int64_t ckernels_split_plain(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots,
                             int64_t room, int64_t *next) {
    const __m128i vd = _mm_set1_epi8((char)delimiter), lf = _mm_set1_epi8(10), cr = _mm_set1_epi8(13);
    int64_t n = 0, field = i;
    // Stops where the caller must go on: before field n, which starts at `field`.
#define HAND_OVER() do { *next = field; return -(n + 1); } while (0)
    if (p[i] == '"') HAND_OVER();
    for (int64_t block = i;; block += 64) {
        uint64_t marks = 0;
        for (int k = 0; k < 4; k++) {
            __m128i x = _mm_loadu_si128((const __m128i *)(p + block + 16 * k));
            __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vd), _mm_cmpeq_epi8(x, lf)), _mm_cmpeq_epi8(x, cr));
            marks |= (uint64_t)(uint32_t)_mm_movemask_epi8(hit) << (16 * k);
        }
        while (marks) {
            int64_t at = block + __builtin_ctzll(marks);
            marks &= marks - 1;
            uint8_t c = p[at];
            // A CR, or the sentinel at the buffer's end: the caller reads this field's end itself.
            if (n >= room || !(c == delimiter || (c == 10 && at < end))) HAND_OVER();
            slots[2 * n] = field;
            slots[2 * n + 1] = at;
            n++;
            if (c == 10) { *next = at + 1; return n; }
            field = at + 1;
            if (p[field] == '"') HAND_OVER();
        }
    }
#undef HAND_OVER
}
#else
int64_t ckernels_split_plain(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots,
                             int64_t room, int64_t *next) {
    (void)p; (void)end; (void)delimiter; (void)slots; (void)room;
    *next = i;
    return -1;
}
#endif

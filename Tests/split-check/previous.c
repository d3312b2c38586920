// The split kernel as it was at c8d1e99 (ckernels_split_plain/quoted walk), renamed split_old: the reference
// the new kernel is compared with, record by record (harness.c, fuzz.c).
#include <stdint.h>
#if defined(__x86_64__)
#include <emmintrin.h>

// Sixty-four bytes from `block` as the bits of one word: those equal to a, b or c.
static inline void classify(const uint8_t *p, int64_t block, __m128i a, __m128i b, __m128i c, uint64_t *x) {
    uint64_t bits = 0;
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + block + 16 * k));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, a), _mm_cmpeq_epi8(v, b)), _mm_cmpeq_epi8(v, c));
        bits |= (uint64_t)(uint32_t)_mm_movemask_epi8(hit) << (16 * k);
    }
    *x = bits;
}

// Sixty-four bytes from `block` as the bits of two words: those equal to a in *x, to b in *y.
static inline void classify2(const uint8_t *p, int64_t block, __m128i a, __m128i b, uint64_t *x, uint64_t *y) {
    uint64_t xs = 0, ys = 0;
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + block + 16 * k));
        xs |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, a)) << (16 * k);
        ys |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, b)) << (16 * k);
    }
    *x = xs;
    *y = ys;
}

int64_t split_old(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots,
                              int64_t room, int64_t *next, int32_t *quoted) {
    const __m128i vd = _mm_set1_epi8((char)delimiter), lf = _mm_set1_epi8(10), cr = _mm_set1_epi8(13);
    const __m128i vq = _mm_set1_epi8('"');
    int64_t n = 0, field = i;
    // The delimiters, LFs and CRs of the 64 bytes from `mb` not before `field` (the plain fields' ends are taken
    // off as they are read, so that the next is the lowest bit); the quotes and LFs of the 64 bytes from `qb` (−1:
    // none yet). Both only move forward, as the fields do.
    int64_t mb = i, qb = -1;
    uint64_t marks, quotes = 0, breaks = 0;
    classify(p, mb, vd, lf, cr, &marks);
    // Stops where the caller must go on: before field n, which starts at `field`.
#define HAND_OVER() do { *next = field; return -(n + 1); } while (0)
    for (;;) {
        if (n >= room) HAND_OVER();
        if (p[field] == '"') {
            // The first quote before `end` past the opening one; an LF before it hands over (its line is counted
            // by the caller), as does a doubled quote (the caller unescapes the content).
            int64_t at = field + 1, close = -1;
            while (at < end) {
                if (qb < 0 || at >= qb + 64) { qb = at; classify2(p, qb, vq, lf, &quotes, &breaks); }
                uint64_t q = quotes >> (at - qb), b = breaks >> (at - qb);
                if (end - at < 64) {
                    const uint64_t inside = ((uint64_t)1 << (end - at)) - 1;
                    q &= inside;
                    b &= inside;
                }
                if (q) {
                    const int k = __builtin_ctzll(q);
                    if (b & (((uint64_t)1 << k) - 1)) HAND_OVER();
                    close = at + k;
                    break;
                }
                if (b) HAND_OVER();
                at = qb + 64;
            }
            if (close < 0) HAND_OVER();
            const uint8_t c = p[close + 1];  // at most `end`, the sentinel LF
            slots[2 * n] = field + 1;
            slots[2 * n + 1] = close;
            if (c == delimiter) {
                n++;
                *quoted = 1;
                field = close + 2;
                if (field < mb + 64) marks &= ~(uint64_t)0 << (field - mb);
                else { mb = field; classify(p, mb, vd, lf, cr, &marks); }
                continue;
            }
            if (c == 10 && close + 1 < end) { *quoted = 1; *next = close + 2; return n + 1; }
            if (c == 13 && close + 2 < end && p[close + 2] == 10) { *quoted = 1; *next = close + 3; return n + 1; }
            HAND_OVER();  // a doubled quote, text after the closing quote, a lone CR, or the buffer's end
        }
        // A plain field: up to the next delimiter, LF or CR (the sentinel at `end` stops the scan).
        while (!marks) { mb += 64; classify(p, mb, vd, lf, cr, &marks); }
        const int64_t at = mb + __builtin_ctzll(marks);
        marks &= marks - 1;
        const uint8_t c = p[at];
        slots[2 * n] = field;
        slots[2 * n + 1] = at;
        if (c == delimiter) { n++; field = at + 1; continue; }
        if (c == 10 && at < end) { *next = at + 1; return n + 1; }
        if (c == 13 && at + 1 < end && p[at + 1] == 10) { *next = at + 2; return n + 1; }
        HAND_OVER();  // a lone CR, or the sentinel at the buffer's end
    }
#undef HAND_OVER
}

// A quoted field's closing quote (parseRecord), sixty-four bytes classified at a time as in split_old:
// the quotes and LFs among them as the bits of two words, a doubled quote passed as content, where the Swift loop
// took a byte at a time (the levels bench file's notes, about a hundred bytes a record).
int64_t quoted_end_old(const uint8_t *p, int64_t i, int64_t end, int64_t *newlines, int32_t *doubled) {
    const __m128i vq = _mm_set1_epi8('"'), lf = _mm_set1_epi8(10);
    int64_t lines = 0;
    for (int64_t block = i; block < end; block += 64) {
        uint64_t quotes, breaks;
        classify2(p, block, vq, lf, &quotes, &breaks);
        if (end - block < 64) {  // only the bytes before `end` (the sentinel and what follows are not data)
            const uint64_t inside = ((uint64_t)1 << (end - block)) - 1;
            quotes &= inside;
            breaks &= inside;
        }
        while (quotes) {
            const int64_t at = block + __builtin_ctzll(quotes);
            // A quote before `end` followed by another one (never the sentinel, an LF) is content.
            if (at + 1 < end && p[at + 1] == '"') {
                *doubled = 1;
                quotes &= quotes - 1;
                if (at + 1 - block < 64) { quotes &= quotes - 1; continue; }
                // The pair's second quote opens the next block: start that block past it.
                lines += __builtin_popcountll(breaks);
                block = at + 2 - 64;
                breaks = 0;
                break;
            }
            const uint64_t before = ((uint64_t)1 << (at - block)) - 1;
            *newlines += lines + __builtin_popcountll(breaks & before);
            return at;
        }
        lines += __builtin_popcountll(breaks);
    }
    return -1;
}

#endif

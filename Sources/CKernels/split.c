#include "ckernels.h"
#include <string.h>

// A CSV record's plain fields, split at the delimiter (CSVReader.parseRecord in Sources/LeadScore/IO/
// CSVReader+Parsing.swift goes on from the first quoted field, CR or buffer end itself, and calls this again after
// a quoted field). Sixty-four bytes are classified at a time, the delimiters and line breaks among them as the bits
// of one word, and each field costs a bit scan and two stores instead of a scan of its own bytes. SSE2 only: every
// x86-64 CPU has it.

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

// A quoted field's closing quote (parseRecord), sixty-four bytes classified at a time as split_plain's fields are:
// the quotes and LFs among them as the bits of two words, a doubled quote passed as content, where the Swift loop
// took a byte at a time (the levels bench file's notes, about a hundred bytes a record).
int64_t ckernels_quoted_end(const uint8_t *p, int64_t i, int64_t end, int64_t *newlines, int32_t *doubled) {
    const __m128i vq = _mm_set1_epi8('"'), lf = _mm_set1_epi8(10);
    int64_t lines = 0;
    for (int64_t block = i; block < end; block += 64) {
        uint64_t quotes = 0, breaks = 0;
        for (int k = 0; k < 4; k++) {
            __m128i x = _mm_loadu_si128((const __m128i *)(p + block + 16 * k));
            quotes |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vq)) << (16 * k);
            breaks |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, lf)) << (16 * k);
        }
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

#else
int64_t ckernels_split_plain(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots,
                             int64_t room, int64_t *next) {
    (void)p; (void)end; (void)delimiter; (void)slots; (void)room;
    *next = i;
    return -1;
}

int64_t ckernels_quoted_end(const uint8_t *p, int64_t i, int64_t end, int64_t *newlines, int32_t *doubled) {
    int64_t lines = 0;
    for (int64_t r = i; r < end; r++) {
        if (p[r] == '"') {
            if (r + 1 < end && p[r + 1] == '"') { *doubled = 1; r++; continue; }
            *newlines += lines;
            return r;
        }
        if (p[r] == 10) lines++;
    }
    return -1;
}
#endif

// A quoted field's content [from, from + count) with each doubled quote made single, into `to`; returns the bytes
// written. Every quote of the content is one of a pair (ckernels_quoted_end passed them so).
int64_t ckernels_unescape(const uint8_t *from, int64_t count, uint8_t *to) {
    int64_t r = 0, w = 0;
    while (r < count) {
        const uint8_t *q = memchr(from + r, '"', (size_t)(count - r));
        const int64_t stop = q ? q - from : count;
        memcpy(to + w, from + r, (size_t)(stop - r));
        w += stop - r;
        if (!q) break;
        to[w++] = '"';
        r = stop + 2;
    }
    return w;
}

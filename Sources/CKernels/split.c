#include "ckernels.h"
#include <string.h>

// A CSV record's fields, split at the delimiter (CSVReader.parseRecord in Sources/LeadScore/IO/CSVReader+Parsing.swift
// goes on itself where this hands over, and calls it again after a field it read). Sixty-four bytes are classified
// at a time: their delimiters and line breaks as the bits of one word, their quotes as the bits of another. The
// quotes' running parity (a prefix XOR of their bits, carried from one block to the next) marks the bytes inside
// quoted fields, and the delimiters and line breaks there are taken out, so that every bit left ends a field
// (as in simdjson's and simdcsv's scanners). A field then costs a bit scan and two stores, quoted or not: a field
// that ends before the block's next quote is plain; one that starts at that quote, whose closing quote is the next
// one and is followed by the field's end, is quoted, its content the bytes between; an unquoted field that holds a
// quote ends at its first delimiter or line break, whatever the quotes. Anything else about a quote (a doubled quote,
// an LF in the content, text after the closing quote) hands over to the parser at that field's start, as do a lone
// CR and the buffer's end. The previous kernel took a plain field's end from its bits but a quoted field's closing
// quote by a search of its own: files that quote every field, as CRM exports do, split 48-51% faster this way, plain
// ones 6-13%, the levels bench file (notes with doubled quotes) 3% slower (Tests/split-check/run.sh, the kernels
// alone). Two builds of one body (split_body.h): SSE2 for every x86-64 CPU, AVX2 with POPCNT and BMI1 (32-byte
// compares, a bit count, and a bit scan that takes zero) where the CPU has them.

#if defined(__x86_64__)
#include <immintrin.h>

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

// The field ends, quotes and LFs of the sixty-four bytes from `block` (d: the delimiter).
typedef struct { uint64_t marks, quotes, breaks; } Block;

static inline Block block_sse2(const uint8_t *p, int64_t block, uint8_t d) {
    Block b;
    classify(p, block, _mm_set1_epi8((char)d), _mm_set1_epi8(10), _mm_set1_epi8(13), &b.marks);
    classify2(p, block, _mm_set1_epi8('"'), _mm_set1_epi8(10), &b.quotes, &b.breaks);
    return b;
}

__attribute__((target("avx2,popcnt,bmi")))
static inline Block block_avx2(const uint8_t *p, int64_t block, uint8_t d) {
    const __m256i vd = _mm256_set1_epi8((char)d), lf = _mm256_set1_epi8(10), cr = _mm256_set1_epi8(13);
    const __m256i vq = _mm256_set1_epi8('"');
    Block b = {0, 0, 0};
    for (int k = 0; k < 2; k++) {
        const __m256i v = _mm256_loadu_si256((const __m256i *)(p + block + 32 * k));
        const __m256i l = _mm256_cmpeq_epi8(v, lf);
        const __m256i ends = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, vd), l), _mm256_cmpeq_epi8(v, cr));
        b.marks |= (uint64_t)(uint32_t)_mm256_movemask_epi8(ends) << (32 * k);
        b.quotes |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, vq)) << (32 * k);
        b.breaks |= (uint64_t)(uint32_t)_mm256_movemask_epi8(l) << (32 * k);
    }
    return b;
}

#include "split_body.h"

static int split_use_avx2 = 0;
__attribute__((constructor)) static void split_choose(void) { split_use_avx2 = ckernels_has_bmi_popcnt_avx2(); }

__attribute__((target("avx2,popcnt,bmi")))
static int64_t split_avx2(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots, int64_t room,
                          int64_t *next, int32_t *quoted) {
    return split_body(p, i, end, delimiter, slots, room, next, quoted, 1);
}

static int64_t split_sse2(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots, int64_t room,
                          int64_t *next, int32_t *quoted) {
    return split_body(p, i, end, delimiter, slots, room, next, quoted, 0);
}

int64_t ckernels_split_fields(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots,
                              int64_t room, int64_t *next, int32_t *quoted) {
    return split_use_avx2 ? split_avx2(p, i, end, delimiter, slots, room, next, quoted)
                          : split_sse2(p, i, end, delimiter, slots, room, next, quoted);
}

int64_t ckernels_split_fields_path(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots,
                                   int64_t room, int64_t *next, int32_t *quoted, int portable) {
    return split_use_avx2 && !portable ? split_avx2(p, i, end, delimiter, slots, room, next, quoted)
                                       : split_sse2(p, i, end, delimiter, slots, room, next, quoted);
}

// A quoted field's closing quote (parseRecord), sixty-four bytes classified at a time as in ckernels_split_fields:
// the quotes and LFs among them as the bits of two words, a doubled quote passed as content, where the Swift loop
// took a byte at a time (the levels bench file's notes, about a hundred bytes a record).
int64_t ckernels_quoted_end(const uint8_t *p, int64_t i, int64_t end, int64_t *newlines, int32_t *doubled) {
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

#else
int64_t ckernels_split_fields(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots,
                              int64_t room, int64_t *next, int32_t *quoted) {
    (void)p; (void)end; (void)delimiter; (void)slots; (void)room; (void)quoted;
    *next = i;
    return -1;
}

int64_t ckernels_split_fields_path(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots,
                                   int64_t room, int64_t *next, int32_t *quoted, int portable) {
    (void)portable;
    return ckernels_split_fields(p, i, end, delimiter, slots, room, next, quoted);
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

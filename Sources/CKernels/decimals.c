#include "ckernels.h"
#include "records.h"

// A numeric column's fields of a run of records, read as scaled integers (ColumnAccumulator.add in
// Sources/LeadScore/Data/ColumnAccumulator.swift): the loop that took a fifth of numeric train's CPU, one digit at
// a time in a chain of multiply-adds. Here a field of up to 16 bytes is one vector: its digits moved into place
// past the sign and the decimal mark by one byte shuffle, then summed by multiply-adds of neighbouring lanes
// (2, 4, 8 digits) and one 64-bit step — no chain through the digits.
//
// Each field is what NumberParser.shortDecimal and NumberColumn.scaled make of it: an optional '-', digits,
// optionally the mark and more digits, at least one digit; at most `decimals` after the mark; its magnitude times
// 10^(decimals − its decimals) below 2^31 − 1; zero with a '-' is −0's code. An empty field is missing. The
// kernel stops before the first field it does not take: one in the reader's scratch (quoted), one that starts or
// ends with a space or a tab (trimmed first), longer than 16 bytes, or any other; the caller reads that one.

static const int64_t powers[10] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};
#define MISSING ((int32_t)(-2147483647 - 1))
#define NEGATIVE_ZERO ((int32_t)(-2147483647))

// One field by the vector path's rules, one digit at a time: 1 and *out set when taken, else 0.
static inline int field_portable(const uint8_t *p, int64_t n, int64_t decimals, uint8_t point, int32_t *out) {
    int64_t i = p[0] == '-' ? 1 : 0, m = 0, digits = 0, fraction = 0;
    const int negative = (int)i;
    for (; i < n && (uint8_t)(p[i] - '0') < 10; i++, digits++) m = m * 10 + (p[i] - '0');
    if (i < n && p[i] == point) {
        const int64_t start = ++i;
        for (; i < n && (uint8_t)(p[i] - '0') < 10; i++) m = m * 10 + (p[i] - '0');
        fraction = i - start;
        digits += fraction;
    }
    if (i != n || digits == 0 || fraction > decimals) return 0;
    if (m == 0) { *out = negative ? NEGATIVE_ZERO : 0; return 1; }
    if (m >= 2147483647) return 0;
    const int64_t s = m * powers[decimals - fraction];
    if (s >= 2147483647) return 0;
    *out = negative ? (int32_t)-s : (int32_t)s;
    return 1;
}

#if defined(__x86_64__)
#include <immintrin.h>

// The vector reader's byte shuffles, by sign (0, 1), digits before the mark (0–16) and after it (0–9), filled
// once at load (`decimals_choose`): one load where the control was computed from three broadcasts of those counts.
static _Alignas(16) int8_t controls[2][17][10][16];

__attribute__((target("avx2"), always_inline))
static inline int field_vector(const uint8_t *p, int64_t n, int64_t decimals, uint8_t point, int32_t *out) {
    const __m128i v = _mm_loadu_si128((const __m128i *)p);
    const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
    const unsigned valid = (1u << n) - 1;
    const unsigned start = p[0] == '-' ? 1 : 0;
    const unsigned digit = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d));
    const unsigned marks = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)point))) & valid & ~start;
    // Past the sign, digits and at most one mark (a second one ends shortDecimal's loop early: not taken).
    if ((valid & ~start & ~(digit | marks)) != 0 || (marks & (marks - 1)) != 0) return 0;
    const int64_t at = marks ? __builtin_ctz(marks) : n;  // the mark's place, or the end
    const int64_t whole = at - start, fraction = marks ? n - at - 1 : 0, count = whole + fraction;
    if (count == 0 || fraction > decimals) return 0;
    // The shuffle's control from a table: output lane j holds digit t = j − (16 − count) of the digits without the
    // mark (nothing for t < 0), which is byte start + t, or one further past the mark (`controls`).
    const __m128i control = _mm_load_si128((const __m128i *)controls[start][whole][fraction]);
    const __m128i digits = _mm_shuffle_epi8(d, control);
    const __m128i two = _mm_maddubs_epi16(digits, _mm_setr_epi8(10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1));
    const __m128i four = _mm_madd_epi16(two, _mm_setr_epi16(100, 1, 100, 1, 100, 1, 100, 1));
    const __m128i eight = _mm_madd_epi16(_mm_packus_epi32(four, four), _mm_setr_epi16(10000, 1, 10000, 1, 10000, 1, 10000, 1));
    const int64_t m = (int64_t)(uint32_t)_mm_cvtsi128_si32(eight) * 100000000 + (uint32_t)_mm_extract_epi32(eight, 1);
    if (m == 0) { *out = start ? NEGATIVE_ZERO : 0; return 1; }
    if (m >= 2147483647) return 0;
    const int64_t s = m * powers[decimals - fraction];
    if (s >= 2147483647) return 0;
    *out = start ? (int32_t)-s : (int32_t)s;
    return 1;
}

static int use_vector = 0;
__attribute__((constructor)) static void decimals_choose(void) {
    for (int start = 0; start < 2; start++) {
        for (int whole = 0; whole <= 16; whole++) {
            for (int fraction = 0; fraction < 10; fraction++) {
                const int count = whole + fraction;
                for (int j = 0; j < 16; j++) {
                    const int t = j - (16 - count);
                    controls[start][whole][fraction][j] =
                        t < 0 ? (int8_t)-128 : (int8_t)(start + t + (t >= whole ? 1 : 0));
                }
            }
        }
    }
    use_vector = ckernels_has_avx2();
}
#else
static const int use_vector = 0;
#endif

// Whether FIELD, the one-field reader, takes the n (≥ 1) bytes at p into *o: not when they are longer than a
// vector, which the caller then reads. Both loops below decide by it. A padded field (the reader trims it first)
// needs no test of its own: a space or a tab is neither a digit, a sign nor the mark, so neither reader takes it.
#define TAKES(FIELD, p, n, decimals, o) ((n) <= 16 && FIELD(p, n, decimals, point, o))

// The records' loop (records.h), with FIELD the one-field reader (each loop its own function, so that the vector
// reader is inlined into a loop compiled for AVX2).
#define RECORDS(FIELD) COLUMN_LOOP(MISSING, TAKES(FIELD, p, n, decimals, o))

static int64_t records_portable(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields, int64_t stride,
                                int64_t count, int64_t field, int64_t decimals, uint8_t point, int32_t *out, int64_t *gaps) {
    RECORDS(field_portable)
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static int64_t records_vector(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields, int64_t stride,
                              int64_t count, int64_t field, int64_t decimals, uint8_t point, int32_t *out, int64_t *gaps) {
    RECORDS(field_vector)
}
#else
#define records_vector records_portable
#endif

int64_t ckernels_parse_scaled_path(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields,
                                   int64_t stride, int64_t count, int64_t field, int64_t decimals, uint8_t point,
                                   int32_t *out, int64_t *gaps, int path) {
    if (decimals < 0 || decimals > 9) return 0;
    return (path == 1 ? records_vector : records_portable)(base, bounds, first_fields, stride, count, field, decimals,
                                                           point, out, gaps);
}

int64_t ckernels_parse_scaled(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields, int64_t stride,
                              int64_t count, int64_t field, int64_t decimals, uint8_t point, int32_t *out, int64_t *gaps) {
    return ckernels_parse_scaled_path(base, bounds, first_fields, stride, count, field, decimals, point, out, gaps,
                                      use_vector ? 1 : 0);
}

// Several columns' fields of a run of records, record by record (records.h; ColumnAccumulator's columns of plain
// scaled numbers, NumberStretch in Sources/LeadScore/Data/NumberStretch.swift): on a file of 121 such columns, each
// record's 2 KB of bounds and 760 bytes were revisited once a column.
#define ROWS(FIELD) ROWS_LOOP(MISSING, TAKES(FIELD, p, n, decimals[j], o))

static void rows_portable(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields, int64_t stride,
                          int64_t count, int64_t columns, const int64_t *fields, const int64_t *decimals, uint8_t point,
                          int32_t *out, int64_t *taken, int64_t *gaps, int64_t *active) {
    ROWS(field_portable)
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static void rows_vector(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields, int64_t stride,
                        int64_t count, int64_t columns, const int64_t *fields, const int64_t *decimals, uint8_t point,
                        int32_t *out, int64_t *taken, int64_t *gaps, int64_t *active) {
    ROWS(field_vector)
}
#else
#define rows_vector rows_portable
#endif

void ckernels_parse_scaled_rows_path(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields,
                                     int64_t stride, int64_t count, int64_t columns, const int64_t *fields,
                                     const int64_t *decimals, uint8_t point, int32_t *out, int64_t *taken, int64_t *gaps,
                                     int64_t *active, int path) {
    for (int64_t j = 0; j < columns; j++) {
        if (decimals[j] < 0 || decimals[j] > 9) {
            for (int64_t k = 0; k < columns; k++) taken[k] = 0;
            return;
        }
    }
    (path == 1 ? rows_vector : rows_portable)(base, bounds, first_fields, stride, count, columns, fields, decimals, point,
                                             out, taken, gaps, active);
}

void ckernels_parse_scaled_rows(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields, int64_t stride,
                                int64_t count, int64_t columns, const int64_t *fields, const int64_t *decimals,
                                uint8_t point, int32_t *out, int64_t *taken, int64_t *gaps, int64_t *active) {
    ckernels_parse_scaled_rows_path(base, bounds, first_fields, stride, count, columns, fields, decimals, point, out,
                                    taken, gaps, active, use_vector ? 1 : 0);
}

#include "eisel_lemire.h"
#include "records.h"

// A numeric column's fields stored as doubles (ColumnAccumulator.add in Sources/LeadScore/Data/
// ColumnAccumulator.swift): a float64 written in full (`-34.017308919896394`, as pandas.to_csv writes it) took a
// quarter of train's CPU there, digit by digit with a branch at each end of the digit runs. Here a field of up to
// 32 bytes is one vector, loaded so that it ends at the field's end: the digits before the decimal mark moved up
// one lane over it, everything before the first digit cleared, then summed by multiply-adds of neighbouring lanes
// (2, 4, 8 digits) and one 64-bit step. The value is rounded by eisel_lemire (eisel_lemire.h), or where that is
// undecided by Clinger's exact quotient or product (digits below 2^53, a decimal exponent within ±22): both correctly
// rounded, so the value is NumberParser's. Eisel-Lemire first, as the branch between them was a coin toss on float64 columns (15 to
// 17 digits, below and above 2^53).
//
// A field taken is an optional '-', digits and at most one mark anywhere after the sign, at least one digit, at most
// 19 of them from the first nonzero one, optionally an exponent (`e` or `E`, an optional sign, one to three digits;
// read a byte at a time), at most 32 bytes, and ending at least 32 bytes into the buffer (the load reads the 32 bytes
// before its end). An empty field is missing (NaN). The kernel stops before the first field it does not take (quoted,
// padded, longer, a '+' before the digits, too many digits, an undecided rounding, text); the caller reads that one.

static const double exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// m × 10^q with the sign: 1 and *out set, or 0 when neither rounding decides it.
__attribute__((always_inline)) static inline int rounded(uint64_t m, int64_t q, int negative, double *out) {
    double v;
    if (eisel_lemire(m, q, &v)) {
    } else if (m == 0) v = 0;
    else if (m < ((uint64_t)1 << 53) && q >= -22 && q <= 22) v = q < 0 ? (double)m / exact[-q] : (double)m * exact[q];
    else return 0;
    // The sign by its bit, without a branch.
    uint64_t bits;
    __builtin_memcpy(&bits, &v, sizeof bits);
    bits |= (uint64_t)negative << 63;
    __builtin_memcpy(out, &bits, sizeof bits);
    return 1;
}

// One field one byte at a time: the vector path's plain decimals, and those with an exponent (`e` or `E`, an optional
// sign, one to three digits: `4.9019395877339454e-05`, as pandas writes a float64 under 1e-4), which the vector path
// hands to it.
static inline int field_portable(const uint8_t *p, int64_t n, uint8_t point, double *out) {
    const int negative = p[0] == '-';
    int64_t digits = 0, significant = 0, fraction = 0, i = negative;
    int mark = 0;
    uint64_t m = 0;
    for (; i < n; i++) {
        const uint8_t d = (uint8_t)(p[i] - '0');
        if (d < 10) {
            if (m != 0 || d != 0) significant++;
            if (significant > 19) return 0;
            m = m * 10 + d;
            digits++;
            fraction += mark;
        } else if (p[i] == point && !mark) {
            mark = 1;
        } else {
            break;
        }
    }
    if (digits == 0) return 0;
    int64_t q = -fraction;
    if (i < n) {
        if ((p[i] | 0x20) != 'e') return 0;
        i++;
        const int below = i < n && p[i] == '-';
        if (i < n && (p[i] == '-' || p[i] == '+')) i++;
        const int64_t start = i;
        int64_t e = 0;
        for (; i < n && (uint8_t)(p[i] - '0') < 10; i++) e = e * 10 + (p[i] - '0');
        if (i != n || i == start || i - start > 3) return 0;
        q += below ? -e : e;
    }
    return rounded(m, q, negative, out);
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2"), always_inline))
static inline int field_vector(const uint8_t *p, int64_t n, uint8_t point, double *out) {
    // Lane 31 is the field's last byte; its first is lane 32 − n.
    const __m256i v = _mm256_loadu_si256((const __m256i *)(p + n - 32));
    const __m256i d = _mm256_sub_epi8(v, _mm256_set1_epi8('0'));
    const uint32_t valid = ~0u << (32 - n);
    const int negative = p[0] == '-';
    const uint32_t sign = (uint32_t)negative << (32 - n);  // no branch: the sign is a coin toss in most columns
    const uint32_t digit = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(9)), d));
    const uint32_t marks = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8((char)point))) & valid & ~sign;
    // Anything but a plain decimal (an exponent, or no number at all) by the byte loop, which takes the same fields.
    if ((valid & ~sign & ~(digit | marks)) != 0 || (marks & (marks - 1)) != 0) return field_portable(p, n, point, out);
    const int64_t count = n - negative - (marks ? 1 : 0);
    if (count == 0) return 0;
    const int64_t at = marks ? __builtin_ctz(marks) : -1;  // the mark's lane
    const int64_t fraction = marks ? 31 - at : 0;
    // Lanes up to the mark take their lower neighbour's digit (the mark's lane the last whole digit): the digits are
    // then lanes 32 − count … 31; the lanes below them are cleared.
    const __m256i lanes = _mm256_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
                                           22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
    const __m256i lower = _mm256_alignr_epi8(d, _mm256_permute2x128_si256(d, d, 0x08), 15);
    const __m256i moved = _mm256_blendv_epi8(d, lower, _mm256_cmpgt_epi8(_mm256_set1_epi8((char)(at + 1)), lanes));
    const __m256i digits = _mm256_and_si256(moved, _mm256_cmpgt_epi8(lanes, _mm256_set1_epi8((char)(31 - count))));
    const uint32_t nonzero = (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(digits, _mm256_setzero_si256()));
    if (nonzero == 0) return rounded(0, -fraction, negative, out);
    if (32 - __builtin_ctz(nonzero) > 19) return 0;  // more than 19 significant digits
    const __m256i two = _mm256_maddubs_epi16(digits, _mm256_set1_epi16(0x010A));
    const __m256i four = _mm256_madd_epi16(two, _mm256_set1_epi32(0x00010064));
    const __m256i eight = _mm256_madd_epi16(_mm256_packus_epi32(four, four), _mm256_set1_epi32(0x00012710));
    // Eight-digit groups: lanes 8–15 in 32-bit lane 1, 16–23 in lane 4, 24–31 in lane 5 (lanes 0–7 are zero).
    const uint64_t m = (uint64_t)(uint32_t)_mm256_extract_epi32(eight, 1) * 10000000000000000ull +
                       (uint64_t)(uint32_t)_mm256_extract_epi32(eight, 4) * 100000000ull +
                       (uint32_t)_mm256_extract_epi32(eight, 5);
    return rounded(m, -fraction, negative, out);
}

static int use_vector = 0;
__attribute__((constructor)) static void doubles_choose(void) { use_vector = ckernels_has_avx2(); }
#else
static const int use_vector = 0;
#endif

// A missing value: Swift's Double.nan.
static inline double missing_value(void) {
    const uint64_t bits = 0x7FF8000000000000ull;
    double v;
    __builtin_memcpy(&v, &bits, sizeof v);
    return v;
}

// Whether FIELD, the one-field reader, takes the field (records.h's p, n, s) into o: both readers by the same
// rules, the vector one's 32-byte load included.
#define TAKES(FIELD) (n <= 32 && s + n >= 32 && FIELD(p, n, point, o))

// The records' loop (records.h), with FIELD the one-field reader (each loop its own function, so that the vector
// reader is inlined into a loop compiled for AVX2).
#define RECORDS(FIELD) COLUMN_LOOP(missing_value(), TAKES(FIELD))

static int64_t records_portable(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields, int64_t stride,
                                int64_t count, int64_t field, uint8_t point, double *out, int64_t *gaps) {
    RECORDS(field_portable)
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static int64_t records_vector(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields, int64_t stride,
                              int64_t count, int64_t field, uint8_t point, double *out, int64_t *gaps) {
    RECORDS(field_vector)
}
#else
#define records_vector records_portable
#endif

int64_t ckernels_parse_doubles_path(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields,
                                    int64_t stride, int64_t count, int64_t field, uint8_t point, double *out,
                                    int64_t *gaps, int path) {
    return (path == 1 ? records_vector : records_portable)(base, bounds, first_fields, stride, count, field, point, out,
                                                           gaps);
}

int64_t ckernels_parse_doubles(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields, int64_t stride,
                               int64_t count, int64_t field, uint8_t point, double *out, int64_t *gaps) {
    return ckernels_parse_doubles_path(base, bounds, first_fields, stride, count, field, point, out, gaps,
                                       use_vector ? 1 : 0);
}

// Several columns' fields of a run of records, record by record (records.h; ColumnAccumulator's columns of doubles,
// NumberStretch in Sources/LeadScore/Data/NumberStretch.swift). Column by column, each field's bounds and bytes were
// a miss in the first-level cache (a stretch of 128 records of sixteen such columns is 90 KB), and the loads'
// latency, not the arithmetic, took most of the kernel's time.
#define ROWS(FIELD) ROWS_LOOP(missing_value(), TAKES(FIELD))

static void rows_portable(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields, int64_t stride,
                          int64_t count, int64_t columns, const int64_t *fields, uint8_t point, double *out,
                          int64_t *taken, int64_t *gaps, int64_t *active) {
    ROWS(field_portable)
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static void rows_vector(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields, int64_t stride,
                        int64_t count, int64_t columns, const int64_t *fields, uint8_t point, double *out,
                        int64_t *taken, int64_t *gaps, int64_t *active) {
    ROWS(field_vector)
}
#else
#define rows_vector rows_portable
#endif

void ckernels_parse_doubles_rows_path(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields,
                                      int64_t stride, int64_t count, int64_t columns, const int64_t *fields,
                                      uint8_t point, double *out, int64_t *taken, int64_t *gaps, int64_t *active,
                                      int path) {
    (path == 1 ? rows_vector : rows_portable)(base, bounds, first_fields, stride, count, columns, fields, point, out,
                                             taken, gaps, active);
}

void ckernels_parse_doubles_rows(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields,
                                 int64_t stride, int64_t count, int64_t columns, const int64_t *fields, uint8_t point,
                                 double *out, int64_t *taken, int64_t *gaps, int64_t *active) {
    ckernels_parse_doubles_rows_path(base, bounds, first_fields, stride, count, columns, fields, point, out, taken,
                                     gaps, active, use_vector ? 1 : 0);
}

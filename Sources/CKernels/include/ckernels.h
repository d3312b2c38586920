// Kernels in C where Swift cannot ask for a CPU feature per function: leadscore targets baseline x86-64,
// and these run only when the CPU reports the feature at run time.
#ifndef CKERNELS_H
#define CKERNELS_H
#include <stdint.h>

/// 1 when this CPU has AVX2 (checked at run time), else 0; always 0 off x86-64.
int ckernels_has_avx2(void);

/// 1 when this CPU runs AVX2 (as above), POPCNT and BMI1: the CSV split kernel's wide build (0 off x86-64).
int ckernels_has_bmi_popcnt_avx2(void);

/// 2 when this CPU and its OS run AVX-512 (F, CD, BW, DQ, VL), 1 when AVX2 with FMA, else 0 (always 0 off
/// x86-64).
int ckernels_vector_level(void);

/// Eight Poisson-bootstrap resamples in one pass over the sorted rows, with AVX2: the arithmetic of
/// `BootstrapPass.weighted` in Sources/LeadScore/Metrics/BootstrapPass.swift, lane by lane and in the same
/// order (no fused multiply-adds), so each lane's sums equal the portable path's bit for bit.
/// - loss, positive: per sorted position, the row's log loss and 1 or 0.
/// - segments: `count` triples (start, end, kind: 0 negatives, 1 positives, 2 tie).
/// - state: xoshiro128++ words s0[8], s1[8], s2[8], s3[8] (lanes 0-3 one generator, 4-7 another); advanced.
/// - thresholds: the 16 Poisson(1) thresholds.
/// - sums: out, pos[8], neg[8], area[8], precision[8], loss[8].
/// Does nothing (returns 0) where the CPU has no AVX2 or it is not compiled in; returns 1 when it ran.
int ckernels_bootstrap8(const double *loss, const double *positive, const int64_t *segments, int64_t count,
                        uint32_t *state, const int32_t *thresholds, double *sums);

/// The same by one path: 1 compiled for AVX2, 2 for AVX2 with AVX-512VL's 32 registers (the default where the
/// CPU runs AVX-512). Returns 0 (and does nothing) when this CPU cannot run that path. For the tests.
int ckernels_bootstrap8_path(const double *loss, const double *positive, const int64_t *segments, int64_t count,
                             uint32_t *state, const int32_t *thresholds, double *sums, int path);

/// out[i] = m[i] / divisor (each division correctly rounded), INT32_MIN as NaN and -INT32_MAX as -0.0:
/// `NumberColumn`'s scaled values (divisor 10^0 … 10^9), eight at a time with AVX-512 or four with AVX2 when
/// the CPU has it; with FMA by a proven division-free correction (decode.c), the same bits.
void ckernels_decode_scaled(const int32_t *m, int64_t n, double divisor, double *out);

/// The same by one path: 0 portable (division), 1 AVX2 (division), 2 AVX2 with FMA, 3 AVX-512 (FMA; see
/// decode.c). Returns 0 (and writes nothing) when this CPU cannot run that path, else 1. For the tests.
int ckernels_decode_scaled_path(const int32_t *m, int64_t n, double divisor, double *out, int path);

/// A design block's column from scaled values: out[r·stride] = (x − mean)·inv with x decoded as
/// `ckernels_decode_scaled` does, 0 where m[r] is INT32_MIN (missing); flag[r·stride] = 1 there and 0 elsewhere
/// when flag is not null. The same bits as `DesignMatrix.fillDense`'s loop over decoded values; eight at a time
/// with AVX-512 when the CPU has it, the plain loop otherwise.
void ckernels_fill_scaled(const int32_t *m, int64_t n, double divisor, double mean, double inv, double *out,
                          int64_t stride, double *flag);

/// The same by one path (0 portable, 3 AVX-512; 1 and 2 run the portable loop); 0 when the CPU cannot run it.
int ckernels_fill_scaled_path(const int32_t *m, int64_t n, double divisor, double mean, double inv, double *out,
                              int64_t stride, double *flag, int path);

/// How many of the n bytes at p equal `byte` (32 at a time with AVX2 when the CPU has it).
int64_t ckernels_count_byte(const uint8_t *p, int64_t n, uint8_t byte);

/// 1 when one of the n bytes at p is `delimiter`, a double quote, LF or CR (16 at a time with SSE2), else 0.
int ckernels_holds_special(const uint8_t *p, int64_t n, uint8_t delimiter);

/// For each of nine edges (ascending; +infinity for none), how many of the n values lie above it
/// (`v > edge`; NaN above none): `Bins.of`'s counts, four values at a time with AVX2 when the CPU has it.
void ckernels_count_above(const double *v, int64_t n, const double *edges, int64_t *above);

/// The same counts by the plain loop whatever the CPU (for the tests that compare the two paths).
void ckernels_count_above_portable(const double *v, int64_t n, const double *edges, int64_t *above);

/// For each of nine ascending `bounds`, how many of the `n` integers `m` are above it (with AVX2 where the CPU
/// has it, unless `portable`).
void ckernels_count_above_i32(const int32_t *m, int64_t n, const int32_t *bounds, int64_t *above, int portable);

/// Of the n integers m, those other than `missing` at the places k (`all`) or ⌊k·step⌋ among them, k = 0 …
/// picks − 1, into out (room for picks); returns how many were written (fewer when the places run past the
/// present values). Sixteen at a time with AVX-512 where the CPU has it, unless `portable`.
int64_t ckernels_pick_present_i32(const int32_t *m, int64_t n, int32_t missing, int64_t picks, double step, int all,
                                  int32_t *out, int portable);

/// The fields of the record at p[i...] up to a CR not followed by an LF, a quoted field whose content holds a doubled
/// quote or an LF or is followed by anything but a delimiter or a line break, an unquoted field that holds a quote
/// and ends past the 64 bytes being read, or the LF sentinel the caller keeps at
/// `end` (with 64 readable bytes after it). Writes each field's [start, end) to slots (at most `room` fields; a
/// quoted field's content, without its quotes), and sets *quoted to 1 when it took a quoted field. For a record
/// that ends at an LF or CRLF before `end`, returns its field count and the offset after the line break in *next;
/// otherwise returns -(k + 1), k the fields written, with the start of field k (where the caller goes on) in *next.
int64_t ckernels_split_fields(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots,
                              int64_t room, int64_t *next, int32_t *quoted);

/// The same by one build: `portable` the SSE2 one even where the CPU runs the AVX2 one (for the tests).
int64_t ckernels_split_fields_path(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots,
                                   int64_t room, int64_t *next, int32_t *quoted, int portable);

/// A quoted field's closing quote: from i (the byte after the opening quote), the first quote before `end` that is
/// not followed by another (a pair is content; *doubled set to 1 when one is passed); its offset, with the LFs
/// before it added to *newlines, or -1 when none lies before `end`. Reads up to 63 bytes past `end`.
int64_t ckernels_quoted_end(const uint8_t *p, int64_t i, int64_t end, int64_t *newlines, int32_t *doubled);

/// A quoted field's content [from, from + count) with each doubled quote made single, into `to`; the bytes written.
int64_t ckernels_unescape(const uint8_t *from, int64_t count, uint8_t *to);

/// The one-hot terms' columns of a block's Hessian (`LogisticObjective.accumulateCategorical`), upper triangle:
/// for each of the n rows of x (d dense values each) and each of its terms c (terms[starts[r] ..< starts[r + 1]]),
/// h[(d + c)·w + i] += curvature[r]·x[r·d + i] for i < d, and h[(d + c)·w + d + c2] += curvature[r] for every term
/// c2 ≤ c of the row. Each product and sum rounded on its own, in row order: the same bits on every path.
/// `scaled`: room for d doubles. `portable`: the plain loops even where the CPU has AVX2 (for the tests).
void ckernels_categorical_hessian(const double *x, const int32_t *starts, const int32_t *terms, const double *curvature,
                                  int64_t n, int64_t d, double *h, int64_t w, double *scaled, int portable);

/// The codes of n rows (k per row, −1: none) as each row's codes that are not −1, in order: row r's are
/// terms[starts[r] ..< starts[r + 1]]. `starts` has room for n + 1, `terms` for n·k. Returns their count.
int64_t ckernels_compact_codes(const int32_t *codes, int64_t n, int64_t k, int32_t *starts, int32_t *terms);

/// For up to eight columns of stored integers (`count`, at most 8): sets bit bits[i] (0 to 7) of rows[r·stride]
/// where columns[i][r] == missing, r < n.
void ckernels_indicator_rows(const int32_t *const *columns, const int8_t *bits, int64_t count, int64_t n,
                             int32_t missing, uint8_t *rows, int64_t stride);

/// The codes of n rows as each row's present terms, in source order (what `ckernels_compact_codes` makes of them
/// laid out row by row): row r's go to out[starts[r] ..< starts[r + 1]]. The sources are k0 columns of codes
/// (column i: columns[i·n ..< i·n + n], −1 none) and k1 indicators (slots), row r's present slots the set bits of
/// the `stride` bytes at rows[(first + r)·stride] (with 8 readable bytes past the last row), slot s's term
/// slot_terms[s]; column i comes after breaks[i] slots (ascending). `starts` has room for n + 1, `out` for
/// n·(k0 + k1). Returns the count of present terms.
int64_t ckernels_gather_codes(const int32_t *columns, const int32_t *breaks, int64_t k0, const uint8_t *rows,
                              int64_t stride, int64_t first, const int32_t *slot_terms, int64_t k1, int64_t n,
                              int32_t *starts, int32_t *out);

/// The upper triangle of C += AᵀA, A row-major (n rows of d), C column-major with leading dimension ldc, with the
/// bits of OpenBLAS 0.3.21's dsyrk on its SkylakeX kernels (arithmetic 0; but for one corner) or its Haswell and Zen
/// kernels (arithmetic 1): each element's products summed in row order with fused multiply-adds, in stretches of
/// at most 384 or 256 rows, and with arithmetic 1 four sums for part of the last column when d is odd (gram.c says
/// which). With AVX-512 when the CPU has it; returns 0 (and writes nothing) where it has not, or for another
/// arithmetic, and the caller asks BLAS (dsyrk).
int ckernels_gram_upper(const double *a, int64_t n, int64_t d, double *c, int64_t ldc, int arithmetic);

/// The upper triangle of C += AᵀA in single precision (gram_single.c): A row-major float, n rows of d values at a
/// row stride lda of at least `ckernels_gram_single_stride(d)` (the values past d read, never kept), C double,
/// column-major, leading dimension ldc. Each element within about 1e-5 of the double sum (a block of a few hundred
/// rows). Returns 1, or 0 having done nothing where the CPU lacks AVX-512 (or lda is too small).
int ckernels_gram_single(const float *a, int64_t n, int64_t d, int64_t lda, double *c, int64_t ldc);

/// The least row stride `ckernels_gram_single` takes for d columns.
int64_t ckernels_gram_single_stride(int64_t d);

/// The one-hot terms' columns of a rough Hessian (gram_single.c), upper triangle: for the n rows of `a` (floats,
/// row stride lda, row r = root[r]·x_r, as for `ckernels_gram_single`) and each term c of row r
/// (terms[starts[r] ..< starts[r + 1]], ascending, each below k), h[(d + c)·w + i] gains root[r]·a[r·lda + i] for i < d (summed
/// in float over the term's rows, then added), and h[(d + c)·w + d + c2] gains curvature[r] for every term c2 ≤ c
/// of the row. `a`'s rows are read up to `ckernels_gram_single_stride(d)` values (the padding never kept).
/// `scratch`: room for k + 1 + starts[n] integers. Returns 1, or 0 having done nothing where the CPU lacks AVX-512.
int ckernels_categorical_rough(const float *a, int64_t lda, const double *root, const double *curvature,
                               const int32_t *starts, const int32_t *terms, int64_t n, int64_t d, int64_t k, double *h,
                               int64_t w, int32_t *scratch);

/// The same by one path: 0 the plain loops (libm's fma: the same bits, slowly; for the tests), 3 AVX-512.
/// Returns 0 when this CPU cannot run that path, else 1.
int ckernels_gram_upper_path(const double *a, int64_t n, int64_t d, double *c, int64_t ldc, int arithmetic, int path);

/// Puts into v[k], for each of the `count` ascending positions k, the value that belongs there in ascending
/// order (quickselect; v is reordered), with AVX-512 when the CPU has it. v must hold no NaN. scratch: room for
/// 2·n + 16 doubles. Returns 0 (and does nothing) where the CPU has no AVX-512, else 1.
int ckernels_select(double *v, int64_t n, const int64_t *positions, int64_t count, double *scratch);

/// A numeric column's fields (`field`) of `count` records into scaled integers at `decimals` decimals (decimals.c):
/// record r's fields begin at bounds[2·first_fields[r·stride]] (the reader's start and end offsets into `base`);
/// out[r] is the value, or the missing code for an empty field (each counted in *gaps). Stops before the first
/// field it does not take (quoted, padded, longer than 16 bytes, not a plain decimal, more decimals, too large)
/// and returns how many records it read. With AVX2 when the CPU has it.
int64_t ckernels_parse_scaled(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields, int64_t stride,
                              int64_t count, int64_t field, int64_t decimals, uint8_t point, int32_t *out, int64_t *gaps);

/// The same by one path: 0 one digit at a time, 1 the vector path (AVX2; the caller checks the CPU).
int64_t ckernels_parse_scaled_path(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields,
                                   int64_t stride, int64_t count, int64_t field, int64_t decimals, uint8_t point,
                                   int32_t *out, int64_t *gaps, int path);

/// `ckernels_parse_scaled` for `columns` columns at once (fields[j] of each record, at decimals[j] decimals), record
/// by record: column j's values go to out[j·count ..< j·count + taken[j]], taken[j] being how many records it read
/// (up to the first field it does not take, as there), and its missing values are added to gaps[j] (which the
/// caller zeroes). `active`: room for `columns`. Nothing is read when a column's decimals are out of 0…9.
void ckernels_parse_scaled_rows(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields, int64_t stride,
                                int64_t count, int64_t columns, const int64_t *fields, const int64_t *decimals,
                                uint8_t point, int32_t *out, int64_t *taken, int64_t *gaps, int64_t *active);

/// The same by one path: 0 one digit at a time, 1 the vector path (AVX2; the caller checks the CPU).
void ckernels_parse_scaled_rows_path(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields,
                                     int64_t stride, int64_t count, int64_t columns, const int64_t *fields,
                                     const int64_t *decimals, uint8_t point, int32_t *out, int64_t *taken, int64_t *gaps,
                                     int64_t *active, int path);

/// The smallest and largest decimal exponent of the Eisel-Lemire table (powers_of_five.c).
#define CKERNELS_FIVE_SMALLEST (-96)
#define CKERNELS_FIVE_LARGEST 96

/// w × 10^q correctly rounded to the nearest double, ties to even (eisel_lemire.c): 1 and *out set, or 0 (nothing
/// written) when w is 0, q is outside the table, the value would be subnormal or infinite, or the product is too
/// close to a rounding boundary to decide (the caller then asks strtod).
int ckernels_eisel_lemire(uint64_t w, int64_t q, double *out);

/// A numeric column's fields (`field`) of `count` records as doubles (doubles.c), laid out as for
/// `ckernels_parse_scaled`: out[r] is the value, correctly rounded, or NaN for an empty field (each counted in
/// *gaps). Takes an optional '-', digits and at most one decimal mark `point`, at most 19 significant digits, an
/// optional exponent (`e` or `E`, an optional sign, one to three digits), at most 32 bytes, ending at least 32 bytes
/// after `base`; stops before the first field it does not take and returns how many records it read. With AVX2 when
/// the CPU has it.
int64_t ckernels_parse_doubles(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields, int64_t stride,
                               int64_t count, int64_t field, uint8_t point, double *out, int64_t *gaps);

/// The same by one path: 0 one byte at a time, 1 the vector path (AVX2; the caller checks the CPU).
int64_t ckernels_parse_doubles_path(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields,
                                    int64_t stride, int64_t count, int64_t field, uint8_t point, double *out,
                                    int64_t *gaps, int path);

/// `ckernels_parse_doubles` for `columns` columns at once (fields[j] of each record), record by record: column j's
/// values go to out[j·count ..< j·count + taken[j]], taken[j] being how many records it read (up to the first field
/// it does not take, as there), and its missing values are added to gaps[j] (which the caller zeroes). `active`:
/// room for `columns`.
void ckernels_parse_doubles_rows(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields,
                                 int64_t stride, int64_t count, int64_t columns, const int64_t *fields, uint8_t point,
                                 double *out, int64_t *taken, int64_t *gaps, int64_t *active);

/// The same by one path: 0 one byte at a time, 1 the vector path (AVX2; the caller checks the CPU).
void ckernels_parse_doubles_rows_path(const uint8_t *base, const int64_t *bounds, const int64_t *first_fields,
                                      int64_t stride, int64_t count, int64_t columns, const int64_t *fields,
                                      uint8_t point, double *out, int64_t *taken, int64_t *gaps, int64_t *active,
                                      int path);

/// The standardisation of `count` (1 … 8) numeric columns of n scaled values each (moments.c), as
/// `FeatureEncoder.fitOne` fits it on every row: per column, over the values present (INT32_MIN is missing,
/// -INT32_MAX −0.0, else m / divisor), mean = sum / present (0 when none), scale = √(Σ(x − mean)² / n) (1 when 0),
/// present, and zsum = Σ (x − mean) / scale, each sum in row order: the same bits as those loops. Eight columns
/// side by side with AVX-512 where the CPU runs it. Returns 0 (and writes nothing) for count outside 1 … 8.
int ckernels_moments(const int32_t *const *columns, const double *divisors, int64_t count, int64_t n, double *mean,
                     double *scale, int64_t *present, double *zsum);

/// `ckernels_moments` for columns stored as doubles (moments_doubles.c; NaN is missing): the same statistics, the
/// same bits as `FeatureEncoder.fitOne`'s loops over the values. Returns 0 (and writes nothing) for count outside 1 … 8.
int ckernels_moments_doubles(const double *const *columns, int64_t count, int64_t n, double *mean, double *scale,
                             int64_t *present, double *zsum);

/// The same by one path: 0 the plain loops, 1 AVX-512. Returns 0 when this CPU cannot run that path. For the tests.
int ckernels_moments_doubles_path(const double *const *columns, int64_t count, int64_t n, double *mean, double *scale,
                                  int64_t *present, double *zsum, int path);

/// The same by one path: 0 the plain loops, 1 AVX-512. Returns 0 when this CPU cannot run that path. For the tests.
int ckernels_moments_path(const int32_t *const *columns, const double *divisors, int64_t count, int64_t n,
                          double *mean, double *scale, int64_t *present, double *zsum, int path);

/// `ckernels_moments` for columns of 16-bit scaled integers (NumberColumn's narrow storage: INT16_MIN is missing,
/// -INT16_MAX −0.0), the same statistics and bits as for those integers 32-bit.
int ckernels_moments_narrow(const int16_t *const *columns, const double *divisors, int64_t count, int64_t n,
                            double *mean, double *scale, int64_t *present, double *zsum);

/// The same by one path: 0 the plain loops, 1 AVX-512. Returns 0 when this CPU cannot run that path. For the tests.
int ckernels_moments_narrow_path(const int16_t *const *columns, const double *divisors, int64_t count, int64_t n,
                                 double *mean, double *scale, int64_t *present, double *zsum, int path);

/// `lanes` (1 … 8) neighbouring columns of a design block from scaled columns (lanes.c): lane j of row r, at
/// out[r·stride + j], is (x − mean[j])·inv[j] with x = columns[j][r] decoded as `ckernels_decode_scaled` does and
/// 0 where missing, or, when indicators[j] is 1, 1 where missing and 0 elsewhere: `ckernels_fill_scaled`'s bits.
/// With AVX-512 eight rows at a time. Returns 0 (and writes nothing) for lanes outside 1 … 8.
int ckernels_fill_lanes(const int32_t *const *columns, const double *divisors, const double *means, const double *invs,
                        const int8_t *indicators, int64_t lanes, int64_t n, double *out, int64_t stride);

/// The same by one path: 0 the plain loops, 1 AVX-512. Returns 0 when this CPU cannot run that path. For the tests.
int ckernels_fill_lanes_path(const int32_t *const *columns, const double *divisors, const double *means,
                             const double *invs, const int8_t *indicators, int64_t lanes, int64_t n, double *out,
                             int64_t stride, int path);

/// `ckernels_fill_lanes` for columns of either width (lanes.c): lane j's column of 16-bit scaled integers
/// (NumberColumn's narrow storage: INT16_MIN is missing, -INT16_MAX −0.0) where narrow[j] is 1, of 32-bit ones
/// otherwise; the same bits as for those integers 32-bit.
int ckernels_fill_lanes_mixed(const void *const *columns, const uint8_t *narrow, const double *divisors,
                              const double *means, const double *invs, const int8_t *indicators, int64_t lanes, int64_t n,
                              double *out, int64_t stride);

/// The same by one path: 0 the plain loops, 1 AVX-512. Returns 0 when this CPU cannot run that path. For the tests.
int ckernels_fill_lanes_mixed_path(const void *const *columns, const uint8_t *narrow, const double *divisors,
                                   const double *means, const double *invs, const int8_t *indicators, int64_t lanes,
                                   int64_t n, double *out, int64_t stride, int path);

/// A scaled column's n 32-bit integers in 16 bits (narrow.c): INT32_MIN (missing) as INT16_MIN, -INT32_MAX (−0) as
/// -INT16_MAX, the rest as themselves. Returns 1 when every value fits (−32,766 … 32,767 or a sentinel), else 0
/// (`out` then holds nothing of use).
int ckernels_narrow_scaled(const int32_t *m, int64_t n, int16_t *out);

/// The inverse of `ckernels_narrow_scaled`: n 16-bit scaled integers as the 32-bit ones they stand for.
void ckernels_widen_scaled(const int16_t *m, int64_t n, int32_t *out);

/// `ckernels_narrow_scaled` by one path: 0 the plain loop, 1 AVX2; −1 when this CPU cannot run that path. For the tests.
int ckernels_narrow_scaled_path(const int32_t *m, int64_t n, int16_t *out, int path);

/// `ckernels_widen_scaled` by one path: 0 the plain loop, 1 AVX2. Returns 0 when this CPU cannot run that path.
int ckernels_widen_scaled_path(const int16_t *m, int64_t n, int32_t *out, int path);

/// `ckernels_fill_lanes` for columns stored as doubles (lanes_doubles.c): lane j of row r is (x − means[j])·invs[j],
/// 0 where x is NaN, or with indicators[j] ≠ 0 a missing indicator, 1 or 0. Returns 0 (nothing written) unless
/// 1 ≤ lanes ≤ 8.
int ckernels_fill_lanes_doubles(const double *const *columns, const double *means, const double *invs,
                                const int8_t *indicators, int64_t lanes, int64_t n, double *out, int64_t stride);

/// The same by one path: 0 the plain loops, 1 AVX-512. Returns 0 when this CPU cannot run that path. For the tests.
int ckernels_fill_lanes_doubles_path(const double *const *columns, const double *means, const double *invs,
                                     const int8_t *indicators, int64_t lanes, int64_t n, double *out, int64_t stride,
                                     int path);

/// A scaled column's smallest and largest codes present (INT32_MIN is missing and left out, -INT32_MAX counts as
/// 0) and how many present codes are neither 0 nor `one` (extremes.c): INT32_MAX and INT32_MIN when none is
/// present. Eight codes a step with AVX2 where the CPU has it.
void ckernels_extremes_scaled(const int32_t *m, int64_t n, int32_t one, int32_t *lo, int32_t *hi, int64_t *others);

/// A column of doubles' smallest and largest values present (NaN is missing and left out; ±0 compare equal), how
/// many present values are neither 0 nor 1, and how many are present (extremes.c): +∞ and −∞ when none is.
void ckernels_extremes_doubles(const double *x, int64_t n, double *lo, double *hi, int64_t *others, int64_t *present);

/// The same by one path: 0 the plain loop, 1 AVX2. Returns 0 when this CPU cannot run that path. For the tests.
int ckernels_extremes_scaled_path(const int32_t *m, int64_t n, int32_t one, int32_t *lo, int32_t *hi, int64_t *others,
                                  int path);

/// Swaps the files named `a` and `b` atomically (renameat2's RENAME_EXCHANGE); 0, or −1 with errno (exchange.c).
int ckernels_exchange(const char *a, const char *b);

/// log1p(t) in place for 0 ≤ t ≤ 1 (log1p.c: fdlibm's method without branches, below one ulp), eight values at a
/// time with AVX-512, four with AVX2 where the CPU has them; every path the same bits. The objective's loss.
void ckernels_log1p_unit(double *values, int64_t n);

/// The same by one path: 0 portable, 1 AVX2, 2 AVX-512. Returns 0 (and does nothing) when this CPU cannot run
/// that path, else 1. For the tests.
int ckernels_log1p_unit_path(double *values, int64_t n, int path);

#endif

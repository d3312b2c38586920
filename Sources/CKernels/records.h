// The loops of the kernels that read a numeric column's fields from the CSV reader's batch (decimals.c: scaled
// integers; doubles.c: doubles). Record r's fields begin at bounds[2·first_fields[r·stride]] (start and end offsets
// into `base`; a field the reader unescaped into its scratch has SCRATCH_FLAG set and is left to the caller). An empty
// field is MISSING_VALUE and counted; any other is taken when TAKE, an expression of the field's bytes `p`, length `n`
// and offset `s`, writes its value to `o` and is true.
#ifndef RECORDS_H
#define RECORDS_H
#include <stdint.h>

#define SCRATCH_FLAG ((int64_t)1 << 62)

// One column (`field`) of `count` records into out[0 ..< count], up to the first field not taken: `*gaps` counts the
// empty fields, and the number of records read is returned.
#define COLUMN_LOOP(MISSING_VALUE, TAKE)                                                                         \
    int64_t r = 0, missing = 0;                                                                                  \
    for (; r < count; r++) {                                                                                     \
        const int64_t *b = bounds + 2 * (first_fields[r * stride] + field);                                      \
        const int64_t s = b[0], n = b[1] - s;                                                                    \
        if (s & SCRATCH_FLAG) break;                                                                             \
        if (n == 0) { out[r] = (MISSING_VALUE); missing++; continue; }                                           \
        const uint8_t *p = base + s;                                                                             \
        __typeof__(out) o = out + r;                                                                             \
        if (!(TAKE)) break;                                                                                      \
    }                                                                                                            \
    *gaps += missing;                                                                                            \
    return r;

// `columns` columns (fields[j] of each record) record by record: each record's bounds and bytes read once for all of
// them, in file order, where a column at a time revisited every record's cache lines once a column. Column j's values
// go to out[j·count ..< j·count + taken[j]], up to its first field not taken (then it leaves the loop and the others
// go on); gaps[j] counts its empty fields. `active`: room for `columns`.
#define ROWS_LOOP(MISSING_VALUE, TAKE)                                                                           \
    int64_t live = 0;                                                                                            \
    for (int64_t j = 0; j < columns; j++) { taken[j] = count; active[live++] = j; }                              \
    for (int64_t r = 0; r < count && live > 0; r++) {                                                            \
        const int64_t *row = bounds + 2 * first_fields[r * stride];                                              \
        for (int64_t a = 0; a < live; a++) {                                                                     \
            const int64_t j = active[a];                                                                         \
            const int64_t *b = row + 2 * fields[j];                                                              \
            const int64_t s = b[0], n = b[1] - s;                                                                \
            __typeof__(out) o = out + j * count + r;                                                             \
            int took = 0;                                                                                        \
            if (!(s & SCRATCH_FLAG)) {                                                                           \
                if (n == 0) { *o = (MISSING_VALUE); gaps[j]++; took = 1; }                                       \
                else {                                                                                           \
                    const uint8_t *p = base + s;                                                                 \
                    took = (TAKE);                                                                               \
                }                                                                                                \
            }                                                                                                    \
            if (!took) { taken[j] = r; active[a--] = active[--live]; }                                           \
        }                                                                                                        \
    }

#endif

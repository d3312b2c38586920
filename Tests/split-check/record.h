// The record-level reading shared by harness.c and fuzz.c: a kernel splits from a record's start; where it hands
// over, a byte loop (the Swift parser's rules) reads that field and the kernel goes on after it. `same_records`
// compares two kernels' readings of a buffer.
#ifndef SPLIT_CHECK_RECORD_H
#define SPLIT_CHECK_RECORD_H
#include <stdint.h>
#include <stdio.h>
#include <string.h>
int64_t split_old(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots, int64_t room,
                  int64_t *next, int32_t *quoted);
typedef int64_t (*K)(const uint8_t *, int64_t, int64_t, uint8_t, int64_t *, int64_t, int64_t *, int32_t *);
static int64_t ref_field(const uint8_t *p, int64_t f, int64_t end, uint8_t d, int64_t *s, int *bad) {
    if (p[f] == '"') {
        int64_t r = f + 1;
        for (;;) {
            if (r >= end) { *bad = 1; s[0] = s[1] = -1; return end; }
            if (p[r] == '"') { if (r + 1 < end && p[r + 1] == '"') { r += 2; continue; } break; }
            r++;
        }
        s[0] = f + 1; s[1] = r; return r + 1;
    }
    int64_t r = f;
    while (r < end && p[r] != d && p[r] != 10 && p[r] != 13) r++;
    s[0] = f; s[1] = r; return r;
}
static int64_t record(K k, const uint8_t *p, int64_t i, int64_t end, uint8_t d, int64_t *slots, int64_t room,
        int64_t *count, int *q) {
    int64_t n = 0, at = i; *q = 0;
    for (;;) {
        int64_t next; int32_t qq = 0;
        int64_t r = k(p, at, end, d, slots + 2 * n, room - n, &next, &qq);
        if (r > 0) { *count = n + r; return next; }
        n += -r - 1; at = next;
        if (n >= room) { *count = n; return -5; }
        int bad = 0;
        int64_t e = ref_field(p, at, end, d, slots + 2 * n, &bad);
        n++;
        if (bad || e >= end) { *count = n; return end; }
        if (p[e] == d) { at = e + 1; continue; }
        if (p[e] == 10) { *count = n; return e + 1; }
        if (p[e] == 13) { *count = n; return (e + 1 < end && p[e + 1] == 10) ? e + 2 : e + 1; }
        while (e < end && p[e] != d && p[e] != 10) e++;
        if (e < end && p[e] == d) { at = e + 1; continue; }
        *count = n; return e + 1;
    }
}
// p[0 ..< end) read record by record with split_old and with k (room for `room` fields in a and in b): on the first
// record they read differently, both readings are printed and 1 returned; else 0, the records read added to *recs.
static int same_records(K k, const uint8_t *p, int64_t end, uint8_t d, int64_t *a, int64_t *b, int64_t room,
        long *recs) {
    int64_t i = 0;
    while (i < end) {
        int64_t ca, cb; int qa, qb;
        int64_t na = record(split_old, p, i, end, d, a, room, &ca, &qa);
        int64_t nb = record(k, p, i, end, d, b, room, &cb, &qb);
        if (na != nb || ca != cb || memcmp(a, b, 16 * ca)) {
            printf("MISMATCH at %ld (record %ld): next %ld/%ld count %ld/%ld\n", (long)i, *recs, (long)na, (long)nb,
                   (long)ca, (long)cb);
            int64_t shown = (na > nb ? na : nb) - i;
            fwrite(p + i, 1, shown < 0 ? 0 : shown > 300 ? 300 : shown, stdout);
            printf("\n");
            for (int f = 0; f < ca || f < cb; f++) printf("  %d: %ld-%ld | %ld-%ld\n", f, (long)a[2 * f],
                    (long)a[2 * f + 1], (long)b[2 * f], (long)b[2 * f + 1]);
            return 1;
        }
        if (na < 0) break;
        i = na; ++*recs;
    }
    return 0;
}
#endif

// A C harness for the CSV split kernel: see run.sh.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
int64_t split_old(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots, int64_t room,
        int64_t *next, int32_t *quoted);
int64_t split_new(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots, int64_t room,
        int64_t *next, int32_t *quoted);
typedef int64_t (*K)(const uint8_t *, int64_t, int64_t, uint8_t, int64_t *, int64_t, int64_t *, int32_t *);
static long handovers;
// reference for one field from f: writes slots, returns position of the byte after the field (the delimiter/LF/CR/end)
static int64_t ref_field(const uint8_t *p, int64_t f, int64_t end, uint8_t d, int64_t *s, int *bad) {
    if (p[f] == '"') {
        int64_t r = f + 1;
        for (;;) {
            if (r >= end) { *bad = 1; return end; }
            if (p[r] == '"') { if (r + 1 < end && p[r + 1] == '"') { r += 2; continue; } break; }
            r++;
        }
        s[0] = f + 1; s[1] = r;  // escaped bounds
        return r + 1;
    }
    int64_t r = f;
    while (r < end && p[r] != d && p[r] != 10 && p[r] != 13) r++;
    s[0] = f; s[1] = r;
    return r;
}
// splits a record from i with kernel k and the reference; returns next record start, fills slots, count
static int64_t record(K k, const uint8_t *p, int64_t i, int64_t end, uint8_t d, int64_t *slots, int64_t room,
        int64_t *count) {
    int64_t n = 0, at = i;
    for (;;) {
        int64_t next; int32_t q = 0;
        int64_t r = k(p, at, end, d, slots + 2 * n, room - n, &next, &q);
        if (r > 0) { *count = n + r; return next; }
        handovers++;
        n += -r - 1; at = next;
        if (n >= room) { fprintf(stderr, "room\n"); exit(2); }
        int bad = 0;
        int64_t e = ref_field(p, at, end, d, slots + 2 * n, &bad);
        n++;
        if (bad || e >= end) { *count = n; return end; }
        if (p[e] == d) { at = e + 1; continue; }
        if (p[e] == 10) { *count = n; return e + 1; }
        if (p[e] == 13) { *count = n; return (e + 1 < end && p[e + 1] == 10) ? e + 2 : e + 1; }
        // text after closing quote: skip to next delimiter/line end (treat as error-ish)
        while (e < end && p[e] != d && p[e] != 10) e++;
        if (e < end && p[e] == d) { at = e + 1; continue; }
        *count = n; return e + 1;
    }
}
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
int main(int argc, char **argv) {
    FILE *f = fopen(argv[1], "rb"); fseek(f, 0, SEEK_END); long size = ftell(f); fseek(f, 0, SEEK_SET);
    uint8_t *p = calloc(size + 200, 1); fread(p, 1, size, f); fclose(f);
    int64_t end = size; p[end] = 10;
    uint8_t d = ',';
    int64_t room = 4096; int64_t *a = malloc(16 * room), *b = malloc(16 * room);
    if (argc > 2 && !strcmp(argv[2], "check")) {
        int64_t i = 0, recs = 0;
        while (i < end) {
            int64_t ca, cb;
            long h0 = handovers;
            int64_t na = record(split_old, p, i, end, d, a, room, &ca);
            long ho = handovers - h0; h0 = handovers;
            int64_t nb = record(split_new, p, i, end, d, b, room, &cb);
            long hn = handovers - h0;
            if (na != nb || ca != cb || memcmp(a, b, 16 * ca)) {
                printf("MISMATCH at %ld (rec %ld): next %ld/%ld count %ld/%ld\n", (long)i, (long)recs, (long)na,
                        (long)nb, (long)ca, (long)cb);
                for (int k = 0; k < ca || k < cb; k++) printf("  %d: %ld-%ld | %ld-%ld\n", k, (long)a[2*k],
                        (long)a[2*k+1], (long)b[2*k], (long)b[2*k+1]);
                return 1;
            }
            (void)ho; (void)hn;
            i = na; recs++;
        }
        printf("ok %ld records\n", (long)recs);
        return 0;
    }
    K ks[2] = { split_old, split_new };
    double ts[2][15];
    for (int rep = 0; rep < 15; rep++) for (int w = 0; w < 2; w++) {
        handovers = 0;
        double t0 = now(); int64_t i = 0, recs = 0, sum = 0, c;
        while (i < end) { i = record(ks[w], p, i, end, d, a, room, &c); recs++; sum += c; }
        ts[w][rep] = now() - t0;
    }
    for (int w = 0; w < 2; w++) {
        double *t = ts[w];
        for (int x = 0; x < 15; x++)
            for (int y = x + 1; y < 15; y++)
                if (t[y] < t[x]) { double z = t[x]; t[x] = t[y]; t[y] = z; }
        printf("%s min %.4f med %.4f  ", w ? "new" : "old", t[0], t[7]);
    }
    printf("\n");
    return 0;
}

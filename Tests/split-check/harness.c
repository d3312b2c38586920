// A C harness for the CSV split kernel: see run.sh.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
int64_t split_new(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots, int64_t room,
        int64_t *next, int32_t *quoted);
#include "record.h"
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
int main(int argc, char **argv) {
    FILE *f = fopen(argv[1], "rb"); fseek(f, 0, SEEK_END); long size = ftell(f); fseek(f, 0, SEEK_SET);
    uint8_t *p = calloc(size + 200, 1); fread(p, 1, size, f); fclose(f);
    int64_t end = size; p[end] = 10;
    uint8_t d = ',';
    int64_t room = 4096; int64_t *a = malloc(16 * room), *b = malloc(16 * room);
    if (argc > 2 && !strcmp(argv[2], "check")) {
        long recs = 0;
        if (same_records(split_new, p, end, d, a, b, room, &recs)) return 1;
        printf("ok %ld records\n", recs);
        return 0;
    }
    K ks[2] = { split_old, split_new };
    double ts[2][15];
    for (int rep = 0; rep < 15; rep++) for (int w = 0; w < 2; w++) {
        double t0 = now(); int64_t i = 0, recs = 0, sum = 0, c; int qa;
        while (i < end) { i = record(ks[w], p, i, end, d, a, room, &c, &qa); recs++; sum += c; }
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

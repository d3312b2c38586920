// A C harness for the CSV split kernel: see run.sh.
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
int64_t ckernels_split_fields_path(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots,
                                   int64_t room, int64_t *next, int32_t *quoted, int portable);
static int PORT;
static int64_t split_new(const uint8_t *p, int64_t i, int64_t end, uint8_t d, int64_t *s, int64_t room,
        int64_t *next, int32_t *q) {
    return ckernels_split_fields_path(p, i, end, d, s, room, next, q, PORT);
}
#include "record.h"
static uint64_t rs = 88172645463325252ull;
static uint64_t rnd(void) { rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return rs; }
int main(int argc, char **argv) {
    long iters = atol(argv[1]);
    uint8_t *buf = malloc(1 << 16);
    int64_t a[2 * 600], b[2 * 600];
    long recs = 0;
    for (PORT = 0; PORT < 2; PORT++)
    for (long it = 0; it < iters; it++) {
        int64_t len = 0; int want = 1 + rnd() % 3000;
        int quoteRate = rnd() % 4;  // 0 none .. 3 all
        while (len < want) {
            int fields = 1 + rnd() % 30;
            for (int f = 0; f < fields; f++) {
                int kind = rnd() % 16;
                int quotedField = quoteRate == 3 ? 1 : quoteRate == 0 ? 0 : (int)(rnd() % 4 < (uint64_t)quoteRate);
                int fl = rnd() % 12; if (rnd() % 10 == 0) fl += rnd() % 150;
                if (quotedField) {
                    buf[len++] = '"';
                    for (int c = 0; c < fl; c++) {
                        int r = rnd() % 40;
                        if (r == 0) { buf[len++] = '"'; buf[len++] = '"'; }
                        else if (r == 1 && kind == 0) buf[len++] = '\n';
                        else if (r == 2) buf[len++] = ',';
                        else if (r == 3) buf[len++] = '\r';
                        else buf[len++] = 'a' + rnd() % 26;
                    }
                    buf[len++] = '"';
                    if (kind == 1) buf[len++] = 'x';  // text after the closing quote
                } else {
                    for (int c = 0; c < fl; c++) {
                        int r = rnd() % 60;
                        if (r == 0 && c > 0 && kind < 3) buf[len++] = '"';
                        else buf[len++] = 'a' + rnd() % 26;
                    }
                }
                if (f + 1 < fields) buf[len++] = ',';
            }
            int e = rnd() % 20;
            if (e == 0) { buf[len++] = '\r'; buf[len++] = '\n'; }
            else if (e == 1) buf[len++] = '\r';
            else if (e == 2 && quoteRate) { buf[len++] = '\r'; buf[len++] = '\n'; }
            else buf[len++] = '\n';
        }
        // sometimes cut the buffer anywhere (a record cut at the buffer's end)
        int64_t end = len;
        if (rnd() % 3 == 0) end = rnd() % (len + 1);
        memset(buf + end, 0, 200);
        // garbage past end
        for (int g = 0; g < 200; g++) buf[end + 1 + g] = (rnd() % 4 == 0) ? '"' : (rnd() % 3 == 0 ? ',' : 'z');
        buf[end] = 10;
        if (same_records(split_new, buf, end, 0x2c, a, b, ROOM, &recs)) {
            printf("(the %s build, buffer %ld)\n", PORT ? "SSE2" : "AVX2", it);
            return 1;
        }
    }
    printf("ok %ld records\n", recs);
    return 0;
}

// Every scaled value NumberColumn can hold, on each FMA decode path this CPU runs, against the division.
//
// Sources/CKernels/decode.c replaces m / 10^k by a multiplication and two fused multiply-adds (Markstein's
// correction). Whether that always rounds as the division does is not left to a theorem's conditions: this
// program decodes every 32-bit m but the two sentinels (tested in NumberColumnTests) at every k = 0 … 9 on
// each FMA path the CPU has, through the library's own entry point, and compares the bits with a correctly
// rounded division. `make test` builds it with the kernel's source and runs it (two threads; about a minute for
// both paths on the 2-core machine of the README). Any difference fails `make test`.
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ckernels.h"

enum { chunk = 1 << 14, threads = 2 };

struct job { int path; int64_t from, to; int64_t wrong; };

// Bits of the division against the decoded values (vectorised where the CPU has AVX2: IEEE division is
// correctly rounded at any width).
#if defined(__x86_64__)
__attribute__((target("avx2")))
#endif
static int64_t differences(const int32_t *m, const double *got, int n, double divisor) {
    int64_t wrong = 0;
    for (int i = 0; i < n; i++) {
        double want = (double)m[i] / divisor;
        uint64_t a, b;
        memcpy(&a, &want, 8);
        memcpy(&b, &got[i], 8);
        wrong += a != b;
    }
    return wrong;
}

static void *run(void *arg) {
    struct job *j = arg;
    int32_t *m = malloc(chunk * sizeof *m);
    double *got = malloc(chunk * sizeof *got);
    double divisor = 1;
    for (int k = 0; k <= 9; k++, divisor *= 10) {
        for (int64_t start = j->from; start < j->to; start += chunk) {
            int n = (int)(j->to - start < chunk ? j->to - start : chunk);
            for (int i = 0; i < n; i++) m[i] = (int32_t)(start + i);
            ckernels_decode_scaled_path(m, n, divisor, got, j->path);
            int64_t w = differences(m, got, n, divisor);
            if (w && j->wrong < 5) printf("  from m = %lld at 1e%d: %lld values differ\n", (long long)start, k, (long long)w);
            j->wrong += w;
        }
    }
    free(m);
    free(got);
    return NULL;
}

int main(void) {
    const char *names[] = {"portable", "AVX2", "AVX2 with FMA", "AVX-512"};
    int failed = 0;
    double probe;
    int32_t zero = 0;
    for (int path = 3; path >= 2; path--) {
        if (!ckernels_decode_scaled_path(&zero, 1, 1, &probe, path)) { printf("decode path %s: not on this CPU\n", names[path]); continue; }
        // -INT32_MAX + 1 … INT32_MAX: INT32_MIN and -INT32_MAX are the sentinels.
        const int64_t lo = -(int64_t)INT32_MAX + 1, hi = (int64_t)INT32_MAX + 1;
        struct job jobs[threads];
        pthread_t t[threads];
        for (int k = 0; k < threads; k++) {
            jobs[k] = (struct job){path, lo + (hi - lo) * k / threads, lo + (hi - lo) * (k + 1) / threads, 0};
            pthread_create(&t[k], NULL, run, &jobs[k]);
        }
        int64_t wrong = 0;
        for (int k = 0; k < threads; k++) { pthread_join(t[k], NULL); wrong += jobs[k].wrong; }
        printf("decode path %s: %s (every 32-bit value but the sentinels, at 10^0 … 10^9)\n", names[path],
               wrong ? "DIFFERS from the division" : "the division's bits");
        failed |= wrong != 0;
    }
    return failed;
}

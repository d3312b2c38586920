// A C harness for the CSV split kernel: see run.sh.
#include <stdint.h>
int64_t ckernels_split_fields_path(const uint8_t *p, int64_t i, int64_t end, uint8_t delimiter, int64_t *slots,
                                   int64_t room, int64_t *next, int32_t *quoted, int portable);
int64_t split_new(const uint8_t *p, int64_t i, int64_t end, uint8_t d, int64_t *s, int64_t room, int64_t *next,
        int32_t *q) {
    return ckernels_split_fields_path(p, i, end, d, s, room, next, q, PORTABLE);
}

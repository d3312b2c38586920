// NumberColumn's narrow storage: a scaled column whose integers all fit in 16 bits keeps them so, INT16_MIN
// standing for missing (INT32_MIN in a 32-bit column) and -INT16_MAX for −0 (-INT32_MAX). Kernels that read
// either width take a column's value through `scaled_at`.
#ifndef CKERNELS_NARROW_H
#define CKERNELS_NARROW_H
#include <stdint.h>

// A 16-bit scaled integer as the 32-bit one it stands for.
static inline int32_t widened(int16_t v) { return v == INT16_MIN ? INT32_MIN : v == -INT16_MAX ? -INT32_MAX : (int32_t)v; }

// Row r of a scaled column: 16-bit integers when `narrow`, 32-bit otherwise.
static inline int32_t scaled_at(const void *column, int narrow, int64_t r) {
    return narrow ? widened(((const int16_t *)column)[r]) : ((const int32_t *)column)[r];
}
#endif

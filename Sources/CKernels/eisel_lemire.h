#ifndef EISEL_LEMIRE_H
#define EISEL_LEMIRE_H
#include "ckernels.h"

// w × 10^q correctly rounded to the nearest double (ties to even), by the Eisel-Lemire algorithm (Lemire, "Number
// Parsing at a Gigabyte per Second", Software: Practice and Experience 51(8), 2021; as fast_float's compute_float,
// with the paper's fall-back): w's leading bits times the 128-bit significand of 5^q (powers_of_five.c) give the
// double's 53 bits and the rounding bit, with a check for the rare product too close to a rounding boundary to
// decide. In a header so that the double column kernel (doubles.c), whose fields nearly all go through it, inlines it;
// NumberParser (Swift) calls it through eisel_lemire.c: one implementation.

extern const uint64_t ckernels_powers_of_five[2 * (CKERNELS_FIVE_LARGEST - CKERNELS_FIVE_SMALLEST + 1)];

__attribute__((always_inline)) static inline int eisel_lemire(uint64_t w, int64_t q, double *out) {
    if (w == 0 || q < CKERNELS_FIVE_SMALLEST || q > CKERNELS_FIVE_LARGEST) return 0;
    const int lz = __builtin_clzll(w);
    w <<= lz;
    const int64_t index = 2 * (q - CKERNELS_FIVE_SMALLEST);
    unsigned __int128 product = (unsigned __int128)w * ckernels_powers_of_five[index];
    uint64_t high = (uint64_t)(product >> 64), low = (uint64_t)product;
    // Bits below the 55 kept (52 stored, the hidden one, a rounding bit and one more for the shift below) all
    // ones: the product with the low half of 5^q's significand may carry into them.
    const uint64_t unsure = UINT64_MAX >> 55;
    if ((high & unsure) == unsure) {
        const uint64_t second = (uint64_t)(((unsigned __int128)w * ckernels_powers_of_five[index + 1]) >> 64);
        const uint64_t sum = low + second;
        if (sum < low) high += 1;
        low = sum;
    }
    // The truncated product may still be one short of a boundary: exact only where 5^q (or the reciprocal) fits
    // the 128 bits, and otherwise undecided (the paper's fall-back).
    if (low == UINT64_MAX && (q < -27 || q > 55)) return 0;
    const int upper = (int)(high >> 63);
    const int shift = upper + 64 - 52 - 3;
    uint64_t mantissa = high >> shift;
    // The binary exponent, biased: floor(q · log2(10)) + 63 ((217706 q) >> 16, exact over the table's range;
    // an arithmetic shift) and 1,023.
    int64_t power2 = ((217706 * q) >> 16) + 63 + upper - lz + 1023;
    if (power2 <= 0) return 0;  // subnormal: not in the table's range
    // Exactly between two doubles (possible only where 5^q is exact in 64 bits): to the even one.
    if (low <= 1 && q >= -4 && q <= 23 && (mantissa & 3) == 1 && (mantissa << shift) == high) mantissa &= ~(uint64_t)1;
    mantissa += mantissa & 1;
    mantissa >>= 1;
    if (mantissa >= ((uint64_t)2 << 52)) {
        mantissa = (uint64_t)1 << 52;
        power2 += 1;
    }
    mantissa &= ~((uint64_t)1 << 52);
    if (power2 >= 0x7FF) return 0;
    const uint64_t bits = mantissa | (uint64_t)power2 << 52;
    __builtin_memcpy(out, &bits, sizeof bits);
    return 1;
}
#endif

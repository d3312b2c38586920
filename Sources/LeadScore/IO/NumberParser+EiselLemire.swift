extension NumberParser {
    /// w × 10^q correctly rounded to the nearest double (ties to even), by the Eisel-Lemire algorithm (Lemire,
    /// "Number Parsing at a Gigabyte per Second", Software: Practice and Experience 51(8), 2021; as fast_float's
    /// `compute_float`, with the paper's fall-back): w's leading bits times the 128-bit significand of 5^q
    /// (`PowersOfFive`) give the double's 53 bits and the rounding bit, with a check for the rare product too close
    /// to a rounding boundary to decide. Nil then, and for q outside the table or w = 0: `strtod` reads those.
    ///
    /// For the digits of a number that has 17 to 19 of them (`pandas.to_csv`, a warehouse's `double precision`):
    /// they went to `strtod`, which took a NUL-terminated copy and most of `train`'s time on such a file.
    /// - Parameters:
    ///   - w: the number's significant digits as an integer (at most 19 digits: none may have been dropped).
    ///   - q: the decimal exponent.
    static func eiselLemire(_ w: UInt64, _ q: Int) -> Double? {
        guard w != 0, q >= PowersOfFive.smallest, q <= PowersOfFive.largest else { return nil }
        let lz = w.leadingZeroBitCount
        let w = w << UInt64(lz)
        let index = 2 * (q - PowersOfFive.smallest)
        var (high, low) = PowersOfFive.words.withUnsafeBufferPointer { t in w.multipliedFullWidth(by: t[index]) }
        // Bits below the 55 kept (52 stored, the hidden one, a rounding bit and one more for the shift below) all
        // ones: the product with the low half of 5^q's significand may carry into them.
        let unsure: UInt64 = UInt64.max >> 55
        if high & unsure == unsure {
            let second = PowersOfFive.words.withUnsafeBufferPointer { t in w.multipliedFullWidth(by: t[index + 1]).high }
            let (sum, carry) = low.addingReportingOverflow(second)
            low = sum
            if carry { high &+= 1 }
        }
        // The truncated product may still be one short of a boundary: exact only where 5^q (or the reciprocal)
        // fits the 128 bits, and otherwise undecided (the paper's fall-back).
        if low == UInt64.max && (q < -27 || q > 55) { return nil }
        let upper = Int(high >> 63)
        let shift = UInt64(upper + 64 - 52 - 3)
        var mantissa = high >> shift
        // The binary exponent, biased: ⌊q · log2(10)⌋ + 63 (`(217706 q) >> 16`, exact over the table's range) and 1,023.
        var power2 = ((217_706 * q) >> 16) + 63 + upper - lz + 1023
        guard power2 > 0 else { return nil }  // subnormal: not in the table's range
        // Exactly between two doubles (possible only where 5^q is exact in 64 bits): to the even one.
        if low <= 1 && q >= -4 && q <= 23 && mantissa & 3 == 1 && mantissa << shift == high { mantissa &= ~1 }
        mantissa += mantissa & 1
        mantissa >>= 1
        if mantissa >= 2 << 52 {
            mantissa = 1 << 52
            power2 += 1
        }
        mantissa &= ~(1 << 52)
        guard power2 < 0x7FF else { return nil }
        return Double(bitPattern: mantissa | UInt64(power2) << 52)
    }
}

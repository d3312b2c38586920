extension NumberParser {
    /// A plain decimal of any length (`-34.017308919896394`, `0.0016232055118572644`): an optional `-`, digits,
    /// optionally the mark and more digits, at most 19 of them significant; nil for anything else (spaces, `+`,
    /// exponents, more digits), which `general` reads. Digits are taken eight at a time where eight follow (as
    /// fast_float's `parse_eight_digits_unrolled` takes them), and the value is rounded by Clinger's fast path or
    /// `eiselLemire` in the same call: a float64 written in full (17 digits, `pandas.to_csv`) was read twice,
    /// by `shortDecimal` and again by `decompose`.
    @inline(__always)
    static func plain(_ b: UnsafeBufferPointer<UInt8>, point: UInt8) -> Double? {
        let n = b.count
        guard n > 0, let p = b.baseAddress else { return nil }
        let negative = p[0] == UInt8(ascii: "-")
        var i = negative ? 1 : 0
        let start = i
        while i < n && p[i] == 48 { i += 1 }
        var m: UInt64 = 0, significant = 0
        @inline(__always) func digits() -> Bool {
            while n - i >= 8 && significant <= 11 {
                let v = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
                guard isEightDigits(v) else { break }
                m = m &* 100_000_000 &+ eightDigits(v)
                significant += 8
                i += 8
            }
            while i < n {
                let d = p[i] &- 48
                if d >= 10 { break }
                guard significant < 19 else { return false }
                m = m &* 10 &+ UInt64(d)
                significant += 1
                i += 1
            }
            return true
        }
        guard digits() else { return nil }
        var seen = i > start, exponent = 0
        if i < n && p[i] == point {
            i += 1
            let fraction = i
            if m == 0 { while i < n && p[i] == 48 { i += 1 } }
            guard digits() else { return nil }
            seen = seen || i > fraction
            exponent = fraction - i
        }
        guard i == n, seen else { return nil }
        var v: Double
        if m == 0 { v = 0 }
        else if m < 1 << 53 && exponent >= -22 { v = exponent == 0 ? Double(m) : Double(m) / powers[-exponent] }
        else if let r = eiselLemire(m, exponent) { v = r }
        else { return nil }
        return negative ? -v : v
    }

    /// Whether the eight bytes of `v` are all ASCII digits.
    @inline(__always)
    static func isEightDigits(_ v: UInt64) -> Bool {
        ((v &+ 0x4646_4646_4646_4646) | (v &- 0x3030_3030_3030_3030)) & 0x8080_8080_8080_8080 == 0
    }

    /// The value of eight ASCII digits, the first in the lowest byte.
    @inline(__always)
    static func eightDigits(_ v: UInt64) -> UInt64 {
        var x = v &- 0x3030_3030_3030_3030
        x = x &* 10 &+ (x >> 8)
        x = ((x & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064 &+ ((x >> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001) >> 32
        return x & 0xFFFF_FFFF
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses a decimal number from bytes, correctly rounded.
///
/// Fast path (Clinger 1990): at most 19 significant digits whose value is below 2^53 and a decimal
/// exponent within ±22 is one exact product or quotient of two doubles, hence correctly rounded. Other numbers
/// of at most 19 significant digits and a decimal exponent within ±96 by the Eisel-Lemire algorithm
/// (`eiselLemire`); anything else goes to `strtod`. Leading and trailing spaces are allowed; nothing else may follow
/// the number. The decimal mark is `point`: `.`, or `,` for exports that write decimal commas (a `.` is then no
/// number).
enum NumberParser {
    /// 10⁰ … 10²², each exact in a double (a literal, so reading it needs no lazy initialisation).
    static let powers: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
                                   1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    /// The value, or nil when the bytes are not a number. Infinity and NaN spelled out are returned as such.
    @inline(__always)
    public static func parse(_ b: UnsafeBufferPointer<UInt8>, point: UInt8 = UInt8(ascii: ".")) -> Double? {
        // Short fields by the simplest loop (`plain`'s eight-digit steps cost numeric score 4% on values such as
        // `421.764615`); long ones, a float64 in full, by `plain`.
        if b.count <= 16 {
            if let d = shortDecimal(b, point: point) {
                let v = d.fraction == 0 ? Double(d.digits) : Double(d.digits) / powers[d.fraction]
                return d.negative ? -v : v
            }
        } else if let v = plain(b, point: point) { return v }
        return general(b, point: point)
    }

    /// A plain decimal (`-12.345`): its digits as one integer below 2^53, how many of them follow the mark.
    struct ShortDecimal {
        let digits: UInt64
        let fraction: Int
        let negative: Bool
    }

    /// The field as a `ShortDecimal` when it is one of at most 19 bytes (an optional `-`, digits, optionally
    /// the mark and more digits); nil for anything else (spaces, `+`, exponents, longer), which `general` reads.
    @inline(__always)
    static func shortDecimal(_ b: UnsafeBufferPointer<UInt8>, point: UInt8) -> ShortDecimal? {
        // Most fields are short plain decimals: read in one loop without counting digits, since at most 19
        // bytes hold at most 19 digits.
        let n = b.count
        guard n > 0, n <= 19, let p = b.baseAddress else { return nil }
        let negative = p[0] == UInt8(ascii: "-")
        var i = negative ? 1 : 0
        var m: UInt64 = 0
        while i < n {
            let d = p[i] &- 48
            if d >= 10 { break }
            m = m &* 10 &+ UInt64(d)
            i += 1
        }
        var digits = i - (negative ? 1 : 0), fraction = 0
        if i < n, p[i] == point {
            i += 1
            let start = i
            while i < n {
                let d = p[i] &- 48
                if d >= 10 { break }
                m = m &* 10 &+ UInt64(d)
                i += 1
            }
            fraction = i - start
            digits += fraction
        }
        guard i == n, digits > 0, m < (1 << 53) else { return nil }
        return ShortDecimal(digits: m, fraction: fraction, negative: negative)
    }

    /// Any number: surrounding spaces, a sign, an exponent, many digits (`strtod` past the exact range).
    static func general(_ b: UnsafeBufferPointer<UInt8>, point: UInt8) -> Double? {
        switch decompose(b, point: point) {
        case .invalid: return nil
        case .exact(let d):
            var v = Double(d.digits)
            v = d.fraction > 0 ? v / powers[d.fraction] : v * powers[-d.fraction]
            return d.negative ? -v : v
        case .rounded(let v): return v
        case .other: return slow(b, point: point)
        }
    }

    enum Decomposed {
        /// Digits below 2^53 (none dropped) times 10^−fraction, |fraction| ≤ 22: a product or quotient of
        /// two exact doubles. `fraction` is negative for a positive decimal exponent.
        case exact(ShortDecimal)
        /// Past that range, at most 19 significant digits (none dropped): the value, by `eiselLemire`.
        case rounded(Double)
        /// A number past those, or infinity or NaN spelled out: for `strtod`.
        case other
        case invalid
    }

    /// The field split into sign, digits and decimal exponent.
    static func decompose(_ b: UnsafeBufferPointer<UInt8>, point: UInt8) -> Decomposed {
        var i = 0, n = b.count
        while i < n, b[i] == 32 { i += 1 }
        while n > i, b[n - 1] == 32 { n -= 1 }
        if i == n { return .invalid }
        var negative = false
        if b[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if b[i] == UInt8(ascii: "+") { i += 1 }
        var mantissa: UInt64 = 0
        // `dropped`: a nonzero digit past the 19th (the mantissa is then not the number's).
        var digits = 0, exponent = 0, sawDigit = false, dropped = false
        while i < n, b[i] &- 48 < 10 {
            sawDigit = true
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(b[i] &- 48); if mantissa > 0 { digits += 1 } }
            else { exponent += 1; dropped = dropped || b[i] != 48 }
            i += 1
        }
        if i < n, b[i] == point {
            i += 1
            while i < n, b[i] &- 48 < 10 {
                sawDigit = true
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(b[i] &- 48); exponent -= 1; if mantissa > 0 { digits += 1 } }
                else { dropped = dropped || b[i] != 48 }
                i += 1
            }
        }
        if !sawDigit {
            // Only infinity and NaN spelled out can still be numbers; other text is not worth strtod.
            guard i < n, b[i] | 0x20 == UInt8(ascii: "i") || b[i] | 0x20 == UInt8(ascii: "n") else { return .invalid }
            return .other
        }
        if i < n, b[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var eNegative = false
            if i < n, b[i] == UInt8(ascii: "-") { eNegative = true; i += 1 } else if i < n, b[i] == UInt8(ascii: "+") { i += 1 }
            var e = 0, eDigits = 0
            while i < n, b[i] &- 48 < 10 { if e < 100_000 { e = e * 10 + Int(b[i] &- 48) }; eDigits += 1; i += 1 }
            if eDigits == 0 { return .invalid }
            exponent += eNegative ? -e : e
        }
        if i != n { return .invalid }
        if digits < 19, mantissa < (1 << 53), exponent >= -22, exponent <= 22 {
            return .exact(ShortDecimal(digits: mantissa, fraction: -exponent, negative: negative))
        }
        if !dropped, let v = eiselLemire(mantissa, exponent) { return .rounded(negative ? -v : v) }
        return .other
    }

    public static func parse(string: String) -> Double? {
        var a = Array(string.utf8)
        return a.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
    }

    /// `strtod` on a NUL-terminated copy; the whole field (less surrounding spaces) must be consumed.
    static func slow(_ b: UnsafeBufferPointer<UInt8>, point: UInt8 = UInt8(ascii: ".")) -> Double? {
        if b.count > 400 { return nil }
        // On the stack: an array here was a heap allocation per number.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: b.count + 1) { p -> Double? in
            for k in 0..<b.count { p[k] = CChar(bitPattern: b[k] == point ? UInt8(ascii: ".") : b[k]) }
            p[b.count] = 0
            var endp: UnsafeMutablePointer<CChar>?
            let v = strtod(p.baseAddress!, &endp)
            guard let endp else { return nil }
            var used = UnsafePointer(p.baseAddress!).distance(to: UnsafePointer(endp))
            if used == 0 { return nil }
            while used < b.count, b[used] == 32 { used += 1 }
            return used == b.count ? v : nil
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses a decimal number from bytes, correctly rounded.
///
/// Fast path (Clinger 1990): at most 19 significant digits whose value is below 2^53 and a decimal
/// exponent within ±22 is one exact product or quotient of two doubles, hence correctly rounded. Anything
/// else goes to `strtod`. Leading and trailing spaces are allowed; nothing else may follow the number. The
/// decimal mark is `point`: `.`, or `,` for exports that write decimal commas (a `.` is then no number).
enum NumberParser {
    /// 10⁰ … 10²², each exact in a double (a literal, so reading it needs no lazy initialisation).
    static let powers: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
                                   1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    /// The value, or nil when the bytes are not a number. Infinity and NaN spelled out are returned as such.
    @inline(__always)
    public static func parse(_ b: UnsafeBufferPointer<UInt8>, point: UInt8 = UInt8(ascii: ".")) -> Double? {
        // Most fields are short plain decimals (`-12.345`): read in one loop without counting digits, since
        // at most 19 bytes hold at most 19 digits; the rest (spaces, signs, exponents, long) go the long way.
        let n = b.count
        if n > 0, n <= 19, let p = b.baseAddress {
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
            if i == n, digits > 0, m < (1 << 53) {
                let v = fraction == 0 ? Double(m) : Double(m) / powers[fraction]
                return negative ? -v : v
            }
        }
        return general(b, point: point)
    }

    /// Any number: surrounding spaces, a sign, an exponent, many digits (`strtod` past the exact range).
    static func general(_ b: UnsafeBufferPointer<UInt8>, point: UInt8) -> Double? {
        var i = 0, n = b.count
        while i < n, b[i] == 32 { i += 1 }
        while n > i, b[n - 1] == 32 { n -= 1 }
        if i == n { return nil }
        var negative = false
        if b[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if b[i] == UInt8(ascii: "+") { i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, exponent = 0, sawDigit = false
        while i < n, b[i] &- 48 < 10 {
            sawDigit = true
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(b[i] &- 48); if mantissa > 0 { digits += 1 } }
            else { exponent += 1 }
            i += 1
        }
        if i < n, b[i] == point {
            i += 1
            while i < n, b[i] &- 48 < 10 {
                sawDigit = true
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(b[i] &- 48); exponent -= 1; if mantissa > 0 { digits += 1 } }
                i += 1
            }
        }
        if !sawDigit {
            // Only infinity and NaN spelled out can still be numbers; other text is not worth strtod.
            guard i < n, b[i] | 0x20 == UInt8(ascii: "i") || b[i] | 0x20 == UInt8(ascii: "n") else { return nil }
            return slow(b, point: point)
        }
        if i < n, b[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var eNegative = false
            if i < n, b[i] == UInt8(ascii: "-") { eNegative = true; i += 1 } else if i < n, b[i] == UInt8(ascii: "+") { i += 1 }
            var e = 0, eDigits = 0
            while i < n, b[i] &- 48 < 10 { if e < 100_000 { e = e * 10 + Int(b[i] &- 48) }; eDigits += 1; i += 1 }
            if eDigits == 0 { return nil }
            exponent += eNegative ? -e : e
        }
        if i != n { return nil }
        if digits < 19, mantissa < (1 << 53), exponent >= -22, exponent <= 22 {
            var v = Double(mantissa)
            v = exponent < 0 ? v / powers[-exponent] : v * powers[exponent]
            return negative ? -v : v
        }
        return slow(b, point: point)
    }

    public static func parse(string: String) -> Double? {
        var a = Array(string.utf8)
        return a.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
    }

    /// `strtod` on a NUL-terminated copy; the whole field (less surrounding spaces) must be consumed.
    static func slow(_ b: UnsafeBufferPointer<UInt8>, point: UInt8 = UInt8(ascii: ".")) -> Double? {
        if b.count > 400 { return nil }
        var copy = [CChar](repeating: 0, count: b.count + 1)
        for k in 0..<b.count { copy[k] = CChar(bitPattern: b[k] == point ? UInt8(ascii: ".") : b[k]) }
        return copy.withUnsafeBufferPointer { p -> Double? in
            var endp: UnsafeMutablePointer<CChar>?
            let v = strtod(p.baseAddress!, &endp)
            guard let endp else { return nil }
            var used = p.baseAddress!.distance(to: UnsafePointer(endp))
            if used == 0 { return nil }
            while used < b.count, b[used] == 32 { used += 1 }
            return used == b.count ? v : nil
        }
    }
}

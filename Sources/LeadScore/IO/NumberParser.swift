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
    static let powers: [Double] = (0...22).map { pow(10.0, Double($0)) }

    /// The value, or nil when the bytes are not a number. Infinity and NaN spelled out are returned as such.
    @inline(__always)
    public static func parse(_ b: UnsafeBufferPointer<UInt8>, point: UInt8 = UInt8(ascii: ".")) -> Double? {
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

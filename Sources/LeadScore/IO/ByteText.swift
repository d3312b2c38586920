/// Numbers written straight into byte buffers, for output paths that run once per lead.
enum ByteText {
    /// Appends the decimal digits of `v` (with a leading minus when negative), without building a string.
    static func appendInt(_ v: Int, to out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        var x = v.magnitude
        // The digits from the last, on the stack, then one append (growing the array by a repeated zero
        // first cost more than the digits).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var i = 20
            repeat {
                i -= 1
                digits[i] = UInt8(ascii: "0") + UInt8(x % 10)
                x /= 10
            } while x > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i...]))
        }
    }

    /// Writes the decimal digits of `v` (and its sign) at `p`, which has room for 20 bytes; returns how many.
    @inline(__always)
    static func writeInt(_ v: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var x = v.magnitude, digits = 1
        while x >= 10 { x /= 10; digits += 1 }
        let sign = v < 0 ? 1 : 0
        if sign == 1 { p[0] = UInt8(ascii: "-") }
        x = v.magnitude
        var i = sign + digits
        repeat {
            i -= 1
            p[i] = UInt8(ascii: "0") + UInt8(x % 10)
            x /= 10
        } while x > 0
        return sign + digits
    }

    /// Whether `b` is valid UTF-8 (ASCII is checked without decoding).
    @inline(__always)
    static func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        !b.contains(where: { $0 >= 0x80 }) || String(validating: b, as: UTF8.self) != nil
    }

    /// Appends `b`, with any invalid UTF-8 sequence replaced by U+FFFD, so that outputs stay valid UTF-8.
    static func appendUTF8(_ b: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        if isValidUTF8(b) { out.append(contentsOf: b) } else { out.append(contentsOf: String(decoding: b, as: UTF8.self).utf8) }
    }
}

/// Numbers written straight into byte buffers, for output paths that run once per lead.
enum ByteText {
    /// Appends the decimal digits of `v` (with a leading minus when negative), without building a string.
    static func appendInt(_ v: Int, to out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        var x = v.magnitude
        var digits = 1
        var t = x
        while t >= 10 { t /= 10; digits += 1 }
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        out.withUnsafeMutableBufferPointer { p in
            var i = start + digits - 1
            repeat {
                p[i] = UInt8(ascii: "0") + UInt8(x % 10)
                x /= 10
                i -= 1
            } while x > 0
        }
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

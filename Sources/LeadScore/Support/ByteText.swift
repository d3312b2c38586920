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
}

/// Numbers written straight into byte buffers, for output paths that run once per lead.
enum ByteText {
    /// Appends the decimal digits of `v` (with a leading minus when negative), without building a string:
    /// written on the stack, then one append (growing the array by a repeated zero first cost more than the
    /// digits).
    static func appendInt(_ v: Int, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            out.append(contentsOf: UnsafeBufferPointer(start: digits.baseAddress!, count: writeInt(v, to: digits.baseAddress!)))
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

    /// Writes `v` as `v.description` does (Swift's shortest digits that read back as the same double) at `p`, which
    /// has room for 32 bytes (the longest text is 24); returns the length. The standard library writes a double
    /// to a text stream from its own stack buffer in one `_writeASCII` call; `description` put the same bytes in a
    /// String, on the heap from 16 bytes on, as most probabilities are (made and freed per lead in score).
    @inline(__always)
    static func writeShortest(_ v: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
        // The stream's text of a NaN shows its payload and sign (`-snan(0x1f)`), `description` says `nan`.
        if v.isNaN { p[0] = UInt8(ascii: "n"); p[1] = UInt8(ascii: "a"); p[2] = UInt8(ascii: "n"); return 3 }
        var sink = RawSink(base: p)
        v.write(to: &sink)
        return sink.count
    }

    /// A text stream into raw memory with room for 32 bytes.
    private struct RawSink: TextOutputStream {
        let base: UnsafeMutablePointer<UInt8>
        var count = 0

        init(base: UnsafeMutablePointer<UInt8>) { self.base = base }

        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { put(buffer) }

        mutating func write(_ string: String) {
            var string = string
            string.withUTF8 { put($0) }
        }

        private mutating func put(_ b: UnsafeBufferPointer<UInt8>) {
            precondition(count + b.count <= 32, "a number's text is longer than 32 bytes")
            if let from = b.baseAddress { (base + count).update(from: from, count: b.count) }
            count += b.count
        }
    }

    /// Two decimals, round half away from zero, for non-negative v, written at `p` (room for 24 bytes); returns
    /// the length. `>1e13` for a size of 1e13 or more (only values near the largest double get there), which the
    /// exported SQL writes alike (a reason's contribution in `RowScorer.appendReason`).
    @inline(__always)
    static func writeFixed2(_ v: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
        // Rounded half away from zero by the integer part and the fraction (exact below 2^52): `rounded()` is a
        // call into libm on baseline x86-64, three per lead in score's reasons.
        let x = v * 100
        let whole = x < 1e15 ? Int(x) : 0
        let q = whole + (x - Double(whole) >= 0.5 ? 1 : 0)
        guard x < 1e15, q < 1_000_000_000_000_000 else {
            for (i, b) in ">1e13".utf8.enumerated() { p[i] = b }
            return 5
        }
        // Sizes below 10 (most contributions): one digit, without writeInt's loops.
        if q < 1_000 {
            p[0] = UInt8(48 + q / 100)
            p[1] = UInt8(ascii: ".")
            p[2] = UInt8(48 + (q % 100) / 10)
            p[3] = UInt8(48 + q % 10)
            return 4
        }
        let n = writeInt(q / 100, to: p)
        p[n] = UInt8(ascii: ".")
        p[n + 1] = UInt8(48 + (q % 100) / 10)
        p[n + 2] = UInt8(48 + q % 10)
        return n + 3
    }

    /// Whether `b` is valid UTF-8 (ASCII is checked without decoding).
    @inline(__always)
    static func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        !b.contains(where: { $0 >= 0x80 }) || String(validating: b, as: UTF8.self) != nil
    }
}

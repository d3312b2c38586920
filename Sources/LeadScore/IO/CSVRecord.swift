/// One record of a CSV file: a view into the reader's buffer, valid only inside the reader's callback.
public struct CSVRecord: ~Copyable {
    let base: UnsafeMutablePointer<UInt8>
    let scratch: UnsafeMutablePointer<UInt8>
    let bounds: UnsafeMutablePointer<Int>
    /// Number of fields in this record.
    public let count: Int
    /// The 1-based line on which the record starts.
    public let line: Int
    /// The record's length in bytes, line break included.
    let length: Int

    /// The value of field `i`: its unescaped bytes less surrounding spaces, tabs and no-break spaces (U+00A0, which
    /// web forms, HTML exports and text copied from a page carry: `"Software "` is `Software`, `" NA"` is missing),
    /// which is what every stage reads.
    @inline(__always)
    public subscript(i: Int) -> UnsafeBufferPointer<UInt8> {
        let f = raw(i)
        guard let first = f.first, let last = f.last,
              first == 32 || first == 9 || first == 0xC2 || last == 32 || last == 9 || last == 0xA0 else { return f }
        return Self.trimmed(f)
    }

    /// `f` less surrounding spaces, tabs and no-break spaces (UTF-8 C2 A0: C2 is never a continuation byte, so
    /// the pair at either end is that character).
    static func trimmed(_ f: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var s = 0, e = f.count
        while s < e {
            if f[s] == 32 || f[s] == 9 { s += 1 } else if e - s >= 2, f[s] == 0xC2, f[s + 1] == 0xA0 { s += 2 } else { break }
        }
        while e > s {
            if f[e - 1] == 32 || f[e - 1] == 9 { e -= 1 } else if e - s >= 2, f[e - 1] == 0xA0, f[e - 2] == 0xC2 { e -= 2 } else { break }
        }
        return UnsafeBufferPointer(rebasing: f[s..<e])
    }

    /// The unescaped bytes of field `i` as they are in the file (for the header and for echoing rows back).
    @inline(__always)
    func raw(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let s = bounds[2 * i], e = bounds[2 * i + 1]
        if s & CSVReader.scratchFlag != 0 {
            let f = CSVReader.scratchFlag
            return UnsafeBufferPointer(start: scratch + (s & ~f), count: (e & ~f) - (s & ~f))
        }
        return UnsafeBufferPointer(start: base + s, count: e - s)
    }

    /// Field `i` as a string; nil when it is not valid UTF-8.
    func string(_ i: Int) -> String? {
        String(validating: self[i], as: UTF8.self)
    }

    /// All fields as strings, invalid UTF-8 replaced (for echoing a rejected row back to the user).
    func allStrings() -> [String] {
        (0..<count).map { String(decoding: raw($0), as: UTF8.self) }
    }
}

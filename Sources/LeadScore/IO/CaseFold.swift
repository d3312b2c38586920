/// Lower-casing of categorical values for spec `normalize: {case: lower}` (`--case-fold`), the same at
/// training and scoring: ASCII letters by table, text with other characters by Swift's Unicode lower-casing
/// (`String.lowercased()`). Scoring folds ASCII bytes on the stack, so the common case allocates nothing.
enum CaseFold {
    static func string(_ s: String) -> String { s.lowercased() }

    /// Calls `body` with the folded bytes of `b` (`b` itself when nothing changes).
    @inline(__always)
    static func withFolded<T>(_ b: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        var upper = false, wide = false
        for c in b {
            if c >= 0x80 { wide = true; break }
            if c >= 65 && c <= 90 { upper = true }
        }
        if wide {
            let folded = Array(String(decoding: b, as: UTF8.self).lowercased().utf8)
            return folded.withUnsafeBufferPointer(body)
        }
        guard upper else { return body(b) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: b.count) { t in
            for i in 0..<b.count { let c = b[i]; t[i] = c >= 65 && c <= 90 ? c | 0x20 : c }
            return body(UnsafeBufferPointer(t))
        }
    }
}

/// Row indices by score, highest first, ties in row order: the order of
/// `scores.indices.sorted { s[$0] > s[$1] || (s[$0] == s[$1] && $0 < $1) }`, which every sort-based metric
/// shares. For many rows by a stable LSD radix sort on the scores' bits (issue 14: the comparison sort took
/// 0.19 s of `evaluate` on 1M leads, one core idle meanwhile); −0 counts as 0, NaN comes last.
enum ScoreOrder {
    static func descending(_ scores: [Double]) -> [Int] {
        let n = scores.count
        guard n >= 4096, n <= Int(Int32.max) else {
            return scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        }
        var keys = scores.map(key)
        var indices = [Int32](unsafeUninitializedCapacity: n) { out, count in
            for i in 0..<n { out[i] = Int32(truncatingIfNeeded: i) }
            count = n
        }
        // One histogram per 11-bit digit, all counted in one pass.
        let bits = 11, buckets = 1 << bits, digits = (64 + bits - 1) / bits
        var counts = [Int](repeating: 0, count: digits * buckets)
        counts.withUnsafeMutableBufferPointer { c in
            for k in keys {
                for d in 0..<digits { c[d &* buckets &+ Int((k >> UInt64(d &* bits)) & UInt64(buckets - 1))] &+= 1 }
            }
        }
        var spareKeys = [UInt64](repeating: 0, count: n), spareIndices = [Int32](repeating: 0, count: n)
        for d in 0..<digits {
            let shift = UInt64(d * bits)
            // A digit that every key shares moves nothing.
            if counts[d * buckets + Int((keys[0] >> shift) & UInt64(buckets - 1))] == n { continue }
            var next = [Int](repeating: 0, count: buckets)
            var sum = 0
            for b in 0..<buckets { next[b] = sum; sum += counts[d * buckets + b] }
            keys.withUnsafeBufferPointer { k in
                indices.withUnsafeBufferPointer { i in
                    spareKeys.withUnsafeMutableBufferPointer { k2 in
                        spareIndices.withUnsafeMutableBufferPointer { i2 in
                            next.withUnsafeMutableBufferPointer { next in
                                for r in 0..<n {
                                    let b = Int((k[r] >> shift) & UInt64(buckets - 1))
                                    let at = next[b]
                                    next[b] = at &+ 1
                                    k2[at] = k[r]; i2[at] = i[r]
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &spareKeys)
            swap(&indices, &spareIndices)
        }
        return indices.map { Int($0) }
    }

    /// A key whose ascending order is the scores' descending order: the bits of a double made monotonic
    /// (negative values' bits inverted, positive values' sign bit set), then inverted.
    @inline(__always)
    static func key(_ x: Double) -> UInt64 {
        if x.isNaN { return UInt64.max }
        let bits = (x == 0 ? 0.0 : x).bitPattern
        let ascending = bits >> 63 == 1 ? ~bits : bits | (1 << 63)
        return ~ascending
    }
}

/// A 64-bit hash of a lead id's bytes, the same on every machine and run (FNV-1a, then SplitMix64's finaliser
/// so that the bits are evenly spread): what the model's id sketch keeps and `evaluate` compares.
enum IDHash {
    @inline(__always)
    static func of(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in b { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        h = (h ^ (h >> 30)) &* 0xbf58_476d_1ce4_e5b9
        h = (h ^ (h >> 27)) &* 0x94d0_49bb_1331_11eb
        return h ^ (h >> 31)
    }

    /// A 64-bit hash of the bytes eight at a time (`of` is a chain of multiplies, one a byte), for finding repeated
    /// ids within one run (`RepeatedIDs`). Never stored, so it may change; the finaliser as in `of`.
    @inline(__always)
    static func quick(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9e37_79b9_7f4a_7c15 ^ UInt64(b.count)
        guard let base = b.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= b.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xbf58_476d_1ce4_e5b9
            h ^= h >> 29
            i += 8
        }
        if i < b.count {
            var w: UInt64 = 0
            for k in i..<b.count { w |= UInt64(base[k]) << UInt64(8 * (k - i)) }
            h = (h ^ w) &* 0x94d0_49bb_1331_11eb
        }
        h = (h ^ (h >> 30)) &* 0xbf58_476d_1ce4_e5b9
        h = (h ^ (h >> 27)) &* 0x94d0_49bb_1331_11eb
        return h ^ (h >> 31)
    }

    static func of(_ s: String) -> UInt64 {
        var a = Array(s.utf8)
        return a.withUnsafeMutableBufferPointer { of(UnsafeBufferPointer($0)) }
    }
}

/// The ids of the rows a model was fitted on, in a few kilobytes: the `size` smallest distinct id hashes
/// (a bottom-k sample). Every training id whose hash is at most the largest kept one is kept, so the
/// evaluated ids whose hash falls under it are a uniform sample of that file's ids, and the share of them
/// found in the sketch estimates the share of the file's ids that were training rows (exact when the model
/// saw fewer than `size` distinct ids).
public struct IDSketch: Codable, Sendable, Equatable {
    static let size = 512
    /// Ascending, as 16 hex digits (JSON numbers cannot hold 64 bits exactly).
    var hashes: [String]
    /// Fitted rows with an id.
    var ids: Int

    /// One pass keeping the `size` smallest distinct hashes in order; once full, almost every hash is above
    /// the largest kept and costs one comparison (a million ids take milliseconds, where sorting took 100).
    init(hashes all: some Sequence<UInt64>) {
        var kept: [UInt64] = []
        kept.reserveCapacity(Self.size + 1)
        var ids = 0
        for h in all {
            ids += 1
            if kept.count == Self.size, h >= kept[Self.size - 1] { continue }
            var lo = 0, hi = kept.count
            while lo < hi { let mid = (lo + hi) / 2; if kept[mid] < h { lo = mid + 1 } else { hi = mid } }
            if lo < kept.count, kept[lo] == h { continue }
            kept.insert(h, at: lo)
            if kept.count > Self.size { kept.removeLast() }
        }
        hashes = kept.map { String(repeating: "0", count: 16 - String($0, radix: 16).count) + String($0, radix: 16) }
        self.ids = ids
    }

    var values: [UInt64] { hashes.compactMap { UInt64($0, radix: 16) } }

    /// The largest hash an evaluated id may have to be compared: all hashes when fewer than `size` distinct
    /// ids were seen (every one of them is kept).
    var threshold: UInt64 { hashes.count < Self.size ? .max : (values.last ?? .max) }

    /// The estimated share of `sample` (ids of another file whose hash is at most `threshold`) that were
    /// training ids, with the sample's size; nil for an empty sample.
    func overlap(_ sample: [UInt64]) -> (share: Double, sampled: Int)? {
        guard !sample.isEmpty else { return nil }
        let kept = Set(values)
        return (Double(sample.filter(kept.contains).count) / Double(sample.count), sample.count)
    }
}

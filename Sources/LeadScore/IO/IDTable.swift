/// Maps identifiers (byte strings) to dense codes 0, 1, 2, … in order of first appearance, for tables of a
/// million ids or more that are probed at random (joining an activity log to its leads).
///
/// `ByteInterner` reads three arrays before it reaches a key's bytes (slot, salt, start), each a cache miss once
/// the table outgrows the caches; here a slot holds the key's hash tag, code, start and length together, so a
/// lookup costs the slot and the key's bytes: two misses.
struct IDTable: Sendable {
    /// Four words per slot: tag, code (`empty` when free), start, length.
    private var slots: [UInt32]
    private var keys: [UInt8] = []
    private var mask: Int
    private(set) var count = 0
    private static let empty = UInt32.max

    init(capacity: Int = 1024) {
        var size = 64
        while size < capacity * 2 { size *= 2 }
        slots = [UInt32](repeating: 0, count: size * 4)
        for s in 0..<size { slots[4 * s + 1] = Self.empty }
        mask = size - 1
    }

    /// The code of `b`, adding it when new.
    mutating func code(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        let h = ByteInterner.hash(b)
        let tag = UInt32(truncatingIfNeeded: h >> 32)
        var s = h & mask
        while slots[4 * s + 1] != Self.empty {
            if slots[4 * s] == tag && equals(s, b) { return Int(slots[4 * s + 1]) }
            s = (s + 1) & mask
        }
        slots[4 * s] = tag
        slots[4 * s + 1] = UInt32(count)
        slots[4 * s + 2] = UInt32(keys.count)
        slots[4 * s + 3] = UInt32(b.count)
        keys.append(contentsOf: b)
        count += 1
        if count * 2 > mask { grow() }
        return count - 1
    }

    /// The code of `b` when known; nil otherwise.
    @inline(__always)
    func find(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        let h = ByteInterner.hash(b)
        let tag = UInt32(truncatingIfNeeded: h >> 32)
        return slots.withUnsafeBufferPointer { t in
            var s = h & mask
            while t[4 * s + 1] != Self.empty {
                if t[4 * s] == tag && equals(s, b) { return Int(t[4 * s + 1]) }
                s = (s + 1) & mask
            }
            return nil
        }
    }

    @inline(__always)
    private func equals(_ s: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(slots[4 * s + 3]) == b.count else { return false }
        let start = Int(slots[4 * s + 2])
        return keys.withUnsafeBufferPointer { k in
            var i = 0
            while i < b.count { if k[start + i] != b[i] { return false }; i += 1 }
            return true
        }
    }

    private mutating func grow() {
        let size = (mask + 1) * 2
        var wider = [UInt32](repeating: 0, count: size * 4)
        for s in 0..<size { wider[4 * s + 1] = Self.empty }
        let newMask = size - 1
        for s in 0...mask where slots[4 * s + 1] != Self.empty {
            let start = Int(slots[4 * s + 2]), length = Int(slots[4 * s + 3])
            var t = keys[start..<(start + length)].withUnsafeBufferPointer { ByteInterner.hash($0) } & newMask
            while wider[4 * t + 1] != Self.empty { t = (t + 1) & newMask }
            for k in 0..<4 { wider[4 * t + k] = slots[4 * s + k] }
        }
        slots = wider
        mask = newMask
    }
}

/// Maps byte strings to dense codes 0, 1, 2, … in order of first appearance, without building a `String`
/// per lookup (open addressing on an FNV-1a hash; keys stored back to back in one byte array).
struct ByteInterner {
    private var keys: [UInt8] = []
    private var starts: [Int] = [0]
    private var slots: [Int32]
    private var mask: Int
    private(set) var count = 0

    init() {
        slots = Array(repeating: -1, count: 64)
        mask = 63
    }

    /// The code of `b`, adding it when new.
    @inline(__always)
    mutating func code(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in b { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
        while true {
            let c = Int(slots[slot])
            if c < 0 { break }
            if equals(c, b) { return c }
            slot = (slot + 1) & mask
        }
        let c = count
        keys.append(contentsOf: b)
        starts.append(keys.count)
        slots[slot] = Int32(c)
        count += 1
        if count * 2 > mask { grow() }
        return c
    }

    /// The code of `b` when known; nil otherwise (nothing is added).
    @inline(__always)
    func find(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in b { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
        while true {
            let c = Int(slots[slot])
            if c < 0 { return nil }
            if equals(c, b) { return c }
            slot = (slot + 1) & mask
        }
    }

    /// Adds `s` (when new) and returns its code.
    mutating func code(_ s: String) -> Int {
        var a = Array(s.utf8)
        return a.withUnsafeMutableBufferPointer { code(UnsafeBufferPointer($0)) }
    }

    @inline(__always)
    private func equals(_ c: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = starts[c], e = starts[c + 1]
        if e - s != b.count { return false }
        var k = 0
        while k < b.count { if keys[s + k] != b[k] { return false }; k += 1 }
        return true
    }

    private mutating func grow() {
        let size = (mask + 1) * 2
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for c in 0..<count {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for k in starts[c]..<starts[c + 1] { h = (h ^ UInt64(keys[k])) &* 0x100_0000_01b3 }
            var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(c)
        }
    }

    /// The bytes of code `c`.
    func bytes(_ c: Int) -> ArraySlice<UInt8> { keys[starts[c]..<starts[c + 1]] }
}

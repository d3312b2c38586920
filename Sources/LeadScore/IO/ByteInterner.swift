/// Maps byte strings to dense codes 0, 1, 2, … in order of first appearance, without building a `String`
/// per lookup (open addressing on a word-at-a-time multiplicative hash; keys stored back to back in one
/// byte array).
struct ByteInterner {
    private var keys: [UInt8] = []
    private var starts: [Int] = [0]
    /// A small number kept with each key: the same bytes under two salts are two keys (used to keep many
    /// columns' levels in one table).
    private var salts: [Int32] = []
    private var slots: [Int32]
    private var mask: Int
    private(set) var count = 0

    init() {
        slots = Array(repeating: -1, count: 64)
        mask = 63
    }

    /// The code of `b`, adding it when new.
    @inline(__always)
    mutating func code(_ b: UnsafeBufferPointer<UInt8>, salt: Int32 = 0) -> Int {
        var slot = Self.hash(b, salt) & mask
        while true {
            let c = Int(slots[slot])
            if c < 0 { break }
            if salts[c] == salt && equals(c, b) { return c }
            slot = (slot + 1) & mask
        }
        let c = count
        keys.append(contentsOf: b)
        starts.append(keys.count)
        salts.append(salt)
        slots[slot] = Int32(c)
        count += 1
        if count * 2 > mask { grow() }
        return c
    }

    /// The code of `b` when known; nil otherwise (nothing is added).
    @inline(__always)
    func find(_ b: UnsafeBufferPointer<UInt8>, salt: Int32 = 0) -> Int? {
        var slot = Self.hash(b, salt) & mask
        while true {
            let c = Int(slots[slot])
            if c < 0 { return nil }
            if salts[c] == salt && equals(c, b) { return c }
            slot = (slot + 1) & mask
        }
    }

    /// Adds `s` (when new) and returns its code.
    mutating func code(_ s: String, salt: Int32 = 0) -> Int {
        var a = Array(s.utf8)
        return a.withUnsafeMutableBufferPointer { code(UnsafeBufferPointer($0), salt: salt) }
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
            var slot = keys[starts[c]..<starts[c + 1]].withUnsafeBufferPointer { Self.hash($0, salts[c]) } & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(c)
        }
    }

    /// Eight bytes at a time, each word folded in with one multiply; the length seeds it.
    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>, _ salt: Int32 = 0) -> Int {
        var h = (UInt64(b.count) ^ (UInt64(UInt32(bitPattern: salt)) << 32)) &* 0x9E37_79B9_7F4A_7C15
        var i = 0
        let n = b.count
        if let base = b.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= n {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 31
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n { tail |= UInt64(base[i]) << shift; shift += 8; i += 1 }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        h ^= h >> 29
        return Int(truncatingIfNeeded: h)
    }

    /// The bytes of code `c`.
    func bytes(_ c: Int) -> ArraySlice<UInt8> { keys[starts[c]..<starts[c + 1]] }
}

/// Maps byte strings to dense codes 0, 1, 2, … in order of first appearance, without building a `String`
/// per lookup (open addressing on a word-at-a-time multiplicative hash; keys stored back to back in one
/// byte array).
///
/// Each key's first eight bytes are also kept packed in one word (its `head`; a shorter key's bytes packed
/// by two overlapping loads), so that a lookup of a key of up to eight bytes, which most levels are, is one
/// comparison of words, and the hash reads no byte singly.
struct ByteInterner {
    private var keys: [UInt8] = []
    private var starts: [Int] = [0]
    /// A small number kept with each key: the same bytes under two salts are two keys (used to keep many
    /// columns' levels in one table).
    private var salts: [Int32] = []
    private var heads: [UInt64] = []
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
        let head = Self.head(b)
        var slot = Self.hash(b, head: head, salt) & mask
        while true {
            let c = Int(slots[slot])
            if c < 0 { break }
            if heads[c] == head && salts[c] == salt && equals(c, b) { return c }
            slot = (slot + 1) & mask
        }
        let c = count
        keys.append(contentsOf: b)
        starts.append(keys.count)
        salts.append(salt)
        heads.append(head)
        slots[slot] = Int32(c)
        count += 1
        if count * 2 > mask { grow() }
        return c
    }

    /// The code of `b` when known; nil otherwise (nothing is added).
    @inline(__always)
    func find(_ b: UnsafeBufferPointer<UInt8>, salt: Int32 = 0) -> Int? {
        let head = Self.head(b)
        var slot = Self.hash(b, head: head, salt) & mask
        while true {
            let c = Int(slots[slot])
            if c < 0 { return nil }
            if heads[c] == head && salts[c] == salt && equals(c, b) { return c }
            slot = (slot + 1) & mask
        }
    }

    /// Adds `s` (when new) and returns its code.
    mutating func code(_ s: String, salt: Int32 = 0) -> Int {
        var a = Array(s.utf8)
        return a.withUnsafeMutableBufferPointer { code(UnsafeBufferPointer($0), salt: salt) }
    }

    /// Key `c` equals `b`, given that their heads are equal (so the first eight bytes are).
    @inline(__always)
    private func equals(_ c: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = starts[c], n = b.count
        if starts[c + 1] - s != n { return false }
        if n <= 8 { return true }
        return keys.withUnsafeBufferPointer { k in
            var i = 8
            while i < n { if k[s + i] != b[i] { return false }; i += 1 }
            return true
        }
    }

    private mutating func grow() {
        let size = (mask + 1) * 2
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for c in 0..<count {
            var slot = keys[starts[c]..<starts[c + 1]].withUnsafeBufferPointer { Self.hash($0, head: heads[c], salts[c]) } & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(c)
        }
    }

    /// The first eight bytes as a word; a shorter key's bytes by two overlapping loads, which together cover
    /// every byte, so keys of equal length up to eight bytes are equal exactly when their heads are.
    @inline(__always)
    static func head(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = b.count
        guard n > 0, let p = b.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(p)
        if n >= 8 { return raw.loadUnaligned(as: UInt64.self) }
        if n >= 4 {
            return UInt64(raw.loadUnaligned(as: UInt32.self))
                | UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32
        }
        if n >= 2 {
            return UInt64(raw.loadUnaligned(as: UInt16.self)) | UInt64(raw.loadUnaligned(fromByteOffset: n - 2, as: UInt16.self)) << 16
        }
        return UInt64(p[0])
    }

    /// The head, then eight bytes at a time (the last word overlapping its predecessor), each word folded in
    /// with one multiply, then mixed so that every bit of the keys reaches the low bits; the length and the
    /// salt seed it.
    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>, head: UInt64, _ salt: Int32 = 0) -> Int {
        let n = b.count
        var h = (UInt64(n) ^ (UInt64(UInt32(bitPattern: salt)) << 32)) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ head) &* 0xBF58_476D_1CE4_E5B9
        if n > 8, let base = b.baseAddress {
            let raw = UnsafeRawPointer(base)
            var i = 8
            while i < n {
                let at = min(i, n - 8)
                h ^= h >> 31
                h = (h ^ raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) &* 0x94D0_49BB_1331_11EB
                i += 8
            }
        }
        // A full avalanche (MurmurHash3's finaliser): the slot takes the low bits, and without it keys that
        // differ only in a byte or two (`company-123.com`, `company-456.com`) crowded a few slots.
        h ^= h >> 33; h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33; h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return Int(truncatingIfNeeded: h)
    }

    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> Int { hash(b, head: head(b)) }

    /// The bytes of code `c`.
    func bytes(_ c: Int) -> ArraySlice<UInt8> { keys[starts[c]..<starts[c + 1]] }
}

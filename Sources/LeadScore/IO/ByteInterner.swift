/// Maps byte strings to dense codes 0, 1, 2, … in order of first appearance, without building a `String`
/// per lookup (open addressing, linear probing; keys stored back to back in one byte array).
///
/// Each slot of the table holds what a lookup compares, side by side: the key's first eight bytes packed in
/// one word (its `head`; a shorter key's bytes packed by two overlapping loads), its length, its salt and its
/// code. A lookup of a key of up to eight bytes, which most levels are, is one hash of a word and one
/// comparison of a slot; only longer keys read their remaining bytes from the key store. (The table held codes
/// only, with heads, salts and starts in three more arrays: four dependent loads a lookup, ~150 instructions
/// per text field read.)
struct ByteInterner {
    private var keys: [UInt8] = []
    private var starts: [Int] = [0]
    private var slots: [Slot]
    /// The slot of a hash is its top `64 − shift` bits.
    private var shift: UInt64
    private var mask: Int
    private(set) var count = 0

    private struct Slot {
        var head: UInt64 = 0
        var length: Int32 = 0
        /// A small number kept with each key: the same bytes under two salts are two keys (used to keep many
        /// columns' levels in one table).
        var salt: Int32 = 0
        /// −1: empty.
        var code: Int32 = -1
    }

    init() {
        slots = Array(repeating: Slot(), count: 64)
        mask = 63
        shift = 58
    }

    /// The code of `b`, adding it when new.
    @inline(__always)
    mutating func code(_ b: UnsafeBufferPointer<UInt8>, salt: Int32 = 0) -> Int {
        let head = Self.head(b)
        var i = slot(b, head: head, salt)
        while true {
            let c = Int(slots[i].code)
            if c < 0 { break }
            if matches(slots[i], b, head: head, salt: salt) { return c }
            i = (i + 1) & mask
        }
        let c = count
        keys.append(contentsOf: b)
        starts.append(keys.count)
        slots[i] = Slot(head: head, length: Int32(truncatingIfNeeded: b.count), salt: salt, code: Int32(c))
        count += 1
        if count * 2 > mask { grow() }
        return c
    }

    /// The code of `b` when known; nil otherwise (nothing is added).
    @inline(__always)
    func find(_ b: UnsafeBufferPointer<UInt8>, salt: Int32 = 0) -> Int? {
        let head = Self.head(b)
        var i = slot(b, head: head, salt)
        return slots.withUnsafeBufferPointer { s -> Int? in
            while true {
                let e = s.baseAddress![i]
                if e.code < 0 { return nil }
                if matches(e, b, head: head, salt: salt) { return Int(e.code) }
                i = (i + 1) & mask
            }
        }
    }

    /// Adds `s` (when new) and returns its code.
    mutating func code(_ s: String, salt: Int32 = 0) -> Int {
        var a = Array(s.utf8)
        return a.withUnsafeMutableBufferPointer { code(UnsafeBufferPointer($0), salt: salt) }
    }

    /// Whether slot `e` (not empty) holds `b` under `salt`: head, length and salt equal, and for a key longer
    /// than eight bytes the rest of its bytes.
    @inline(__always)
    private func matches(_ e: Slot, _ b: UnsafeBufferPointer<UInt8>, head: UInt64, salt: Int32) -> Bool {
        guard e.head == head, e.length == Int32(truncatingIfNeeded: b.count), e.salt == salt else { return false }
        return b.count <= 8 || tailEquals(Int(e.code), b)
    }

    /// Key `c`'s bytes after the eighth equal `b`'s (whose first eight are known to be equal).
    private func tailEquals(_ c: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = starts[c], n = b.count
        if starts[c + 1] - s != n { return false }
        return keys.withUnsafeBufferPointer { k in
            var i = 8
            while i < n { if k[s + i] != b[i] { return false }; i += 1 }
            return true
        }
    }

    /// The first slot to probe for `b`: a key of up to eight bytes by one multiplication of its head (mixed
    /// with its length and salt) whose top bits are taken, since every bit of the head reaches them; a longer
    /// key by `hash`.
    @inline(__always)
    private func slot(_ b: UnsafeBufferPointer<UInt8>, head: UInt64, _ salt: Int32) -> Int {
        let h: UInt64
        if b.count <= 8 {
            h = (head ^ (UInt64(b.count) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(UInt32(bitPattern: salt)) &* 0xC2B2_AE3D_27D4_EB4F))
                &* 0xBF58_476D_1CE4_E5B9
        } else {
            h = UInt64(bitPattern: Int64(Self.hash(b, head: head, salt)))
        }
        return Int(truncatingIfNeeded: h >> shift)
    }

    private mutating func grow() {
        let size = (mask + 1) * 2
        let old = slots
        slots = Array(repeating: Slot(), count: size)
        mask = size - 1
        shift -= 1
        for e in old where e.code >= 0 {
            let c = Int(e.code)
            var i = keys[starts[c]..<starts[c + 1]].withUnsafeBufferPointer { slot($0, head: e.head, e.salt) }
            while slots[i].code >= 0 { i = (i + 1) & mask }
            slots[i] = e
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

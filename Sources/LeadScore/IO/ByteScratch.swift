/// A growable byte buffer for a piece of a line that is made again for every lead (score's reasons and tier
/// reason): emptied by setting its count, appended to without a uniqueness check. As `[UInt8]`, emptying
/// (`removeAll(keepingCapacity:)`, some 60 instructions) and each `append(contentsOf:)` (some 75) were a few
/// percent of score's instructions. Not copyable: one owner, which frees it.
struct ByteScratch: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Empties it, keeping its room.
    @inline(__always)
    mutating func removeAll() { count = 0 }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(contentsOf b: UnsafeBufferPointer<UInt8>) {
        guard let from = b.baseAddress, b.count > 0 else { return }
        if count + b.count > capacity { grow(count + b.count) }
        (base + count).update(from: from, count: b.count)
        count += b.count
    }

    mutating func append(contentsOf a: [UInt8]) { a.withUnsafeBufferPointer { append(contentsOf: $0) } }

    /// Appends the UTF-8 of `s`.
    mutating func append(utf8 s: String) {
        var s = s
        s.withUTF8 { append(contentsOf: $0) }
    }

    /// Appends `b`, with any invalid UTF-8 sequence replaced by U+FFFD, so that outputs stay valid UTF-8.
    mutating func appendUTF8(_ b: UnsafeBufferPointer<UInt8>) {
        if ByteText.isValidUTF8(b) { append(contentsOf: b) } else { append(utf8: String(decoding: b, as: UTF8.self)) }
    }

    private mutating func grow(_ needed: Int) {
        let room = max(needed, 2 * capacity)
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: room)
        new.update(from: base, count: count)
        base.deallocate()
        base = new
        capacity = room
    }

    /// The bytes, for the duration of `body`.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }
}

/// Per lead, a bit per gate (bit g: gate g), in as few bytes a lead as the policy's gates need: one for up to 8
/// gates, two for up to 16, four for more (up to `Policy.maxGates`). `score` keeps two masks per lead (gates that
/// pass, gates that are unknown) from its first pass to its second: on 1M leads with the bench policies' 4 gates
/// they take 2 MB there instead of 8 MB.
struct GateMasks: Sendable, Equatable {
    /// The masks, `width` bytes a lead, least significant byte first.
    private(set) var bytes: [UInt8] = []
    /// Bytes a lead: 1, 2 or 4.
    private(set) var width: Int

    /// Bytes a lead for a policy with `gates` gates.
    static func width(gates: Int) -> Int {
        precondition(gates <= Policy.maxGates, "a policy has at most \(Policy.maxGates) gates")
        return gates <= 8 ? 1 : gates <= 16 ? 2 : 4
    }

    init(width: Int = 4) {
        precondition(width == 1 || width == 2 || width == 4)
        self.width = width
    }

    /// `masks` kept `width` bytes a lead (each must fit).
    init(_ masks: [UInt32], width: Int = 4) {
        self.init(width: width)
        bytes.reserveCapacity(masks.count * width)
        for m in masks { append(m) }
    }

    var count: Int { bytes.count / width }
    var isEmpty: Bool { bytes.isEmpty }

    subscript(lead: Int) -> UInt32 {
        bytes.withUnsafeBytes { b in
            switch width {
            case 1: UInt32(b[lead])
            case 2: UInt32(UInt16(littleEndian: b.loadUnaligned(fromByteOffset: 2 * lead, as: UInt16.self)))
            default: UInt32(littleEndian: b.loadUnaligned(fromByteOffset: 4 * lead, as: UInt32.self))
            }
        }
    }

    /// Keeps masks `width` bytes each from now on; only while empty.
    mutating func use(width: Int) {
        guard width != self.width else { return }
        precondition(bytes.isEmpty, "the masks' width is set before the first")
        self = GateMasks(width: width)
    }

    /// Room for `leads` masks, `width` bytes each; only while empty.
    mutating func reserve(_ leads: Int, width: Int) {
        use(width: width)
        bytes.reserveCapacity(leads * width)
    }

    /// Appends a lead's mask, which must fit in `width` bytes.
    mutating func append(_ mask: UInt32) {
        precondition(width == 4 || mask >> UInt32(8 * width) == 0, "a gate mask wider than its policy's gates")
        switch width {
        case 1: bytes.append(UInt8(truncatingIfNeeded: mask))
        case 2: bytes.append(UInt8(truncatingIfNeeded: mask)); bytes.append(UInt8(truncatingIfNeeded: mask >> 8))
        default: withUnsafeBytes(of: mask.littleEndian) { bytes.append(contentsOf: $0) }
        }
    }

    /// Appends `other`'s masks (of the same width, unless one side is empty).
    static func += (masks: inout GateMasks, other: GateMasks) {
        if masks.bytes.isEmpty { masks.width = other.width }
        precondition(other.bytes.isEmpty || other.width == masks.width, "gate masks of two widths joined")
        masks.bytes += other.bytes
    }

    /// The masks of `leads`, in that order.
    func picking(_ leads: [Int]) -> GateMasks {
        var out = GateMasks(width: width)
        out.bytes.reserveCapacity(leads.count * width)
        for i in leads { out.bytes.append(contentsOf: bytes[(i * width)..<(i * width + width)]) }
        return out
    }

    /// Lets `body` rewrite the bytes a whole mask (`width` bytes) at a time: `RepeatedIDs` drops leads' masks.
    mutating func rewrite(_ body: (_ bytes: inout [UInt8], _ width: Int) -> Void) {
        body(&bytes, width)
        precondition(bytes.count % width == 0, "gate masks rewritten in part")
    }
}

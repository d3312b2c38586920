import CKernels

/// The numbers of one stored column, in row order; NaN marks a missing value.
///
/// Most lead files write numbers as short decimals (`164`, `-12.25`, `0.004817`). When every value of a
/// column is one whose digits m, read as an integer, fit in 32 bits at one common count of decimals k ≤ 9,
/// the column keeps m (4 bytes a value instead of 8) and each value is m / 10^k computed when read. That is
/// exactly the double the text parses to: m and 10^k are exact doubles and IEEE division rounds the exact
/// quotient m / 10^k correctly, which is what a correctly rounded parse of the text gives (issue 14: the
/// columns were most of train's memory). `-4.4e-05` is such a value too (44 at 6 decimals), and −0 has its
/// own code. Anything else (more digits, more decimals, larger) keeps the column as doubles. A scaled column whose
/// integers all fit in 16 bits (counts, small amounts: −32,766 … 32,767) keeps them so once read (`compact`), two
/// bytes a value: 16 such columns of the unseen flags file were 64 MB of train's peak of 150.
public struct NumberColumn: Sendable, RandomAccessCollection {
    enum Storage: Sendable {
        case doubles([Double])
        case scaled([Int32], divisor: Double)
        /// Scaled integers in 16 bits, `narrowMissing` and `narrowNegativeZero` the sentinels.
        case narrow([Int16], divisor: Double)
    }

    /// How the values are stored, for the kernels that read them in place.
    enum Kind: Sendable { case doubles, scaled, narrow }

    /// The scaled values that stand for a missing value and for −0 (`-0.0` in a file: its sign is kept).
    static let missing = Int32.min
    static let negativeZero = -Int32.max
    /// The same in a narrow column.
    static let narrowMissing = Int16.min
    static let narrowNegativeZero = -Int16.max
    /// The most decimals a scaled column keeps.
    static let maxDecimals = 9

    let storage: Storage

    init(_ doubles: [Double]) { storage = .doubles(doubles) }

    init(scaled: [Int32], decimals: Int) {
        storage = .scaled(scaled, divisor: NumberParser.powers[decimals])
    }

    private init(storage: Storage) { self.storage = storage }

    /// Scaled integers at `decimals` decimals, kept in 16 bits when every one fits (`ckernels_narrow_scaled`).
    static func compact(scaled: [Int32], decimals: Int) -> NumberColumn {
        let divisor = NumberParser.powers[decimals]
        var fits = false
        let narrow = [Int16](unsafeUninitializedCapacity: scaled.count) { out, n in
            fits = scaled.withUnsafeBufferPointer { ckernels_narrow_scaled($0.baseAddress, Int64($0.count), out.baseAddress) } == 1
            n = fits ? scaled.count : 0
        }
        return NumberColumn(storage: fits ? .narrow(narrow, divisor: divisor) : .scaled(scaled, divisor: divisor))
    }

    var kind: Kind {
        switch storage {
        case .doubles: return .doubles
        case .scaled: return .scaled
        case .narrow: return .narrow
        }
    }

    /// The values of rows `rows`, in that order, stored as these are (scaled integers stay integers).
    func picking(_ rows: [Int]) -> NumberColumn {
        switch storage {
        case .doubles(let v): return NumberColumn(storage: .doubles(rows.map { v[$0] }))
        case .scaled(let m, let divisor): return NumberColumn(storage: .scaled(rows.map { m[$0] }, divisor: divisor))
        case .narrow(let m, let divisor): return NumberColumn(storage: .narrow(rows.map { m[$0] }, divisor: divisor))
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .doubles(let v): return v.count
        case .scaled(let m, _): return m.count
        case .narrow(let m, _): return m.count
        }
    }

    @inline(__always)
    public subscript(i: Int) -> Double {
        switch storage {
        case .doubles(let v): return v[i]
        case .scaled(let m, let divisor): return Self.value(m[i], divisor)
        case .narrow(let m, let divisor): return Self.value(Self.widened(m[i]), divisor)
        }
    }

    /// A narrow column's integer as the 32-bit one it stands for.
    @inline(__always)
    static func widened(_ m: Int16) -> Int32 {
        m == narrowMissing ? missing : m == narrowNegativeZero ? negativeZero : Int32(m)
    }

    @inline(__always)
    static func value(_ m: Int32, _ divisor: Double) -> Double {
        m == missing ? .nan : m == negativeZero ? -0.0 : Double(m) / divisor
    }

    /// 10⁰ … 10⁹ as integers, to bring a value to a column's count of decimals.
    static let integerPowers: [Int64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
                                         1_000_000_000]

    /// `d` as an integer at `decimals` decimals, when it has no more decimals than that and fits.
    @inline(__always)
    static func scaled(_ d: NumberParser.ShortDecimal, decimals: Int) -> Int32? {
        let shift = decimals &- d.fraction
        guard shift >= 0, shift <= maxDecimals else { return nil }
        if d.digits == 0 { return d.negative ? negativeZero : 0 }
        return scaled(Int64(d.digits), by: integerPowers[shift], negative: d.negative)
    }

    /// ±`m`·`factor` when its magnitude is below `Int32.max` (so that neither sentinel is a value).
    @inline(__always)
    static func scaled(_ m: Int64, by factor: Int64, negative: Bool) -> Int32? {
        let (p, overflow) = m.multipliedReportingOverflow(by: factor)
        guard !overflow, p < Int64(Int32.max) else { return nil }
        return negative ? -Int32(truncatingIfNeeded: p) : Int32(truncatingIfNeeded: p)
    }

    /// Every value as a double (the stored array itself when kept as doubles).
    var doubles: [Double] {
        switch storage {
        case .doubles(let v): return v
        case .scaled, .narrow:
            return [Double](unsafeUninitializedCapacity: count) { out, n in
                if let out = out.baseAddress { copy(from: 0, count: count, into: out) }
                n = count
            }
        }
    }

    /// Writes the values of rows `rows` to `out` (at least as long), in that order.
    func gather(_ rows: UnsafeBufferPointer<Int>, into out: UnsafeMutableBufferPointer<Double>) {
        guard let out = out.baseAddress, let first = rows.first else { return }
        // Every row in order (a fit on all rows): one stretch, decoded without picking.
        if Self.consecutive(rows) { copy(from: first, count: rows.count, into: out); return }
        switch storage {
        case .doubles(let v):
            v.withUnsafeBufferPointer { v in
                let v0 = v.baseAddress!
                for r in 0..<rows.count { out[r] = v0[rows[r]] }
            }
        case .scaled(let m, let divisor):
            m.withUnsafeBufferPointer { m in
                let m0 = m.baseAddress!
                Self.decodePicked(rows, divisor: divisor, into: out) { m0[$0] }
            }
        case .narrow(let m, let divisor):
            m.withUnsafeBufferPointer { m in
                let m0 = m.baseAddress!
                Self.decodePicked(rows, divisor: divisor, into: out) { Self.widened(m0[$0]) }
            }
        }
    }

    /// The scaled integers `integer(row)` of rows `rows`, picked and decoded into `out` a chunk at a time.
    @inline(__always)
    private static func decodePicked(_ rows: UnsafeBufferPointer<Int>, divisor: Double, into out: UnsafeMutablePointer<Double>,
                                     _ integer: (Int) -> Int32) {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: Swift.min(rows.count, chunk)) { picked in
            let p = picked.baseAddress!
            for start in stride(from: 0, to: rows.count, by: chunk) {
                let n = Swift.min(chunk, rows.count - start)
                for r in 0..<n { p[r] = integer(rows[start &+ r]) }
                decode(p, count: n, divisor: divisor, into: out + start)
            }
        }
    }

    /// Writes the values of rows `start ..< start + count` to `out`.
    func copy(from start: Int, count: Int, into out: UnsafeMutablePointer<Double>) {
        guard count > 0 else { return }
        switch storage {
        case .doubles(let v):
            v.withUnsafeBufferPointer { out.update(from: $0.baseAddress! + start, count: count) }
        case .scaled(let m, let divisor):
            m.withUnsafeBufferPointer { Self.decode($0.baseAddress! + start, count: count, divisor: divisor, into: out) }
        case .narrow:
            for s in stride(from: start, to: start + count, by: Self.stretch) {
                let rows = s..<Swift.min(start + count, s + Self.stretch)
                _ = withScaled(rows: rows) { m, divisor in Self.decode(m.baseAddress!, count: m.count, divisor: divisor, into: out + (s - start)) }
            }
        }
    }

    /// Calls `body` with the stored doubles; nil (body not called) when the column holds scaled integers.
    func withDoubles<R>(_ body: (UnsafeBufferPointer<Double>) -> R) -> R? {
        guard case .doubles(let v) = storage else { return nil }
        return v.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with every value in order, a stretch at a time (the stored doubles at once).
    func forEachStretch(_ body: (UnsafeBufferPointer<Double>) throws -> Void) rethrows {
        switch storage {
        case .doubles(let v): try v.withUnsafeBufferPointer(body)
        case .scaled, .narrow:
            try withUnsafeTemporaryAllocation(of: Double.self, capacity: Self.chunk) { buffer in
                for start in stride(from: 0, to: count, by: Self.chunk) {
                    let n = Swift.min(Self.chunk, count - start)
                    copy(from: start, count: n, into: buffer.baseAddress!)
                    try body(UnsafeBufferPointer(rebasing: buffer[..<n]))
                }
            }
        }
    }

    /// Whether `rows` are `rows[0], rows[0] + 1, …` (the last one checked first, so most other lists stop there).
    static func consecutive(_ rows: UnsafeBufferPointer<Int>) -> Bool {
        guard let first = rows.first, rows[rows.count - 1] == first &+ rows.count &- 1 else { return false }
        var same = true
        for r in 0..<rows.count { same = same && rows[r] == first &+ r }
        return same
    }

    /// Values decoded a stretch at a time (32 KB of doubles: in the L1/L2 cache).
    private static let chunk = 4096

    /// m / divisor for each of `count` scaled values: `ckernels_decode_scaled`, since Swift compiles this loop
    /// to branches and one scalar division a value (measured: 13 instructions a value).
    @inline(__always)
    private static func decode(_ m: UnsafePointer<Int32>, count: Int, divisor: Double, into out: UnsafeMutablePointer<Double>) {
        ckernels_decode_scaled(m, Int64(count), divisor, out)
    }
}

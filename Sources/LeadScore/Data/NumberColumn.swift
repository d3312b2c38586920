import CKernels

/// The numbers of one stored column, in row order; NaN marks a missing value.
///
/// Most lead files write numbers as short decimals (`164`, `-12.25`, `0.004817`). When every value of a
/// column is one whose digits m, read as an integer, fit in 32 bits at one common count of decimals k ≤ 9,
/// the column keeps m (4 bytes a value instead of 8) and each value is m / 10^k computed when read. That is
/// exactly the double the text parses to: m and 10^k are exact doubles and IEEE division rounds the exact
/// quotient m / 10^k correctly, which is what a correctly rounded parse of the text gives (issue 14: the
/// columns were most of train's memory). `-4.4e-05` is such a value too (44 at 6 decimals), and −0 has its
/// own code. Anything else (more digits, more decimals, larger) keeps the column as doubles.
public struct NumberColumn: Sendable, RandomAccessCollection {
    enum Storage: Sendable {
        case doubles([Double])
        case scaled([Int32], divisor: Double)
    }

    /// The scaled values that stand for a missing value and for −0 (`-0.0` in a file: its sign is kept).
    static let missing = Int32.min
    static let negativeZero = -Int32.max
    /// The most decimals a scaled column keeps.
    static let maxDecimals = 9

    let storage: Storage

    init(_ doubles: [Double]) { storage = .doubles(doubles) }

    init(scaled: [Int32], decimals: Int) {
        storage = .scaled(scaled, divisor: NumberParser.powers[decimals])
    }

    private init(storage: Storage) { self.storage = storage }

    /// The values of rows `rows`, in that order, stored as these are (scaled integers stay integers).
    func picking(_ rows: [Int]) -> NumberColumn {
        switch storage {
        case .doubles(let v): return NumberColumn(storage: .doubles(rows.map { v[$0] }))
        case .scaled(let m, let divisor): return NumberColumn(storage: .scaled(rows.map { m[$0] }, divisor: divisor))
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .doubles(let v): return v.count
        case .scaled(let m, _): return m.count
        }
    }

    @inline(__always)
    public subscript(i: Int) -> Double {
        switch storage {
        case .doubles(let v): return v[i]
        case .scaled(let m, let divisor): return Self.value(m[i], divisor)
        }
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
        case .scaled(let m, _):
            return [Double](unsafeUninitializedCapacity: m.count) { out, n in
                if let out = out.baseAddress { copy(from: 0, count: m.count, into: out) }
                n = m.count
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
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: Swift.min(rows.count, Self.chunk)) { picked in
                    let p = picked.baseAddress!
                    for start in stride(from: 0, to: rows.count, by: Self.chunk) {
                        let n = Swift.min(Self.chunk, rows.count - start)
                        for r in 0..<n { p[r] = m0[rows[start &+ r]] }
                        Self.decode(p, count: n, divisor: divisor, into: out + start)
                    }
                }
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
        }
    }

    /// Calls `body` with the stored doubles; nil (body not called) when the column holds scaled integers.
    func withDoubles<R>(_ body: (UnsafeBufferPointer<Double>) -> R) -> R? {
        guard case .doubles(let v) = storage else { return nil }
        return v.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the stored scaled values and their divisor; nil (body not called) when the column
    /// holds doubles.
    func withScaled<R>(_ body: (UnsafeBufferPointer<Int32>, Double) -> R) -> R? {
        guard case .scaled(let m, let divisor) = storage else { return nil }
        return m.withUnsafeBufferPointer { body($0, divisor) }
    }

    /// `body` once `bases[k]` holds the address of `columns[k]`'s first stored value, a scaled integer or a double
    /// (`isScaled` tells which), for the design's lane kernels. Nested calls, one per column, as `withScaledBases`.
    static func withStoredBases<R>(_ columns: ArraySlice<NumberColumn>, into bases: UnsafeMutablePointer<UnsafeRawPointer?>,
                                   _ body: () -> R) -> R {
        guard let column = columns.first else { return body() }
        switch column.storage {
        case .doubles(let v):
            return v.withUnsafeBufferPointer {
                bases[columns.startIndex] = UnsafeRawPointer($0.baseAddress)
                return withStoredBases(columns.dropFirst(), into: bases, body)
            }
        case .scaled(let m, _):
            return m.withUnsafeBufferPointer {
                bases[columns.startIndex] = UnsafeRawPointer($0.baseAddress)
                return withStoredBases(columns.dropFirst(), into: bases, body)
            }
        }
    }

    /// Whether the values are stored as scaled integers (else as doubles).
    var isScaled: Bool { if case .scaled = storage { return true } else { return false } }

    /// `body` once `bases[k]` holds the address of `columns[k]`'s first stored integer, for kernels that read
    /// several scaled columns at once (each column held for the call). Nested calls, one per column: keep the
    /// columns few, since the cores' threads may have stacks as small as 512 KB.
    static func withScaledBases<R>(_ columns: ArraySlice<NumberColumn>, into bases: UnsafeMutablePointer<UnsafePointer<Int32>?>,
                                   _ body: () -> R) -> R {
        guard let column = columns.first else { return body() }
        return column.withScaled { m, _ in
            bases[columns.startIndex] = m.baseAddress
            return withScaledBases(columns.dropFirst(), into: bases, body)
        }!
    }

    /// Calls `body` with every value in order, a stretch at a time (the stored doubles at once).
    func forEachStretch(_ body: (UnsafeBufferPointer<Double>) throws -> Void) rethrows {
        switch storage {
        case .doubles(let v): try v.withUnsafeBufferPointer(body)
        case .scaled(let m, _):
            try withUnsafeTemporaryAllocation(of: Double.self, capacity: Self.chunk) { buffer in
                for start in stride(from: 0, to: m.count, by: Self.chunk) {
                    let n = Swift.min(Self.chunk, m.count - start)
                    copy(from: start, count: n, into: buffer.baseAddress!)
                    try body(UnsafeBufferPointer(rebasing: buffer[..<n]))
                }
            }
        }
    }

    /// The smallest and largest values present and whether each is 0 or 1, as a loop over the values in row order
    /// with `min(lo, x)` and `max(hi, x)` finds them (zeros' signs included: `min` keeps the first of equal values,
    /// `max` takes the last); nil when every value is missing.
    func extremes() -> (lo: Double, hi: Double, zeroOne: Bool)? {
        guard case .scaled(let m, let divisor) = storage else {
            guard case .doubles(let v) = storage else { return nil }
            // By a kernel (`ckernels_extremes_doubles`: the loop took 3.5 ns a value); ±0 at an end as below.
            var lo = 0.0, hi = 0.0, others: Int64 = 0, present: Int64 = 0
            v.withUnsafeBufferPointer { ckernels_extremes_doubles($0.baseAddress, Int64($0.count), &lo, &hi, &others, &present) }
            if present == 0 { return nil }
            func zero(_ rows: some Sequence<Int>) -> Double {
                for r in rows where v[r] == 0 { return v[r] }
                return 0
            }
            return (lo == 0 ? zero(v.indices) : lo, hi == 0 ? zero(v.indices.reversed()) : hi, others == 0)
        }
        // On the codes (the division by a positive divisor keeps their order), −0's code as 0, by a kernel
        // (`ckernels_extremes_scaled`): decoding and comparing doubles took 1.7 ns a value, a loop over the codes
        // 1.2 (no vector code for baseline x86-64).
        var lo = Int32.max, hi = Int32.min, others: Int64 = 0
        m.withUnsafeBufferPointer { ckernels_extremes_scaled($0.baseAddress, Int64($0.count), Int32(divisor), &lo, &hi, &others) }
        if hi == Int32.min { return nil }
        // A zero at an end: the first zero in row order is the smallest, the last the largest.
        func zero(_ rows: some Sequence<Int>) -> Double {
            for r in rows where m[r] == 0 || m[r] == Self.negativeZero { return m[r] == 0 ? 0.0 : -0.0 }
            return 0
        }
        return (lo == 0 ? zero(m.indices) : Self.value(lo, divisor), hi == 0 ? zero(m.indices.reversed()) : Self.value(hi, divisor),
                others == 0)
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

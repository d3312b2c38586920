/// A numeric column's values while a file is read (`ColumnAccumulator`): 32-bit integers at a count of
/// decimals that rises as values need more (`NumberColumn`), or doubles from the first value that has no exact
/// scaled form on.
struct NumberStore {
    private(set) var scaled: [Int32] = []
    private(set) var doubles: [Double] = []
    private(set) var isScaled = true
    private(set) var decimals = 0
    private var reserved = 0

    init() {}

    /// `rows` missing values.
    init(missing rows: Int) { scaled = Array(repeating: NumberColumn.missing, count: rows) }

    var count: Int { isScaled ? scaled.count : doubles.count }

    mutating func reserve(_ n: Int) {
        reserved = n
        if isScaled { scaled.reserveCapacity(n) } else { doubles.reserveCapacity(n) }
    }

    mutating func appendMissing(_ n: Int = 1) {
        guard n > 0 else { return }
        if isScaled { scaled.append(contentsOf: repeatElement(NumberColumn.missing, count: n)) }
        else { doubles.append(contentsOf: repeatElement(.nan, count: n)) }
    }

    /// Appends `f` when it is a number with an exact scaled form, first raising the decimals when it has more;
    /// false (nothing added) otherwise, or once the store holds doubles.
    mutating func appendScaled(_ f: UnsafeBufferPointer<UInt8>, point: UInt8) -> Bool {
        guard isScaled else { return false }
        let d: NumberParser.ShortDecimal
        if let short = NumberParser.shortDecimal(f, point: point) { d = short }
        else if case .exact(let e) = NumberParser.decompose(f, point: point) { d = e }
        else { return false }
        if d.fraction > decimals {
            guard d.fraction <= NumberColumn.maxDecimals, raiseDecimals(to: d.fraction) else { return false }
        }
        guard let s = NumberColumn.scaled(d, decimals: decimals) else { return false }
        scaled.append(s)
        return true
    }

    /// Appends a double (the store turns to doubles first when it held scaled values).
    mutating func append(_ v: Double) {
        if isScaled { unscale() }
        doubles.append(v)
    }

    /// Appends values already scaled at `decimals` (while `isScaled`).
    mutating func appendScaled(contentsOf values: UnsafeBufferPointer<Int32>) { scaled.append(contentsOf: values) }

    /// Appends doubles (once the store holds doubles).
    mutating func appendDoubles(contentsOf values: UnsafeBufferPointer<Double>) { doubles.append(contentsOf: values) }

    /// Appends `other` (the same column from the next part of the file) at the larger count of decimals of the
    /// two, or as doubles when either holds doubles or a value would not fit.
    mutating func append(contentsOf other: NumberStore) {
        if isScaled && other.isScaled {
            let k = max(decimals, other.decimals)
            if raiseDecimals(to: k), let more = Self.raised(other.scaled, by: NumberColumn.integerPowers[k - other.decimals]) {
                scaled.append(contentsOf: more)
                return
            }
        }
        if isScaled { unscale() }
        doubles.append(contentsOf: other.isScaled ? NumberColumn(scaled: other.scaled, decimals: other.decimals).doubles
                                                  : other.doubles)
    }

    /// The column as stored for the job: scaled integers in 16 bits when they fit (`NumberColumn.compact`).
    var column: NumberColumn { isScaled ? NumberColumn.compact(scaled: scaled, decimals: decimals) : NumberColumn(doubles) }

    /// Multiplies the stored integers by 10^(`k` − `decimals`); false (nothing changed) when one would not fit.
    private mutating func raiseDecimals(to k: Int) -> Bool {
        guard let raised = Self.raised(scaled, by: NumberColumn.integerPowers[k - decimals]) else { return false }
        scaled = raised
        decimals = k
        return true
    }

    /// `values` times `factor` (missing and −0 kept), or nil when one does not fit.
    private static func raised(_ values: [Int32], by factor: Int64) -> [Int32]? {
        if factor == 1 { return values }
        var out = [Int32]()
        out.reserveCapacity(values.capacity)
        for m in values {
            if m == NumberColumn.missing || m == NumberColumn.negativeZero { out.append(m); continue }
            guard let r = NumberColumn.scaled(Int64(m.magnitude), by: factor, negative: m < 0) else { return nil }
            out.append(r)
        }
        return out
    }

    /// From scaled integers to doubles, for a value that has no exact scaled form.
    private mutating func unscale() {
        doubles = NumberColumn(scaled: scaled, decimals: decimals).doubles
        doubles.reserveCapacity(max(reserved, doubles.count))
        scaled = []
        isScaled = false
    }
}

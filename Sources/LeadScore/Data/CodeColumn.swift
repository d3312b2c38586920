/// The level codes of one stored text column, in row order; `Column.missingCode` marks a missing value.
///
/// A column with at most 255 levels (industries, regions, yes/no, …) keeps each code in one byte, 255
/// marking a missing value: a million leads' codes take 1 MB instead of 4 (issue 14: train's memory). More
/// levels keep 32-bit codes.
public struct CodeColumn: Sendable, RandomAccessCollection {
    enum Storage: Sendable {
        case bytes([UInt8])
        case words([UInt32])
    }

    /// The byte that stands for a missing value; levels 0 … 254 fit in a byte.
    static let missingByte = UInt8.max

    let storage: Storage

    /// `codes` for a column of `levelCount` levels, in bytes when they fit.
    init(_ codes: [UInt32], levelCount: Int) {
        if levelCount <= Int(Self.missingByte) {
            storage = .bytes(codes.map { $0 == Column.missingCode ? Self.missingByte : UInt8(truncatingIfNeeded: $0) })
        } else {
            storage = .words(codes)
        }
    }

    /// Codes already in bytes (`missingByte` for a missing value).
    init(bytes: [UInt8]) { storage = .bytes(bytes) }

    private init(storage: Storage) { self.storage = storage }

    /// The codes of rows `rows`, in that order, stored as these are.
    func picking(_ rows: [Int]) -> CodeColumn {
        switch storage {
        case .bytes(let b): return CodeColumn(storage: .bytes(rows.map { b[$0] }))
        case .words(let w): return CodeColumn(storage: .words(rows.map { w[$0] }))
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .bytes(let b): return b.count
        case .words(let w): return w.count
        }
    }

    @inline(__always)
    public subscript(i: Int) -> UInt32 {
        switch storage {
        case .bytes(let b): return b[i] == Self.missingByte ? Column.missingCode : UInt32(b[i])
        case .words(let w): return w[i]
        }
    }

    /// How many of rows `rows` hold each of the `levels` codes (every code below `levels`), and how many are
    /// missing: each row's code, the missing one clamped to the slot after the levels, counted with no branch on
    /// it (a boolean's yes and no at random mispredicted a branch on every other row) in four tallies a row in
    /// turn, so that a run of one level does not wait on its own last increment.
    func counts(_ rows: UnsafeBufferPointer<Int>, levels: Int) -> (counts: [Int], missing: Int) {
        let width = levels + 1
        var tally = [Int](repeating: 0, count: 4 * width)
        tally.withUnsafeMutableBufferPointer { t in
            switch storage {
            case .bytes(let b): Self.tally(b, rows, levels, t.baseAddress!)
            case .words(let w): Self.tally(w, rows, levels, t.baseAddress!)
            }
        }
        let counts = (0..<levels).map { tally[$0] + tally[width + $0] + tally[2 * width + $0] + tally[3 * width + $0] }
        return (counts, tally[levels] + tally[width + levels] + tally[2 * width + levels] + tally[3 * width + levels])
    }

    /// `counts`' tallies for one width of stored codes (the missing code, the largest, clamps to `levels`).
    @inline(__always)
    private static func tally<C: FixedWidthInteger>(_ codes: [C], _ rows: UnsafeBufferPointer<Int>, _ levels: Int,
                                                    _ t: UnsafeMutablePointer<Int>) {
        codes.withUnsafeBufferPointer { source in
            let s0 = source.baseAddress!, width = levels + 1, n = rows.count
            var r = 0
            while r + 4 <= n {
                t[Swift.min(Int(s0[rows[r]]), levels)] += 1
                t[width + Swift.min(Int(s0[rows[r + 1]]), levels)] += 1
                t[2 * width + Swift.min(Int(s0[rows[r + 2]]), levels)] += 1
                t[3 * width + Swift.min(Int(s0[rows[r + 3]]), levels)] += 1
                r += 4
            }
            while r < n { t[Swift.min(Int(s0[rows[r]]), levels)] += 1; r += 1 }
        }
    }

    /// `out[r * stride] = table[code of row rows[r]]`, or `missing` where the value is missing: one loop per
    /// width, through pointers (it runs for every categorical value in each pass of a fit).
    @inline(__always)
    func map<T>(_ rows: UnsafeBufferPointer<Int>, through table: UnsafeBufferPointer<T>, missing: T,
                into out: UnsafeMutablePointer<T>, stride: Int) {
        guard !rows.isEmpty else { return }
        switch storage {
        case .bytes(let b): Self.map(b, missingCode: Self.missingByte, rows, table, missing, out, stride)
        case .words(let w): Self.map(w, missingCode: Column.missingCode, rows, table, missing, out, stride)
        }
    }

    /// `map` for one width of stored codes.
    @inline(__always)
    private static func map<C: FixedWidthInteger, T>(_ codes: [C], missingCode: C, _ rows: UnsafeBufferPointer<Int>,
                                                     _ table: UnsafeBufferPointer<T>, _ missing: T,
                                                     _ out: UnsafeMutablePointer<T>, _ stride: Int) {
        codes.withUnsafeBufferPointer { source in
            let s0 = source.baseAddress!
            for r in 0..<rows.count {
                let c = s0[rows[r]]
                out[r &* stride] = c == missingCode ? missing : table[Int(c)]
            }
        }
    }
}

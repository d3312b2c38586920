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

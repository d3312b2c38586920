/// The columns of plain numbers among a part's accumulators, read a stretch of records at a time record by record
/// before each accumulator adds the rest of its stretch itself (`ColumnAccumulator.add`): the columns stored as
/// scaled integers by `ckernels_parse_scaled_rows`, then those stored as doubles by `ckernels_parse_doubles_rows`.
/// Column by column, every column revisited each record's bounds and bytes, which were no longer in the core's
/// first-level cache once a stretch of 128 records was more than a few columns wide (on a file of 121 numeric
/// columns, 2 KB of bounds and 760 bytes a record; on one of sixteen float64 columns written in full, 90 KB a
/// stretch: the double kernel took 27 ns a field column by column, 19 ns record by record). One per part; its
/// buffers are kept from one stretch to the next.
struct NumberStretch {
    /// The accumulators in their fields' order (made on the first stretch: a part's accumulators do not change).
    private var order: [Int] = []
    private var scaled = Columns<Int32>(), doubles = Columns<Double>()
    /// For each accumulator, the first record of the stretch it has still to add itself.
    private(set) var next: [Int] = []

    /// One storage's columns of a stretch and the kernel's buffers.
    struct Columns<Value: Numeric> {
        var fields: [Int64] = [], decimals: [Int64] = [], which: [Int] = []
        var out: [Value] = [], taken: [Int64] = [], gaps: [Int64] = [], active: [Int64] = []

        mutating func clear() {
            fields.removeAll(keepingCapacity: true); decimals.removeAll(keepingCapacity: true)
            which.removeAll(keepingCapacity: true)
        }

        /// Room for `n` records of each column, the counts zeroed; false when there are fewer than two columns
        /// (one column: `ColumnAccumulator.add`'s own kernel reads it as well).
        mutating func prepare(records n: Int) -> Bool {
            let columns = which.count
            guard columns > 1 else { return false }
            if out.count < columns * n { out = Array(repeating: 0, count: columns * n) }
            if taken.count != columns { taken = Array(repeating: 0, count: columns); gaps = taken; active = taken }
            for j in 0..<columns { gaps[j] = 0 }
            return true
        }

        /// Hands each column the values the kernel read into `out` (of `records`) and says in `next` where the
        /// column's own reading starts.
        func handOver(_ records: Range<Int>, next: inout [Int], _ append: (Int, UnsafeBufferPointer<Value>, Int) -> Void) {
            let n = records.count
            out.withUnsafeBufferPointer { out in
                for (j, a) in which.enumerated() {
                    let k = Int(taken[j])
                    append(a, UnsafeBufferPointer(rebasing: out[(j * n)..<(j * n + k)]), Int(gaps[j]))
                    next[a] = records.lowerBound + k
                }
            }
        }
    }

    /// Reads the fields of `records` of `batch` in the columns of `accumulators` that store plain numbers (none
    /// when `numericTokens`: a missing token reads as a number, so missing is checked first), and appends what it
    /// read to them; `next` then says where each accumulator's own reading starts.
    mutating func read(_ batch: CSVBatch, records: Range<Int>, into accumulators: UnsafeMutableBufferPointer<ColumnAccumulator>,
                       numericTokens: Bool, point: UInt8) {
        next.removeAll(keepingCapacity: true)
        next.append(contentsOf: repeatElement(records.lowerBound, count: accumulators.count))
        guard !numericTokens, !records.isEmpty else { return }
        if order.count != accumulators.count { order = accumulators.indices.sorted { accumulators[$0].field < accumulators[$1].field } }
        scaled.clear(); doubles.clear()
        for a in order {
            if let d = accumulators[a].scaledDecimals {
                scaled.fields.append(Int64(accumulators[a].field)); scaled.decimals.append(Int64(d)); scaled.which.append(a)
            } else if accumulators[a].storesDoubles {
                doubles.fields.append(Int64(accumulators[a].field)); doubles.which.append(a)
            }
        }
        let n = records.count
        if scaled.prepare(records: n) {
            scaled.out.withUnsafeMutableBufferPointer { out in
                batch.parseScaled(records: records, fields: scaled.fields, decimals: scaled.decimals, columns: scaled.which.count,
                                  point: point, into: out.baseAddress!, taken: &scaled.taken, gaps: &scaled.gaps,
                                  active: &scaled.active)
            }
            scaled.handOver(records, next: &next) { a, values, gaps in accumulators[a].appendScaled(values, gaps: gaps) }
        }
        if doubles.prepare(records: n) {
            doubles.out.withUnsafeMutableBufferPointer { out in
                batch.parseDoubles(records: records, fields: doubles.fields, columns: doubles.which.count, point: point,
                                   into: out.baseAddress!, taken: &doubles.taken, gaps: &doubles.gaps, active: &doubles.active)
            }
            doubles.handOver(records, next: &next) { a, values, gaps in accumulators[a].appendDoubles(values, gaps: gaps) }
        }
    }
}

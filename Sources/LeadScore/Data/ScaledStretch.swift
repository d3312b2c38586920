/// The columns of plain scaled numbers among a part's accumulators, read a stretch of records at a time record by
/// record (`ckernels_parse_scaled_rows`) before each accumulator adds the rest of its stretch itself
/// (`ColumnAccumulator.add`). Column by column, every column revisited each record's bounds and bytes, which were no
/// longer in the core's first-level cache once a stretch of 128 records was more than a few columns wide (on a file
/// of 121 numeric columns, 2 KB of bounds and 760 bytes a record). One per part; its buffers are kept from one
/// stretch to the next.
struct ScaledStretch {
    /// The accumulators in their fields' order (made on the first stretch: a part's accumulators do not change).
    private var order: [Int] = []
    private var fields: [Int64] = [], decimals: [Int64] = [], which: [Int] = []
    private var out: [Int32] = [], taken: [Int64] = [], gaps: [Int64] = [], active: [Int64] = []
    /// For each accumulator, the first record of the stretch it has still to add itself.
    private(set) var next: [Int] = []

    /// Reads the fields of `records` of `batch` in the columns of `accumulators` that store plain scaled numbers
    /// (none when `numericTokens`: a missing token reads as a number, so missing is checked first), and appends
    /// what it read to them; `next` then says where each accumulator's own reading starts.
    mutating func read(_ batch: CSVBatch, records: Range<Int>, into accumulators: UnsafeMutableBufferPointer<ColumnAccumulator>,
                       numericTokens: Bool, point: UInt8) {
        next.removeAll(keepingCapacity: true)
        next.append(contentsOf: repeatElement(records.lowerBound, count: accumulators.count))
        guard !numericTokens, !records.isEmpty else { return }
        if order.count != accumulators.count { order = accumulators.indices.sorted { accumulators[$0].field < accumulators[$1].field } }
        fields.removeAll(keepingCapacity: true); decimals.removeAll(keepingCapacity: true)
        which.removeAll(keepingCapacity: true)
        for a in order {
            guard let d = accumulators[a].scaledDecimals else { continue }
            fields.append(Int64(accumulators[a].field)); decimals.append(Int64(d)); which.append(a)
        }
        let columns = which.count, n = records.count
        guard columns > 1 else { return }  // one column: `ColumnAccumulator.add`'s own kernel reads it as well
        if out.count < columns * n { out = Array(repeating: 0, count: columns * n) }
        if taken.count != columns { taken = Array(repeating: 0, count: columns); gaps = taken; active = taken }
        for j in 0..<columns { gaps[j] = 0 }
        out.withUnsafeMutableBufferPointer { out in
            batch.parseScaled(records: records, fields: fields, decimals: decimals, columns: columns, point: point,
                              into: out.baseAddress!, taken: &taken, gaps: &gaps, active: &active)
            for (j, a) in which.enumerated() {
                let k = Int(taken[j])
                accumulators[a].appendScaled(UnsafeBufferPointer(rebasing: out[(j * n)..<(j * n + k)]), gaps: Int(gaps[j]))
                next[a] = records.lowerBound + k
            }
        }
    }
}

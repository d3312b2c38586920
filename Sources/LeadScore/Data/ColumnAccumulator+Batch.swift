extension ColumnAccumulator {
    /// Adds this column's field of records `records` of `batch`, record 0 being row `firstRow`: plain
    /// numbers, missing values and known levels in one tight loop that gathers them on the stack and appends
    /// them at once (an `Array`'s `append` checks per value that its storage is not shared, which cost as
    /// much as parsing the number); anything else (the first value, a new level, a value that is not a
    /// number) through `add`, which has the same effect as adding them one by one.
    mutating func add(_ batch: CSVBatch, records: Range<Int>, firstRow: Int, missing: ValueRules, numericTokens: Bool,
                      file: String) throws {
        let field = self.field, n = records.upperBound
        var i = records.lowerBound
        while i < n {
            if mode == .numeric && !numericTokens && numbers.isScaled {
                let point = missing.point, decimals = numbers.decimals
                Self.gather(batch, from: &i, to: n, field: field, empty: NumberColumn.missing,
                            kernel: { records, out, gaps in
                                batch.parseScaled(records: records, field: field, decimals: decimals, point: point, into: out,
                                                  gaps: &gaps)
                            },
                            one: { NumberParser.shortDecimal($0, point: point).flatMap { NumberColumn.scaled($0, decimals: decimals) } },
                            append: { numbers.appendScaled(contentsOf: $0); missingCount += $1 })
            } else if mode == .numeric && !numericTokens {
                let point = missing.point
                Self.gather(batch, from: &i, to: n, field: field, empty: Double.nan,
                            kernel: { records, out, gaps in
                                batch.parseDoubles(records: records, field: field, point: point, into: out, gaps: &gaps)
                            },
                            one: { missing.number($0).flatMap { $0.isFinite ? $0 : nil } },
                            append: { numbers.appendDoubles(contentsOf: $0); missingCount += $1 })
            } else if mode == .text {
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: n - i) { gathered in
                    var k = 0, gaps = 0
                    while i < n {
                        let f = batch.withRecord(i) { $0[field] }
                        // A known level first (`add` never interns a missing value); a spreadsheet's error value
                        // one at a time (`add`, which counts it for the note).
                        if let c = interner.find(f) { gathered[k] = UInt32(c) }
                        else if missing.isMissing(f), f.first != UInt8(ascii: "#") { gathered[k] = Column.missingCode; gaps += 1 }
                        else { break }
                        k += 1; i += 1
                    }
                    codes.append(contentsOf: UnsafeBufferPointer(rebasing: gathered[..<k]), levelCount: interner.count)
                    missingCount += gaps
                }
            }
            if i < n {
                let (f, line) = batch.withRecord(i) { ($0[field], $0.line) }
                try add(f, row: firstRow + i, line: line, missing: missing, numericTokens: numericTokens, file: file)
                i += 1
            }
        }
    }

    /// Records from `i` on gathered on the stack and appended at once (`append`, with the count of empty fields):
    /// `kernel` reads from a record up to a field it leaves, that field is read here by `one` (nil: not this loop's,
    /// which stops there for `add`), and an empty field is `empty`.
    @inline(__always)
    private static func gather<T>(_ batch: CSVBatch, from i: inout Int, to n: Int, field: Int, empty: T,
                                  kernel: (Range<Int>, UnsafeMutablePointer<T>, inout Int) -> Int,
                                  one: (UnsafeBufferPointer<UInt8>) -> T?, append: (UnsafeBufferPointer<T>, Int) -> Void) {
        withUnsafeTemporaryAllocation(of: T.self, capacity: n - i) { gathered in
            var k = 0, gaps = 0
            while i < n {
                // Plain numbers by the vector kernel, up to a field it leaves; that one here.
                let done = kernel(i..<n, gathered.baseAddress! + k, &gaps)
                k += done; i += done
                if i == n { break }
                let f = batch.withRecord(i) { $0[field] }
                if f.count == 0 { gathered[k] = empty; gaps += 1 }
                else if let v = one(f) { gathered[k] = v }
                else { break }
                k += 1; i += 1
            }
            append(UnsafeBufferPointer(rebasing: gathered[..<k]), gaps)
        }
    }
}

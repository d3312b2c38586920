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
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: n - i) { gathered in
                    var k = 0, gaps = 0
                    while i < n {
                        // Plain decimals by the vector kernel, up to a field it leaves; that one here.
                        let done = batch.parseScaled(records: i..<n, field: field, decimals: decimals, point: point,
                                                     into: gathered.baseAddress! + k, gaps: &gaps)
                        k += done; i += done
                        if i == n { break }
                        let f = batch.withRecord(i) { $0[field] }
                        if f.count == 0 { gathered[k] = NumberColumn.missing; gaps += 1 }
                        else if let d = NumberParser.shortDecimal(f, point: point),
                                let s = NumberColumn.scaled(d, decimals: decimals) { gathered[k] = s }
                        else { break }
                        k += 1; i += 1
                    }
                    numbers.appendScaled(contentsOf: UnsafeBufferPointer(rebasing: gathered[..<k]))
                    missingCount += gaps
                }
            } else if mode == .numeric && !numericTokens {
                withUnsafeTemporaryAllocation(of: Double.self, capacity: n - i) { gathered in
                    var k = 0, gaps = 0
                    while i < n {
                        // Plain decimals by the vector kernel, up to a field it leaves; that one here.
                        let done = batch.parseDoubles(records: i..<n, field: field, point: missing.point,
                                                      into: gathered.baseAddress! + k, gaps: &gaps)
                        k += done; i += done
                        if i == n { break }
                        let f = batch.withRecord(i) { $0[field] }
                        if f.count == 0 { gathered[k] = .nan; gaps += 1 }
                        else if let v = missing.number(f), v.isFinite { gathered[k] = v }
                        else { break }
                        k += 1; i += 1
                    }
                    numbers.appendDoubles(contentsOf: UnsafeBufferPointer(rebasing: gathered[..<k]))
                    missingCount += gaps
                }
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
}

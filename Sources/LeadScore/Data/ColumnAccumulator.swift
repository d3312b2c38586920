/// Collects one column's values during a pass over the file, deciding its storage from the first value
/// when asked to infer.
struct ColumnAccumulator {
    enum Mode { case undecided, numeric, date, text, tooManyLevels, abandoned }

    let name: String
    let field: Int
    let request: ColumnRequest
    private(set) var mode: Mode = .undecided
    /// A numeric column's values as doubles, or (while `isScaled`) as integers at `decimals` decimals
    /// (`NumberColumn`); a date column's as doubles.
    private var numbers: [Double] = []
    private var scaled: [Int32] = []
    private var isScaled = true
    private var decimals = 0
    private var codes: [UInt32] = []
    private var interner = ByteInterner()
    private var missingCount = 0
    /// Inferred numeric or date, then a value that is neither: read again as text.
    private(set) var needsTextPass = false

    init(name: String, field: Int, request: ColumnRequest) {
        self.name = name
        self.field = field
        self.request = request
    }

    mutating func reserve(_ n: Int) {
        switch mode {
        case .numeric, .undecided: if isScaled { scaled.reserveCapacity(n) } else { numbers.reserveCapacity(n) }
        case .date: numbers.reserveCapacity(n)
        case .text: codes.reserveCapacity(n)
        default: break
        }
        reserved = n
    }

    private var reserved = 0

    /// Adds one field. `numericTokens`: some missing token reads as a number, so missing is checked first.
    @inline(__always)
    mutating func add(_ f: UnsafeBufferPointer<UInt8>, row: Int, line: Int, missing: ValueRules,
                      numericTokens: Bool, file: String) throws {
        // Fast path: a plain number in a numeric column.
        if mode == .numeric, !numericTokens, f.count > 0 {
            if isScaled {
                if let s = scaledValue(f, point: missing.point) { scaled.append(s); return }
            } else if let v = missing.number(f), v.isFinite {
                numbers.append(v)
                return
            }
        }
        if missing.isMissing(f) {
            missingCount += 1
            switch mode {
            case .numeric: if isScaled { scaled.append(NumberColumn.missing) } else { numbers.append(.nan) }
            case .date: numbers.append(.nan)
            case .text: codes.append(Column.missingCode)
            default: break
            }
            return
        }
        switch mode {
        case .numeric:
            if isScaled, let s = scaledValue(f, point: missing.point) {
                scaled.append(s)
            } else if let v = missing.number(f) {
                guard v.isFinite else { throw notFinite(f, line: line, file: file) }
                if isScaled { unscale() }
                numbers.append(v)
            } else if request == .numeric {
                throw FileError(file: file, line: line, column: name,
                               message: "\"\(String(decoding: f, as: UTF8.self))\" is not a number; fix the value,"
                               + " add it to --missing, or declare the column categorical in the spec")
            } else {
                needsTextPass = true; mode = .abandoned; numbers = []; scaled = []
            }
        case .text:
            let known = interner.count
            let c = interner.code(f)
            if interner.count > known {
                if interner.count > TableReader.maxLevels { mode = .tooManyLevels; codes = []; return }
                guard String(validating: f, as: UTF8.self) != nil else {
                    throw FileError(file: file, line: line, column: name,
                                   message: "the value is not valid UTF-8; save the file as UTF-8")
                }
            }
            codes.append(UInt32(c))
        case .date:
            if let v = ISODate.seconds(f) { numbers.append(v) }
            else if request == .date {
                throw FileError(file: file, line: line, column: name, message: "\"\(String(decoding: f, as: UTF8.self))\""
                               + " is not an ISO date (YYYY-MM-DD); fix the value or choose another time column")
            } else {
                needsTextPass = true; mode = .abandoned; numbers = []
            }
        case .undecided:
            try decide(f, row: row, line: line, missing: missing, file: file)
            reserve(reserved)
            try add(f, row: row, line: line, missing: missing, numericTokens: numericTokens, file: file)
        case .tooManyLevels, .abandoned:
            break
        }
    }

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
            if mode == .numeric && !numericTokens && isScaled {
                let point = missing.point, decimals = self.decimals
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: n - i) { gathered in
                    var k = 0, gaps = 0
                    while i < n {
                        let f = batch.withRecord(i) { $0[field] }
                        if f.count == 0 { gathered[k] = NumberColumn.missing; gaps += 1 }
                        else if let d = NumberParser.shortDecimal(f, point: point),
                                let s = NumberColumn.scaled(d, decimals: decimals) { gathered[k] = s }
                        else { break }
                        k += 1; i += 1
                    }
                    scaled.append(contentsOf: UnsafeBufferPointer(rebasing: gathered[..<k]))
                    missingCount += gaps
                }
            } else if mode == .numeric && !numericTokens {
                withUnsafeTemporaryAllocation(of: Double.self, capacity: n - i) { gathered in
                    var k = 0, gaps = 0
                    while i < n {
                        let f = batch.withRecord(i) { $0[field] }
                        if f.count == 0 { gathered[k] = .nan; gaps += 1 }
                        else if let v = missing.number(f), v.isFinite { gathered[k] = v }
                        else { break }
                        k += 1; i += 1
                    }
                    numbers.append(contentsOf: UnsafeBufferPointer(rebasing: gathered[..<k]))
                    missingCount += gaps
                }
            } else if mode == .text {
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: n - i) { gathered in
                    var k = 0, gaps = 0
                    while i < n {
                        let f = batch.withRecord(i) { $0[field] }
                        if missing.isMissing(f) { gathered[k] = Column.missingCode; gaps += 1 }
                        else if let c = interner.find(f) { gathered[k] = UInt32(c) }
                        else { break }
                        k += 1; i += 1
                    }
                    codes.append(contentsOf: UnsafeBufferPointer(rebasing: gathered[..<k]))
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

    private mutating func decide(_ f: UnsafeBufferPointer<UInt8>, row: Int, line: Int, missing: ValueRules, file: String) throws {
        switch request {
        case .numeric: mode = .numeric
        case .date: mode = .date
        case .text: mode = .text
        case .infer:
            if missing.number(f) != nil { mode = .numeric }
            else if ISODate.seconds(f) != nil { mode = .date }
            else { mode = .text }
        }
        startStorage(rows: row)
    }

    /// Storage for the decided mode holding `rows` missing values.
    private mutating func startStorage(rows: Int) {
        switch mode {
        case .text: codes = Array(repeating: Column.missingCode, count: rows)
        case .numeric: scaled = Array(repeating: NumberColumn.missing, count: rows)
        default: numbers = Array(repeating: .nan, count: rows)
        }
    }

    /// Values stored so far.
    private var storedCount: Int {
        switch mode {
        case .text: return codes.count
        case .numeric: return isScaled ? scaled.count : numbers.count
        default: return numbers.count
        }
    }

    /// Adds `rows` missing values.
    private mutating func appendMissing(_ rows: Int) {
        guard rows > 0 else { return }
        switch mode {
        case .text: codes.append(contentsOf: repeatElement(Column.missingCode, count: rows))
        case .numeric where isScaled: scaled.append(contentsOf: repeatElement(NumberColumn.missing, count: rows))
        default: numbers.append(contentsOf: repeatElement(.nan, count: rows))
        }
    }

    /// `f` as a scaled integer, first raising the column's decimals when `f` has more (nil: the column
    /// cannot stay scaled, and `f` is to be read as a double).
    private mutating func scaledValue(_ f: UnsafeBufferPointer<UInt8>, point: UInt8) -> Int32? {
        let d: NumberParser.ShortDecimal
        if let short = NumberParser.shortDecimal(f, point: point) { d = short }
        else if case .exact(let e) = NumberParser.decompose(f, point: point) { d = e }
        else { return nil }
        if d.fraction > decimals {
            guard d.fraction <= NumberColumn.maxDecimals, raiseDecimals(to: d.fraction) else { return nil }
        }
        return NumberColumn.scaled(d, decimals: decimals)
    }

    /// Multiplies the stored integers by 10^(`k` − `decimals`); false (nothing changed) when one would not fit.
    private mutating func raiseDecimals(to k: Int) -> Bool {
        let factor = NumberColumn.integerPowers[k - decimals]
        guard let raised = Self.raised(scaled, by: factor) else { return false }
        scaled = raised
        decimals = k
        return true
    }

    /// `values` times `factor` (missing kept), or nil when one does not fit.
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
        numbers = NumberColumn(scaled: scaled, decimals: decimals).doubles
        numbers.reserveCapacity(max(reserved, numbers.count))
        scaled = []
        isScaled = false
    }

    private func notFinite(_ f: UnsafeBufferPointer<UInt8>, line: Int, file: String) -> FileError {
        FileError(file: file, line: line, column: name,
                 message: "\"\(String(decoding: f, as: UTF8.self))\" is not a finite number; fix the value or add it to --missing")
    }

    /// Appends `other`, the same column read from the next part of the file; `rows` is the number of data
    /// rows before that part. Text levels keep the order of first appearance in the file. False when the
    /// parts decided the column differently or one gave it up (the caller then reads the file in one sequence).
    mutating func append(_ other: ColumnAccumulator, rows: Int) -> Bool {
        if needsTextPass || other.needsTextPass || mode == .abandoned || other.mode == .abandoned { return false }
        missingCount += other.missingCount
        if mode == .tooManyLevels { return true }
        if other.mode == .tooManyLevels { mode = .tooManyLevels; codes = []; return true }
        if other.mode == .undecided { return true }  // all missing there: `finish` fills up to the row count
        if mode == .undecided {
            mode = other.mode
            startStorage(rows: rows)
        } else {
            // An undecided part stored nothing; the missing values it stands for come before `other`'s.
            appendMissing(rows - storedCount)
        }
        guard mode == other.mode else { return false }
        switch mode {
        case .numeric: appendNumbers(of: other)
        case .date: numbers.append(contentsOf: other.numbers)
        case .text:
            var map = [UInt32](repeating: 0, count: other.interner.count)
            for c in 0..<other.interner.count {
                map[c] = UInt32(other.interner.bytes(c).withUnsafeBufferPointer { interner.code($0) })
            }
            if interner.count > TableReader.maxLevels { mode = .tooManyLevels; codes = []; return true }
            codes.reserveCapacity(codes.count + other.codes.count)
            for c in other.codes { codes.append(c == Column.missingCode ? c : map[Int(c)]) }
        default: break
        }
        return true
    }

    /// Appends the numbers of `other`, the next part, at the larger count of decimals of the two (as
    /// doubles when either part holds doubles or a value would not fit).
    private mutating func appendNumbers(of other: ColumnAccumulator) {
        if isScaled && other.isScaled {
            let k = max(decimals, other.decimals)
            if raiseDecimals(to: k), let more = Self.raised(other.scaled, by: NumberColumn.integerPowers[k - other.decimals]) {
                scaled.append(contentsOf: more)
                return
            }
        }
        if isScaled { unscale() }
        numbers.append(contentsOf: other.isScaled ? NumberColumn(scaled: other.scaled, decimals: other.decimals).doubles
                                                  : other.numbers)
    }

    mutating func finish(rows: Int) -> Column {
        // Parts joined by `append` may end with a stretch in which the column was all missing.
        if mode == .numeric || mode == .date || mode == .text { appendMissing(rows - storedCount) }
        let values: ColumnValues
        switch mode {
        case .numeric: values = .numbers(isScaled ? NumberColumn(scaled: scaled, decimals: decimals) : NumberColumn(numbers))
        case .date: values = .dates(numbers)
        case .text:
            var levels: [String] = []
            levels.reserveCapacity(interner.count)
            for c in 0..<interner.count { levels.append(String(decoding: interner.bytes(c), as: UTF8.self)) }
            values = .text(codes: CodeColumn(codes, levelCount: levels.count), levels: levels)
        case .tooManyLevels, .abandoned: values = .tooManyLevels
        case .undecided:
            values = request == .text ? .text(codes: CodeColumn(Array(repeating: Column.missingCode, count: rows), levelCount: 0), levels: [])
                : .numbers(NumberColumn(Array(repeating: .nan, count: rows)))
        }
        numbers = []; scaled = []; codes = []
        return Column(name: name, values: values, missingCount: missingCount)
    }
}

/// Collects one column's values during a pass over the file, deciding its storage from the first value
/// when asked to infer.
struct ColumnAccumulator {
    enum Mode { case undecided, numeric, date, text, tooManyLevels, abandoned }

    let name: String
    let field: Int
    let request: ColumnRequest
    private(set) var mode: Mode = .undecided
    // Internal, not private, for the batch loop (ColumnAccumulator+Batch.swift).
    var numbers = NumberStore()
    private var dates: [Double] = []
    var codes = CodeStore()
    var interner = ByteInterner()
    var missingCount = 0
    /// Spreadsheet error values read as missing (`ValueRules.sheetErrors`), and the first, for a note.
    private var sheetErrors = 0
    private var firstSheetError: String?
    /// Inferred numeric or date, then a value that is neither: read again as text.
    private(set) var needsTextPass = false

    init(name: String, field: Int, request: ColumnRequest) {
        self.name = name
        self.field = field
        self.request = request
    }

    mutating func reserve(_ n: Int) {
        switch mode {
        case .numeric, .undecided: numbers.reserve(n)
        case .date: dates.reserveCapacity(n)
        case .text: codes.reserve(n)
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
            if numbers.isScaled {
                if numbers.appendScaled(f, point: missing.point) { return }
            } else if let v = missing.number(f), v.isFinite {
                numbers.append(v)
                return
            }
        }
        if missing.isMissing(f) {
            missingCount += 1
            if f.count > 0, f[0] == UInt8(ascii: "#"), ValueRules.isSheetError(f) {
                sheetErrors += 1
                if firstSheetError == nil { firstSheetError = String(decoding: f, as: UTF8.self) }
            }
            switch mode {
            case .numeric: numbers.appendMissing()
            case .date: dates.append(.nan)
            case .text: codes.appendMissing()
            default: break
            }
            return
        }
        switch mode {
        case .numeric:
            if numbers.appendScaled(f, point: missing.point) { return }
            if let v = missing.number(f) {
                guard v.isFinite else { throw notFinite(f, line: line, file: file) }
                numbers.append(v)
            } else if request == .numeric {
                throw FileError(file: file, line: line, column: name,
                               message: "\"\(String(decoding: f, as: UTF8.self))\" is not a number; fix the value,"
                               + " add it to --missing, or declare the column categorical in the spec")
            } else {
                needsTextPass = true; mode = .abandoned; numbers = NumberStore()
            }
        case .text:
            let known = interner.count
            let c = interner.code(f)
            if interner.count > known {
                if interner.count > TableReader.maxLevels { mode = .tooManyLevels; codes = CodeStore(); return }
                guard String(validating: f, as: UTF8.self) != nil else {
                    throw FileError(file: file, line: line, column: name,
                                   message: "the value is not valid UTF-8; save the file as UTF-8")
                }
            }
            codes.append(UInt32(c))
        case .date:
            if let v = missing.date(f) { dates.append(v) }
            else if request == .date {
                throw FileError(file: file, line: line, column: name, message: Self.notADate(String(decoding: f, as: UTF8.self),
                                                                                             order: missing.dateOrder))
            } else {
                needsTextPass = true; mode = .abandoned; dates = []
            }
        case .undecided:
            try decide(f, row: row, line: line, missing: missing, file: file)
            reserve(reserved)
            try add(f, row: row, line: line, missing: missing, numericTokens: numericTokens, file: file)
        case .tooManyLevels, .abandoned:
            break
        }
    }

    /// The decimals at which the column stores plain numbers, for `NumberStretch`; nil unless it stores them so.
    var scaledDecimals: Int? { mode == .numeric && numbers.isScaled ? numbers.decimals : nil }

    /// Whether the column stores its numbers as doubles, for `NumberStretch`.
    var storesDoubles: Bool { mode == .numeric && !numbers.isScaled }

    /// Appends values `NumberStretch` read at `scaledDecimals`, `gaps` of them missing.
    mutating func appendScaled(_ values: UnsafeBufferPointer<Int32>, gaps: Int) {
        numbers.appendScaled(contentsOf: values)
        missingCount += gaps
    }

    /// Appends doubles `NumberStretch` read (NaN for the `gaps` missing).
    mutating func appendDoubles(_ values: UnsafeBufferPointer<Double>, gaps: Int) {
        numbers.appendDoubles(contentsOf: values)
        missingCount += gaps
    }

    private mutating func decide(_ f: UnsafeBufferPointer<UInt8>, row: Int, line: Int, missing: ValueRules, file: String) throws {
        switch request {
        case .numeric: mode = .numeric
        case .date: mode = .date
        case .text: mode = .text
        case .infer:
            if missing.number(f) != nil { mode = .numeric }
            else if missing.date(f) != nil { mode = .date }
            else { mode = .text }
        }
        startStorage(rows: row)
    }

    /// Storage for the decided mode holding `rows` missing values.
    private mutating func startStorage(rows: Int) {
        switch mode {
        case .text: codes = CodeStore(missing: rows)
        case .numeric: numbers = NumberStore(missing: rows)
        default: dates = Array(repeating: .nan, count: rows)
        }
    }

    /// Values stored so far.
    private var storedCount: Int {
        switch mode {
        case .text: return codes.count
        case .numeric: return numbers.count
        default: return dates.count
        }
    }

    /// Adds `rows` missing values.
    private mutating func appendMissing(_ rows: Int) {
        guard rows > 0 else { return }
        switch mode {
        case .text: codes.appendMissing(rows)
        case .numeric: numbers.appendMissing(rows)
        default: dates.append(contentsOf: repeatElement(.nan, count: rows))
        }
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
        sheetErrors += other.sheetErrors
        firstSheetError = firstSheetError ?? other.firstSheetError
        if mode == .tooManyLevels { return true }
        if other.mode == .tooManyLevels { mode = .tooManyLevels; codes = CodeStore(); return true }
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
        case .numeric: numbers.append(contentsOf: other.numbers)
        case .date: dates.append(contentsOf: other.dates)
        case .text:
            var map = [UInt32](repeating: 0, count: other.interner.count)
            for c in 0..<other.interner.count {
                map[c] = UInt32(other.interner.bytes(c).withUnsafeBufferPointer { interner.code($0) })
            }
            if interner.count > TableReader.maxLevels { mode = .tooManyLevels; codes = CodeStore(); return true }
            codes.append(other.codes, through: map, levelCount: interner.count)
        default: break
        }
        return true
    }

    /// What the note says of the spreadsheet error values read as missing; nil when there were none.
    var sheetErrorNote: String? {
        guard let first = firstSheetError else { return nil }
        let what = sheetErrors == 1 ? "1 value is a spreadsheet's error value (\(first))"
            : "\(sheetErrors) values are spreadsheet error values (\(first), …)"
        return "column '\(name)': " + what + ", read as missing; fix the formulas in the sheet"
    }

    /// The notes of `accumulators` on spreadsheet error values, in the header's order, each after `file: `.
    static func sheetErrorNotes(_ accumulators: [ColumnAccumulator], header: [String], file: String) -> [String] {
        let order = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        return accumulators.sorted { order[$0.name, default: 0] < order[$1.name, default: 0] }
            .compactMap { $0.sheetErrorNote.map { file + ": " + $0 } }
    }

    mutating func finish(rows: Int) -> Column {
        // Parts joined by `append` may end with a stretch in which the column was all missing.
        if mode == .numeric || mode == .date || mode == .text { appendMissing(rows - storedCount) }
        let values: ColumnValues
        switch mode {
        case .numeric: values = .numbers(numbers.column)
        case .date: values = .dates(dates)
        case .text:
            var levels: [String] = []
            levels.reserveCapacity(interner.count)
            for c in 0..<interner.count { levels.append(String(decoding: interner.bytes(c), as: UTF8.self)) }
            values = .text(codes: codes.column(levelCount: levels.count), levels: levels)
        case .tooManyLevels, .abandoned: values = .tooManyLevels
        case .undecided:
            values = request == .text ? .text(codes: CodeColumn(Array(repeating: Column.missingCode, count: rows), levelCount: 0), levels: [])
                : .numbers(NumberColumn(Array(repeating: .nan, count: rows)))
        }
        numbers = NumberStore(); dates = []; codes = CodeStore()
        return Column(name: name, values: values, missingCount: missingCount)
    }
}

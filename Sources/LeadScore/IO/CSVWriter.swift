import CKernels

/// Builds CSV text into a byte buffer and hands it to an `OutputFile` in large pieces.
///
/// Fields are quoted only when they hold the delimiter, a quote or a line break. Text cells that a
/// spreadsheet would run as a formula (first character `=`, `+`, `-` or `@`) get a leading apostrophe,
/// unless the cell is a plain number such as `-3.5`: these files get opened in spreadsheets.
struct CSVWriter {
    public var bytes: [UInt8] = []
    public let delimiter: UInt8

    public init(delimiter: UInt8 = UInt8(ascii: ",")) {
        self.delimiter = delimiter
        bytes.reserveCapacity(1 << 16)
    }

    /// Appends one row of text cells, neutralising formulas.
    public mutating func row(_ cells: [String]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { bytes.append(delimiter) }
            text(cell)
        }
        bytes.append(10)
    }

    /// Appends a text cell (formula-neutralised and quoted as needed), without a delimiter.
    public mutating func text(_ cell: String) {
        var cell = cell
        cell.withUTF8 { self.cell($0) }
    }

    /// Appends a cell given as bytes (formula-neutralised and quoted as needed), without a delimiter.
    mutating func cell(_ b: UnsafeBufferPointer<UInt8>) {
        let (plain, formula) = Self.form(b, delimiter: delimiter)
        if plain && !formula {
            bytes.append(contentsOf: b)
            return
        }
        let d = delimiter
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * b.count + 3) { t in
            bytes.append(contentsOf: UnsafeBufferPointer(start: t.baseAddress!, count: Self.writeCell(b, delimiter: d, to: t.baseAddress!)))
        }
    }

    /// Writes `b` as a cell at `p`, which has room for `2 * b.count + 3` bytes; returns its length. For lines put
    /// together in raw memory and appended once (`ScoreLine`), and for `cell`'s quoted cells.
    @inline(__always)
    static func writeCell(_ b: UnsafeBufferPointer<UInt8>, delimiter: UInt8, to p: UnsafeMutablePointer<UInt8>) -> Int {
        let (plain, formula) = form(b, delimiter: delimiter)
        if plain && !formula {
            if let base = b.baseAddress { p.update(from: base, count: b.count) }
            return b.count
        }
        var n = 0
        if !plain { p[n] = 34; n += 1 }
        if formula { p[n] = UInt8(ascii: "'"); n += 1 }
        for c in b {
            if c == 34 { p[n] = 34; n += 1 }
            p[n] = c; n += 1
        }
        if !plain { p[n] = 34; n += 1 }
        return n
    }

    /// Whether a cell needs no quotes (`plain`: no delimiter, quote or line break in it) and whether it needs the
    /// formula-neutralising apostrophe.
    @inline(__always)
    static func form(_ b: UnsafeBufferPointer<UInt8>, delimiter: UInt8) -> (plain: Bool, formula: Bool) {
        (!holdsSpecial(b, delimiter: delimiter), b.count > 0 && isFormulaStart(b[0]) && !isPlainNumber(b))
    }

    /// Appends raw ASCII that needs no quoting (numbers, fixed words).
    mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }
    mutating func raw(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }
    public mutating func separator() { bytes.append(delimiter) }
    mutating func endRow() { bytes.append(10) }

    /// Whether `b` holds the delimiter, a quote or a line break: CKernels' `ckernels_holds_special`, sixteen bytes
    /// a step with SSE2. The reasons' cells are long: a byte-by-byte test took a twentieth of scoring, an
    /// eight-bytes-a-step one in Swift 4.4% of score's instructions.
    static func holdsSpecial(_ b: UnsafeBufferPointer<UInt8>, delimiter: UInt8) -> Bool {
        guard let base = b.baseAddress else { return false }
        return ckernels_holds_special(base, Int64(b.count), delimiter) != 0
    }

    @inline(__always)
    static func isFormulaStart(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "=") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: "@")
    }

    static func isPlainNumber(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count > 1, b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") else { return false }
        return b.dropFirst().allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") }
    }
}

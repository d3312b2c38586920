/// Builds CSV text into a byte buffer and hands it to an `OutputFile` in large pieces.
///
/// Fields are quoted only when they hold the delimiter, a quote or a line break. Text cells that a
/// spreadsheet would run as a formula (first character `=`, `+`, `-` or `@`) get a leading apostrophe,
/// unless the cell is a plain number such as `-3.5`: these files get opened in spreadsheets.
public struct CSVWriter {
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
        let plain = cell.utf8.allSatisfy { $0 != delimiter && $0 != 34 && $0 != 10 && $0 != 13 }
        if plain, let first = cell.utf8.first, !Self.formulaStarts.contains(first) {
            bytes.append(contentsOf: cell.utf8)
            return
        }
        var utf8 = Array(cell.utf8)
        if let first = utf8.first, Self.formulaStarts.contains(first), !Self.isPlainNumber(utf8) {
            utf8.insert(UInt8(ascii: "'"), at: 0)
        }
        if !plain {
            bytes.append(34)
            for b in utf8 {
                if b == 34 { bytes.append(34) }
                bytes.append(b)
            }
            bytes.append(34)
        } else {
            bytes.append(contentsOf: utf8)
        }
    }

    /// Appends raw ASCII that needs no quoting (numbers, fixed words).
    public mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }
    public mutating func separator() { bytes.append(delimiter) }
    public mutating func endRow() { bytes.append(10) }

    static let formulaStarts: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@")]

    static func isPlainNumber(_ b: [UInt8]) -> Bool {
        guard b.count > 1, b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") else { return false }
        return b.dropFirst().allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") }
    }
}

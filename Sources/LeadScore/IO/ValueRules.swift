/// How field values are read, beyond the CSV syntax: which values mean "no value", the decimal mark, and how
/// dates in a locale's format are read (`date_order:`).
///
/// Always missing: the empty field and, in any case, `NA`, `N/A`, `null`, `NaN`, and `\N` (how PostgreSQL's text
/// `COPY`, MySQL's `SELECT … INTO OUTFILE` and Hive write NULL), and a spreadsheet's error values (`#N/A`,
/// `#DIV/0!`, `#VALUE!`, …: `sheetErrors`), which a sheet saved as CSV writes for a formula that has no value.
/// Extra tokens given by the user (`--missing Select,unknown` or `missing:` in the spec) match exactly, case
/// included. Numbers use a decimal point, or with `decimal: ","` (`--decimal-comma`) a decimal comma
/// (`6946000,00`), and then no point.
public struct ValueRules: Sendable, Equatable {
    let extra: [String]
    /// The decimal mark's byte: `.` or `,`.
    let point: UInt8
    private let extraBytes: [[UInt8]]
    /// Bit n set when an extra token is n bytes long (bit 63: 63 or more), so that most fields are cleared
    /// by one test; called for every field of every row, this path must not touch the arrays.
    private let extraLengths: UInt64

    /// How dates written as a locale displays them (`11/1/2024`) are read; nil: not as dates (`LocalDate`).
    let dateOrder: DateOrder?

    public init(extra: [String] = [], decimalComma: Bool = false, dateOrder: DateOrder? = nil) {
        self.extra = extra
        self.dateOrder = dateOrder
        point = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        extraBytes = extra.filter { !$0.isEmpty }.map { Array($0.utf8) }
        extraLengths = extraBytes.reduce(0) { $0 | (1 << UInt64(min($1.count, 63))) }
    }

    public static func == (a: ValueRules, b: ValueRules) -> Bool {
        a.extra == b.extra && a.point == b.point && a.dateOrder == b.dateOrder
    }

    var decimalComma: Bool { point == UInt8(ascii: ",") }

    /// Some missing token reads as a number (such as -1): then a value is checked for missing before it is
    /// read as a number.
    var hasNumericTokens: Bool { extra.contains { number($0) != nil } }

    /// The field's number with this decimal mark (`NumberParser`), or nil.
    @inline(__always)
    func number(_ b: UnsafeBufferPointer<UInt8>) -> Double? { NumberParser.parse(b, point: point) }

    func number(_ s: String) -> Double? {
        var copy = Array(s.utf8)
        return copy.withUnsafeMutableBufferPointer { number(UnsafeBufferPointer($0)) }
    }

    /// The field's date as seconds since 1970: ISO 8601 (`ISODate`), or with `dateOrder` a date as a locale
    /// displays it (`LocalDate`); nil otherwise.
    @inline(__always)
    func date(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        if let v = ISODate.seconds(b) { return v }
        guard let dateOrder else { return nil }
        return LocalDate.seconds(b, order: dateOrder)
    }

    @inline(__always)
    func isMissing(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        if n == 0 { return true }
        if n <= 4, b[0] | 0x20 == UInt8(ascii: "n"), Self.isBuiltIn(b) { return true }
        if b[0] == UInt8(ascii: "#"), n >= 4, n <= 13, Self.isSheetError(b) { return true }
        if n == 2, b[0] == UInt8(ascii: "\\"), b[1] | 0x20 == UInt8(ascii: "n") { return true }
        if extraLengths & (1 << UInt64(min(n, 63))) != 0 { return isExtra(b) }
        return false
    }

    /// `NA`, `N/A`, `null` or `NaN`, in any case (the first byte is known to be n or N).
    static func isBuiltIn(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        func lower(_ k: Int) -> UInt8 { b[k] | 0x20 }
        switch b.count {
        case 2: return lower(1) == UInt8(ascii: "a")
        case 3: return (b[1] == UInt8(ascii: "/") && lower(2) == UInt8(ascii: "a"))
            || (lower(1) == UInt8(ascii: "a") && lower(2) == UInt8(ascii: "n"))
        case 4: return lower(1) == UInt8(ascii: "u") && lower(2) == UInt8(ascii: "l") && lower(3) == UInt8(ascii: "l")
        default: return false
        }
    }

    /// The error values Excel and Google Sheets show in a cell whose formula has no value, as a sheet saved as CSV
    /// writes them (Microsoft's and Google's lists of error values). They were text: a numeric column with one
    /// `#DIV/0!` became a categorical, silently (pandas reads `#N/A` as missing too).
    static let sheetErrors = ["#N/A", "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#SPILL!", "#CALC!", "#FIELD!",
                              "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!", "#TIMEOUT!", "#EXTERNAL!",
                              "#GETTING_DATA", "#ERROR!"]
    private static let sheetErrorBytes = sheetErrors.map { Array($0.utf8) }

    /// One of `sheetErrors`, in any case.
    static func isSheetError(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for e in sheetErrorBytes where e.count == b.count {
            var same = true
            for k in 1..<e.count where e[k] != b[k] && !(e[k] >= 0x41 && e[k] <= 0x5A && e[k] | 0x20 == b[k]) { same = false; break }
            if same && b[0] == e[0] { return true }
        }
        return false
    }

    private func isExtra(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for t in extraBytes where t.count == b.count {
            if t.withUnsafeBufferPointer({ memcmp($0.baseAddress!, b.baseAddress!, b.count) == 0 }) { return true }
        }
        return false
    }

    func isMissing(_ s: String) -> Bool {
        var copy = Array(s.utf8)
        return copy.withUnsafeMutableBufferPointer { isMissing(UnsafeBufferPointer($0)) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

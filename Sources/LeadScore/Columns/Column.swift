import Foundation

/// The values of one column as read from a file, in row order.
public enum ColumnValues: Sendable {
    /// Parsed numbers; NaN marks a missing value.
    case numbers([Double])
    /// ISO dates as seconds since 1970; NaN marks a missing value.
    case dates([Double])
    /// Text interned as codes into `levels`; `Column.missingCode` marks a missing value.
    case text(codes: [UInt32], levels: [String])
    /// Not kept: more than `TableReader.maxLevels` distinct text values.
    case tooManyLevels
}

/// One stored column.
public struct Column: Sendable {
    public static let missingCode = UInt32.max
    public let name: String
    public let values: ColumnValues
    public let missingCount: Int

    public var numbers: [Double]? {
        switch values {
        case .numbers(let v), .dates(let v): return v
        default: return nil
        }
    }

    /// The raw text of row `i` (numbers in their shortest form), nil when missing.
    public func text(at i: Int) -> String? {
        switch values {
        case .numbers(let v), .dates(let v): return v[i].isNaN ? nil : NumberFormat.shortest(v[i])
        case .text(let codes, let levels): return codes[i] == Column.missingCode ? nil : levels[Int(codes[i])]
        case .tooManyLevels: return nil
        }
    }
}

/// The columns of a lead file that a job asked for, plus facts about the file.
public struct Table: Sendable {
    public let path: String
    public let header: [String]
    public let rowCount: Int
    public let columns: [String: Column]
    /// SHA-256 of the file's bytes, hex; empty when not asked for.
    public let sha256: String
    /// Notes for the user (e.g. a trailing empty column that was ignored).
    public let notes: [String]

    public subscript(name: String) -> Column? { columns[name] }
}

/// Formats doubles the way the model file and the outputs do.
public enum NumberFormat {
    /// The shortest text that reads back as the same double (`7`, not `7.0`).
    public static func shortest(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// Fixed decimals (round half away from zero), for reports and reasons. Integer arithmetic when the
    /// scaled value fits comfortably, `printf` otherwise: reasons format millions of these.
    public static func fixed(_ v: Double, _ digits: Int) -> String {
        guard v.isFinite, digits >= 0, digits <= 9 else { return v.isNaN ? "nan" : String(format: "%.\(digits)f", v) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(v) * scale).rounded()
        guard scaled < 1e15 else { return String(format: "%.\(digits)f", v) }
        let q = Int64(scaled), unit = Int64(scale)
        var s = v < 0 && q != 0 ? "-" : ""
        s += String(q / unit)
        if digits > 0 {
            let frac = String(q % unit)
            s += "." + String(repeating: "0", count: digits - frac.count) + frac
        }
        return s
    }
}

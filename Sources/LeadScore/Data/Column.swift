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
    static let missingCode = UInt32.max
    public let name: String
    public let values: ColumnValues
    let missingCount: Int

    var numbers: [Double]? {
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
    let sha256: String
    /// Notes for the user (e.g. a trailing empty column that was ignored).
    public let notes: [String]
    /// Each row's `IDHash` of its id (0 when missing), when the id column was asked for.
    var idHashes: [UInt64]?

    init(path: String, header: [String], rowCount: Int, columns: [String: Column], sha256: String, notes: [String]) {
        self.path = path
        self.header = header
        self.rowCount = rowCount
        self.columns = columns
        self.sha256 = sha256
        self.notes = notes
    }

    public subscript(name: String) -> Column? { columns[name] }
}

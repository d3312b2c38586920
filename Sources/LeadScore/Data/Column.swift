import Foundation

/// The values of one column as read from a file, in row order.
public enum ColumnValues: Sendable {
    /// Parsed numbers (compact when exact, see `NumberColumn`); NaN marks a missing value.
    case numbers(NumberColumn)
    /// ISO dates as seconds since 1970; NaN marks a missing value.
    case dates([Double])
    /// Text interned as codes into `levels` (one byte each when they fit, see `CodeColumn`);
    /// `Column.missingCode` marks a missing value.
    case text(codes: CodeColumn, levels: [String])
    /// Not kept: more than `TableReader.maxLevels` distinct text values.
    case tooManyLevels
}

/// One stored column.
public struct Column: Sendable {
    static let missingCode = UInt32.max
    public let name: String
    public let values: ColumnValues
    let missingCount: Int

    var numbers: NumberColumn? {
        switch values {
        case .numbers(let v): return v
        case .dates(let v): return NumberColumn(v)
        default: return nil
        }
    }

    /// The column with its text levels lower-cased (`CaseFold`) and merged, codes following them; other
    /// columns unchanged.
    func caseFolded() -> Column {
        guard case .text(let codes, let levels) = values else { return self }
        var merged: [String] = [], index: [String: UInt32] = [:]
        let map = levels.map { level -> UInt32 in
            let folded = CaseFold.string(level)
            if let k = index[folded] { return k }
            index[folded] = UInt32(merged.count)
            merged.append(folded)
            return UInt32(merged.count - 1)
        }
        let folded = codes.map { $0 == Column.missingCode ? $0 : map[Int($0)] }
        return Column(name: name, values: .text(codes: CodeColumn(folded, levelCount: merged.count), levels: merged),
                      missingCount: missingCount)
    }

    /// The column's values at rows `rows`, in that order.
    func picking(_ rows: [Int]) -> Column {
        let picked: ColumnValues
        switch values {
        case .numbers(let v): picked = .numbers(v.picking(rows))
        case .dates(let v): picked = .dates(rows.map { v[$0] })
        case .text(let codes, let levels): picked = .text(codes: codes.picking(rows), levels: levels)
        case .tooManyLevels: picked = .tooManyLevels
        }
        let missing = missingCount == 0 ? 0 : rows.reduce(0) { $0 + (isMissing(at: $1) ? 1 : 0) }
        return Column(name: name, values: picked, missingCount: missing)
    }

    private func isMissing(at i: Int) -> Bool {
        switch values {
        case .numbers(let v): return v[i].isNaN
        case .dates(let v): return v[i].isNaN
        case .text(let codes, _): return codes[i] == Column.missingCode
        case .tooManyLevels: return false
        }
    }

    /// The raw text of row `i` (numbers in their shortest form), nil when missing.
    public func text(at i: Int) -> String? {
        switch values {
        case .numbers(let v): return v[i].isNaN ? nil : NumberFormat.shortest(v[i])
        case .dates(let v): return v[i].isNaN ? nil : NumberFormat.shortest(v[i])
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
    /// SHA-256 of the file's bytes, hex (empty when not asked for), or its thread while it is computed.
    let digest: Background<String>
    /// Notes for the user (e.g. a trailing empty column that was ignored).
    public let notes: [String]
    /// Each row's `IDHash` of its id (0 when missing), when the id column was asked for.
    var idHashes: [UInt64]? = nil

    public subscript(name: String) -> Column? { columns[name] }

    /// SHA-256 of the file's bytes, hex; empty when not asked for. Waits for the digest's thread; throws when
    /// it could not read the file.
    func sha256() throws -> String { try digest.value() }

    /// The table with numeric columns added (derived features, such as activity from an event log).
    func adding(_ numeric: [(name: String, values: [Double])]) -> Table {
        var columns = self.columns
        for (name, values) in numeric { columns[name] = Column(name: name, values: .numbers(NumberColumn(values)), missingCount: 0) }
        return Table(path: path, header: header, rowCount: rowCount, columns: columns, digest: digest, notes: notes,
                     idHashes: idHashes)
    }

    /// The named columns at rows `rows`, in that order, as a table of `rows.count` rows (the other columns and
    /// the id hashes left out): a sample that is read many times, such as a warm start's, then reads each
    /// column as one stretch instead of gathering it from a million rows on every pass.
    func picking(_ rows: [Int], columns names: [String]) -> Table {
        // The columns gathered on all cores (the numeric bench file's warm-start sample: 40 columns at 50,000
        // scattered rows, a cache miss a value, 20 ms on one core).
        let gathered = Cores.map(names.count) { columns[names[$0]]?.picking(rows) }
        var picked: [String: Column] = [:]
        for (n, column) in zip(names, gathered) { picked[n] = column }
        return Table(path: path, header: header, rowCount: rows.count, columns: picked, digest: digest, notes: notes,
                     idHashes: nil)
    }

    /// The table with the named columns' text levels lower-cased (spec `normalize: {case: lower}`).
    func caseFolded(_ names: [String]) -> Table {
        var columns = self.columns
        for n in names { columns[n] = columns[n]?.caseFolded() }
        return Table(path: path, header: header, rowCount: rowCount, columns: columns, digest: digest, notes: notes,
                     idHashes: idHashes)
    }
}

/// When a lead's activity stops counting: one time for every lead (scoring: `--as-of`, default now), or a
/// date column of the leads file plus a number of days (training history: `as_of:` or the time column plus
/// `--snapshot-days`).
public enum AsOfRule: Sendable, Equatable {
    case fixed(Double)
    case column(String, plusDays: Double)

    /// The words for the summary: `as of 2026-12-01T00:00:00Z` or `as of created_date + 30 days`.
    public var text: String {
        switch self {
        case .fixed(let t): return "as of " + ISODate.dateTime(t)
        case .column(let c, let d): return d == 0 ? "as of each lead's \(c)" : "as of each lead's \(c) + \(NumberFormat.shortest(d)) days"
        }
    }
}

/// The distinct lead ids of a leads file, in order of first appearance, each with its as-of time (that of
/// its first row): what an activity log is joined to. Rows sharing an id are one lead.
///
/// Memory: the ids' bytes plus 8 bytes a lead and 4 a row.
public struct LeadIndex: Sendable {
    var ids = IDTable()
    /// Per lead (id code): seconds since 1970; NaN when its row had no usable as-of date.
    var asOf: [Double] = []
    /// Per data row of the file: its lead code, −1 when its id is missing.
    var rowLeads: [Int32] = []
    /// Rows whose id is missing: they get no activity.
    public var rowsWithoutID = 0
    /// Leads whose as-of date is missing or not a date: they get no activity.
    public var leadsWithoutAsOf = 0
    /// The id column's field index in the leads file's header.
    let idField: Int

    public var count: Int { asOf.count }

    /// Reads the id column (and the as-of column) of `path` in one streaming pass.
    public static func read(path: String, idColumn: String, asOf rule: AsOfRule, rules: ValueRules,
                            delimiter: UInt8?) throws -> LeadIndex {
        let reader = try CSVReader(path: path, delimiter: delimiter)
        let header = reader.header
        guard let idField = header.firstIndex(of: idColumn) else {
            throw FileError.header(file: path, message: "there is no id column '\(idColumn)' to join the activity log"
                + " on; the columns are " + header.map { "'\($0)'" }.joined(separator: ", "))
        }
        var timeField: Int?, plus = 0.0, fixed = Double.nan
        switch rule {
        case .fixed(let t): fixed = t
        case .column(let name, let days):
            guard let f = header.firstIndex(of: name) else {
                throw FileError.header(file: path, message: "there is no as-of column '\(name)'; the columns are "
                    + header.map { "'\($0)'" }.joined(separator: ", "))
            }
            timeField = f
            plus = days * 86_400
        }
        var index = LeadIndex(idField: idField)
        try reader.forEachRecord { record in
            guard idField < record.count, !rules.isMissing(record[idField]) else {
                index.rowsWithoutID += 1
                index.rowLeads.append(-1)
                return
            }
            let code = index.ids.code(record[idField])
            index.rowLeads.append(Int32(code))
            guard code == index.asOf.count else { return }
            var t = fixed
            if let timeField {
                t = timeField < record.count ? (rules.date(record[timeField]).map { $0 + plus } ?? .nan) : .nan
                if t.isNaN { index.leadsWithoutAsOf += 1 }
            }
            index.asOf.append(t)
        }
        return index
    }

    /// The lead code of an id's bytes; nil when the id is not in the file.
    @inline(__always)
    func code(_ id: UnsafeBufferPointer<UInt8>) -> Int? { ids.find(id) }
}

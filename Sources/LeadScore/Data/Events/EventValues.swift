/// The activity features of every lead of a leads file (`EventLog.aggregate`), looked up by the lead's id.
public struct EventValues: Sendable {
    /// The activity types, in feature order.
    public let types: [String]
    let index: LeadIndex
    /// The running sums, read in place: `tally.blocks[lead · stride + …]`, types in the order `slots`.
    let tally: EventTally
    let slots: [Int]
    public let counts: EventCounts
    /// The log's lines after its events that are a report's footer (`CSVFooter`), not read; 0 without one.
    var footerLines = 0

    /// The feature names (`EventsSpec.featureNames`).
    public var names: [String] { EventsSpec.featureNames(types: types) }

    /// The summaries' line about the log (train, score and evaluate say it alike): its counts, the as-of rule
    /// or time in brackets when given, where the events set aside went, and the rows that get no activity.
    public func summary(asOf: String?, rejects: String?) -> String {
        var s = counts.text
        if let asOf { s += " (\(asOf))" }
        if counts.setAside > 0, let rejects { s += " -> \(rejects)" }
        if footerLines > 0 { s += "; the log's last \(footerLines) line\(footerLines == 1 ? "" : "s"), a report's footer after a blank line, not read as events" }
        return s + gapsText
    }

    /// `; no activity for 3 rows without a lead id and 2 leads without an as-of date` ("" when there are none):
    /// what the summary adds to the log's counts, so that those rows (zero counts, the horizon's days since)
    /// are said rather than left silent.
    var gapsText: String {
        let rows = index.rowsWithoutID, leads = index.leadsWithoutAsOf
        var parts: [String] = []
        if rows > 0 { parts.append("\(rows) row\(rows == 1 ? "" : "s") without a lead id") }
        if leads > 0 { parts.append("\(leads) lead\(leads == 1 ? "" : "s") without an as-of date") }
        return parts.isEmpty ? "" : "; no activity for " + parts.joined(separator: " and ")
    }

    /// The id column's field index in the leads file this was built from.
    var idField: Int { index.idField }

    /// The lead code of a row's id field; nil when the id is missing or unknown.
    @inline(__always)
    func lead(_ id: UnsafeBufferPointer<UInt8>, missing: ValueRules) -> Int? {
        missing.isMissing(id) ? nil : index.code(id)
    }

    /// Feature `f` of lead `lead` (nil: no activity): for the k-th type, f = 2k is its decayed sum and f = 2k + 1
    /// the days since its newest event (at most the horizon, which is also the value without one); the last
    /// feature is the 30-day count.
    @inline(__always)
    func value(lead: Int?, feature f: Int) -> Double {
        guard let lead else { return f % 2 == 0 ? 0 : EventsSpec.horizonDays }
        let base = lead * tally.stride
        if f == 2 * slots.count { return tally.blocks[base + 1] }
        let k = base + 2 + 2 * slots[f / 2]
        if f % 2 == 0 { return tally.blocks[k] }
        let newest = tally.blocks[k + 1]
        return newest == -.infinity ? EventsSpec.horizonDays : min((tally.blocks[base] - newest) / 86_400, EventsSpec.horizonDays)
    }

    /// Feature `f` for every data row of the leads file, in row order.
    func column(_ f: Int) -> [Double] { index.rowLeads.map { value(lead: $0 < 0 ? nil : Int($0), feature: f) } }
}

import Foundation

/// How many events of an activity log were used, and how many were set aside for each reason.
public struct EventCounts: Sendable, Equatable {
    public var used = 0
    public var afterAsOf = 0
    public var unknownLead = 0
    public var missingID = 0
    public var badTime = 0
    public var missingType = 0
    public var otherType = 0
    public var noAsOf = 0
    public var badRow = 0

    public var setAside: Int { afterAsOf + unknownLead + missingID + badTime + missingType + otherType + noAsOf + badRow }

    /// `events: 98,210 used; 12,408 at or after their lead's as-of time left out; 3 with an unknown lead id`
    public var text: String {
        var parts = ["\(used) used"]
        func add(_ n: Int, _ what: String) { if n > 0 { parts.append("\(n) \(what)") } }
        add(afterAsOf, "at or after their lead's as-of time left out")
        add(unknownLead, "with a lead id not in the leads file")
        add(missingID, "without a lead id")
        add(badTime, "with a time that is not an ISO date")
        add(missingType, "without a type")
        add(otherType, "of a type the model does not use")
        add(noAsOf, "of leads without an as-of date")
        add(badRow, "on rows with the wrong number of fields")
        return "events: " + parts.joined(separator: "; ")
    }
}

/// One activity the log set aside: its line, its fields and why.
public struct RejectedEvent: Sendable {
    public var line: Int
    public var fields: [String]
    public var reason: String
    /// The log's header (for the rejects file's first row).
    public var header: [String]
}

/// Streams an activity log into per-lead features (`EventsSpec`): memory is bounded by leads × types, never by
/// the number of events.
///
/// For lead i with as-of time a_i and an event of type t at time s < a_i, age = (a_i − s) / 86,400 days:
/// `events:t` += 2^(−age / h_t); `events:t:days_since_last` = min(age of the newest such event, 365) (365
/// without one); `events:any:count_30d` counts the events of any feature type with age ≤ 30. Events at or
/// after the as-of time never count (for training history, that is activity after the snapshot: a leak).
public enum EventLog {
    /// More distinct types than this, without `types:`, is almost surely a free-text column.
    static let maxTypes = 200

    public static func aggregate(path: String, spec: EventsSpec, leads index: LeadIndex, rules: ValueRules,
                                 delimiter: UInt8? = nil, onReject: (RejectedEvent) throws -> Void) throws -> EventValues {
        let reader = try CSVReader(path: path, delimiter: delimiter)
        let header = reader.header
        func field(_ name: String, _ role: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw FileError(file: path, line: 1, message: "there is no \(role) column '\(name)' in the activity log; the"
                    + " columns are " + header.map { "'\($0)'" }.joined(separator: ", ") + " (set it with events: \(role))")
            }
            return i
        }
        let (idField, typeField, timeField) = (try field(spec.id, "id"), try field(spec.type, "type"), try field(spec.time, "time"))
        let leads = index.count
        var typeCodes = ByteInterner()
        var slotOfType: [Int] = []
        var names: [String] = []
        var sums: [[Double]] = [], last: [[Double]] = [], rates: [Double] = []
        func addSlot(_ name: String) {
            names.append(name)
            sums.append([Double](repeating: 0, count: leads))
            last.append([Double](repeating: -.infinity, count: leads))
            rates.append(1 / spec.halfLife(name))
        }
        let fixed = spec.types
        for t in fixed ?? [] { _ = typeCodes.code(t); slotOfType.append(names.count); addSlot(t) }
        var recent = [Double](repeating: 0, count: leads)
        var counts = EventCounts()
        let width = header.count
        let horizon = EventsSpec.recentDays

        /// Adds one event, or says why it was set aside.
        func visit(_ record: borrowing CSVRecord) throws -> String? {
            guard record.count == width else {
                counts.badRow += 1
                return "the row has \(record.count) fields but the header has \(width)"
            }
            let id = record[idField]
            if rules.isMissing(id) { counts.missingID += 1; return "the activity has no lead id" }
            guard let lead = index.code(id) else {
                counts.unknownLead += 1
                return "lead id '\(String(decoding: id, as: UTF8.self))' is not in the leads file"
            }
            let typeBytes = record[typeField]
            if rules.isMissing(typeBytes) { counts.missingType += 1; return "the activity has no type" }
            let known = typeCodes.count
            let code = typeCodes.code(typeBytes)
            if code == known {
                if fixed != nil {
                    slotOfType.append(-1)
                } else {
                    if names.count == maxTypes {
                        throw FileError(file: path, line: record.line, message: "column '\(spec.type)' has more than \(maxTypes)"
                            + " activity types; list the ones that matter with events: types")
                    }
                    slotOfType.append(names.count)
                    addSlot(String(decoding: typeBytes, as: UTF8.self))
                }
            }
            guard let time = ISODate.seconds(record[timeField]) else {
                counts.badTime += 1
                return "time \"\(String(decoding: record[timeField], as: UTF8.self))\" is not an ISO date or date-time"
            }
            let asOf = index.asOf[lead]
            if asOf.isNaN { counts.noAsOf += 1; return "the lead has no as-of date" }
            if time >= asOf { counts.afterAsOf += 1; return "at or after the lead's as-of time \(ISODate.dateTime(asOf))" }
            let slot = slotOfType[code]
            if slot < 0 {
                counts.otherType += 1
                return "type '\(String(decoding: typeBytes, as: UTF8.self))' is not one of the model's activity types"
            }
            let age = (asOf - time) / 86_400
            sums[slot][lead] += exp2(-age * rates[slot])
            if time > last[slot][lead] { last[slot][lead] = time }
            if age <= horizon { recent[lead] += 1 }
            counts.used += 1
            return nil
        }

        try reader.forEachRecord { record in
            if let reason = try visit(record) {
                try onReject(RejectedEvent(line: record.line, fields: record.allStrings(), reason: reason, header: header))
            }
        }
        // Features in the order of the types' names, whatever order the log met them in.
        let order = fixed == nil ? names.indices.sorted { names[$0] < names[$1] } : Array(names.indices)
        let types = order.map { names[$0] }
        let width2 = 2 * types.count + 1
        var values = [Double](repeating: 0, count: leads * width2)
        for lead in 0..<leads {
            let asOf = index.asOf[lead]
            for (k, slot) in order.enumerated() {
                values[lead * width2 + 2 * k] = sums[slot][lead]
                let l = last[slot][lead]
                values[lead * width2 + 2 * k + 1] = l == -.infinity ? EventsSpec.horizonDays : min((asOf - l) / 86_400, EventsSpec.horizonDays)
            }
            values[lead * width2 + width2 - 1] = recent[lead]
        }
        return EventValues(types: types, index: index, values: values, counts: counts)
    }
}

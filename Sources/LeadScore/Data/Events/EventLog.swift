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

    /// - Parameter rejects: where events that were set aside go, with their line and reason (nil: counted only).
    public static func aggregate(path: String, spec: EventsSpec, leads index: LeadIndex, rules: ValueRules,
                                 delimiter: UInt8? = nil, rejects: EventRejects? = nil) throws -> EventValues {
        let reader = try CSVReader(path: path, delimiter: delimiter)
        let header = reader.header
        func field(_ name: String, _ role: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw FileError.header(file: path, message: "there is no \(role) column '\(name)' in the activity log; the"
                    + " columns are " + header.map { "'\($0)'" }.joined(separator: ", ") + " (set it with events: \(role))")
            }
            return i
        }
        let (idField, typeField, timeField) = (try field(spec.id, "id"), try field(spec.type, "type"), try field(spec.time, "time"))
        var typeCodes = ByteInterner()
        var slotOfType: [Int] = []
        var names: [String] = []
        var tally = EventTally(leads: index.count, asOf: index.asOf)
        func addSlot(_ name: String) {
            names.append(name)
            tally.addType(rate: 1 / spec.halfLife(name))
        }
        let fixed = spec.types
        for t in fixed ?? [] { _ = typeCodes.code(t); slotOfType.append(names.count); addSlot(t) }
        var counts = EventCounts()
        let width = header.count
        rejects?.start(header: header)

        // Each batch in two steps: its records are parsed and their ids and types looked up on all cores (the
        // hash tables are only read), then the events are added in file order on one, so that the random
        // accesses to the leads' sums come one after another without parsing between them.
        let keep = rejects != nil
        try reader.forEachBatch { batch in
            var parsed = [Parsed](repeating: Parsed(), count: batch.count)
            let types = typeCodes
            parsed.withUnsafeMutableBufferPointer { out in
                let out = out
                batch.parallel(parts: Cores.count) { _, range in
                    for i in range {
                        out[i] = batch.withRecord(i) { r in
                            Parsed.of(r, width: width, fields: (idField, typeField, timeField), types: types, rules: rules)
                        }
                    }
                    // The ids are looked up in a loop of their own: the table's cache misses of several events
                    // can then be waited for at once.
                    for i in range where out[i].id != nil {
                        if let lead = index.code(UnsafeBufferPointer(start: out[i].id, count: out[i].idCount)) {
                            out[i].lead = Int32(lead)
                        } else {
                            out[i].status = .unknownLead
                        }
                    }
                }
            }
            // Types first met in this batch are interned in file order.
            for i in 0..<batch.count where parsed[i].status == .newType {
                let code = batch.withRecord(i) { typeCodes.code($0[typeField]) }
                if code == slotOfType.count {
                    if fixed != nil {
                        slotOfType.append(-1)
                    } else {
                        if names.count == maxTypes {
                            throw FileError(file: path, line: batch.meta[i].line, message: "column '\(spec.type)' has more than"
                                + " \(maxTypes) activity types; list the ones that matter with events: types")
                        }
                        slotOfType.append(names.count)
                        addSlot(batch.withRecord(i) { String(decoding: $0[typeField], as: UTF8.self) })
                    }
                }
                parsed[i].type = Int32(code)
                parsed[i].status = .ok
            }
            // The sums, in a loop of their own (their cache misses overlap), then the counts and the rejects.
            for i in 0..<batch.count where parsed[i].status == .ok {
                parsed[i].outcome = tally.add(lead: Int(parsed[i].lead), slot: slotOfType[Int(parsed[i].type)], time: parsed[i].time)
            }
            for i in 0..<batch.count {
                var reason: String?
                switch parsed[i].status {
                case .ok:
                    switch parsed[i].outcome {
                    case .used: counts.used += 1
                    case .noAsOf: counts.noAsOf += 1; reason = "the lead has no as-of date"
                    case .afterAsOf: counts.afterAsOf += 1; reason = "at or after the lead's as-of time"
                    case .otherType:
                        counts.otherType += 1
                        if keep { reason = batch.withRecord(i) { "type '\(String(decoding: $0[typeField], as: UTF8.self))' is not one of the model's activity types" } }
                    }
                case .badRow:
                    counts.badRow += 1
                    if keep { reason = batch.withRecord(i) { "the row has \($0.count) fields but the header has \(width)" } }
                case .missingID: counts.missingID += 1; reason = "the activity has no lead id"
                case .unknownLead:
                    counts.unknownLead += 1
                    if keep { reason = batch.withRecord(i) { "lead id '\(String(decoding: $0[idField], as: UTF8.self))' is not in the leads file" } }
                case .missingType: counts.missingType += 1; reason = "the activity has no type"
                case .badTime:
                    counts.badTime += 1
                    if keep {
                        let time = batch.withRecord(i) { String(decoding: $0[timeField], as: UTF8.self) }
                        let iso = "time \"\(time)\" is not an ISO date or date-time"
                        if !LocalDate.matches(time) { reason = iso }
                        else if let order = rules.dateOrder { reason = "time " + order.noDay(time) }
                        else {
                            reason = iso + " (a date as a locale displays it, whose day and month order the value does not tell:"
                                + " train with --date-order mdy or dmy, spec: date_order, or export ISO date-times)"
                        }
                    }
                case .newType: break
                }
                if let reason, let rejects { try batch.withRecord(i) { try rejects.add($0, reason: reason) } }
            }
        }
        // Features in the order of the types' names, whatever order the log met them in.
        let order = fixed == nil ? names.indices.sorted { names[$0] < names[$1] } : Array(names.indices)
        var values = EventValues(types: order.map { names[$0] }, index: index, tally: tally, slots: order, counts: counts)
        values.footerLines = reader.footer?.lines.count ?? 0
        return values
    }
}

/// One event of a batch after the parallel step: its lead, its type's code and time, or what is wrong.
private struct Parsed {
    enum Status: UInt8 { case ok, badRow, missingID, unknownLead, missingType, badTime, newType }
    var lead: Int32 = -1
    var type: Int32 = -1
    var time = 0.0
    var status = Status.ok
    /// What adding it did (for `ok` events).
    var outcome = EventTally.Outcome.used
    /// The id's bytes (in the batch's buffer), looked up after the parse; an unknown id then overrides
    /// every status after it (`unknownLead` comes before a missing type or a bad time).
    var id: UnsafePointer<UInt8>?
    var idCount = 0

    static func of(_ r: borrowing CSVRecord, width: Int, fields: (id: Int, type: Int, time: Int), types: ByteInterner,
                   rules: ValueRules) -> Parsed {
        var p = Parsed()
        guard r.count == width else { p.status = .badRow; return p }
        let id = r[fields.id]
        if rules.isMissing(id) { p.status = .missingID; return p }
        p.id = id.baseAddress ?? UnsafePointer(bitPattern: 1)
        p.idCount = id.count
        let type = r[fields.type]
        if rules.isMissing(type) { p.status = .missingType; return p }
        guard let time = rules.date(r[fields.time]) else { p.status = .badTime; return p }
        p.time = time
        if let code = types.find(type) { p.type = Int32(code) } else { p.status = .newType }
        return p
    }
}

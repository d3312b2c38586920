import ArgumentParser
import Foundation
import LeadScore

/// The activity-log flags of every command that reads leads (`events:` in the spec says how to read the log).
struct EventOptions: ParsableArguments {
    @Option(help: ArgumentHelp("An activity log (CSV, one row per event) whose decayed counts are features (spec: events:).",
                               valueName: "FILE"))
    var events: String?

    @Option(name: .customLong("events-rejects"),
            help: ArgumentHelp("Where events that were set aside go, with their reasons (default: <out>.events-rejects.csv where there is an --out).",
                               valueName: "FILE"))
    var eventsRejects: String?

    @Option(name: .customLong("as-of"),
            help: ArgumentHelp("Activity at or after this time does not count (ISO date or date-time; default: now, UTC).",
                               valueName: "TIME"))
    var asOf: String?

    func validate() throws {
        if let asOf, ISODate.parse(asOf) == nil {
            throw ValidationError("--as-of \(asOf): give an ISO date or date-time, such as 2026-12-01 or 2026-12-01T09:00:00Z")
        }
    }

    /// The as-of time in seconds since 1970, when given.
    var asOfSeconds: Double? { asOf.flatMap(ISODate.parse) }

    /// The as-of time, now when not given.
    var asOfOrNow: Double { asOfSeconds ?? Date().timeIntervalSince1970 }

    /// The events-rejects path: the flag, else `<out>.events-rejects.csv`.
    func rejectsPath(out: String?) -> String? { eventsRejects ?? out.map { $0 + ".events-rejects.csv" } }

    /// The inputs and outputs of the check before any work.
    func files(out: String?) -> (inputs: [FilePlan.Entry], outputs: [FilePlan.Entry]) {
        guard let events else { return ([], []) }
        return ([("--events", events)], rejectsPath(out: out).map { [(eventsRejects == nil ? "--events-rejects (default)" : "--events-rejects", $0)] } ?? [])
    }
}

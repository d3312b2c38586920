extension ModelFile {
    /// Whether some of the model's features come from an activity log.
    public var usesEvents: Bool { spec.events != nil }

    /// The activity features of the leads in `leads` for this model (its types and half-lives), joined on the
    /// model's id column; nil when the model has no activity features.
    ///
    /// - Parameters:
    ///   - events: the activity log; required when the model uses one.
    ///   - asOf: when activity stops counting (score: one time; labelled history: the model's own rule).
    public func eventValues(leads: String, events: String?, asOf: AsOfRule, delimiter: UInt8?,
                            rejects: EventRejects? = nil) throws -> EventValues? {
        guard let spec = self.spec.events else { return nil }
        guard let events else {
            throw SpecError("the model uses activity from an event log (events:…); give the log of these leads with --events FILE")
        }
        guard let id = self.spec.id else {
            throw SpecError("the model has activity features but no id column to join them on; retrain it with --id COL")
        }
        let index = try LeadIndex.read(path: leads, idColumn: id, asOf: asOf, rules: self.spec.valueRules, delimiter: delimiter)
        return try EventLog.aggregate(path: events, spec: spec, leads: index, rules: self.spec.valueRules, rejects: rejects)
    }

    /// Labelled history's as-of rule from the model's spec (`as_of`, or the time column + `snapshot_days`).
    public var historyAsOf: AsOfRule? { spec.historyAsOf(timeColumn: data.timeColumn) }
}

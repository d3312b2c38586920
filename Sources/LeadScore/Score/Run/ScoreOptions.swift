/// Everything `leadscore score` can be told.
public struct ScoreOptions: Sendable {
    /// `hubspot` and `salesforce` write import files for those CRMs (`CRMColumns`).
    public enum Format: String, Sendable, CaseIterable { case csv, jsonl, hubspot, salesforce }

    public var leads: String
    public var out: String
    public var policy: String?
    /// Default: `<out>.rejects.csv`.
    public var rejects: String?
    public var reasons = 3
    public var top: Int?
    public var format: Format = .csv
    public var delimiter: UInt8?
    /// The activity log of these leads (needed when the model has `events:` features).
    public var events: String?
    /// Where events that were set aside go (default: `<out>.events-rejects.csv`).
    public var eventsRejects: String?
    /// Activity at or after this time does not count (seconds since 1970; nil: now).
    public var asOf: Double?
    /// The last run's output: adds previous_score, previous_tier and change (`PreviousScores`).
    public var previous: String?
    /// With `previous`: write only the leads that are new, changed tier or moved by `minChange` points or more.
    public var changedOnly = false
    public var minChange = 5
    /// The leads file's column holding the CRM's record id (default: the model's id column).
    public var crmID: String?
    /// Say which `min_score` would fill the first `max_leads` tier exactly (the policy is not changed).
    public var suggestMinScore = false
    /// Progress for a person at a terminal (nil: none).
    public var progress: (@Sendable (String) -> Void)?

    public init(leads: String, out: String) {
        self.leads = leads
        self.out = out
    }

    var rejectsPath: String { rejects ?? out + ".rejects.csv" }
    var eventsRejectsPath: String { eventsRejects ?? out + ".events-rejects.csv" }

    /// The files a run reads and writes, for the check before any work (`model`: the model file's path).
    /// `--previous` is not among them: it may be `--out`'s file, which is read whole before the new one replaces it.
    public func files(model: String) -> FilePlan {
        FilePlan(inputs: [("--model", model), ("--leads", leads)] + (policy.map { [("--policy", $0)] } ?? [])
                    + (events.map { [("--events", $0)] } ?? []),
                 outputs: [("--out", out), (rejects == nil ? "--rejects (default)" : "--rejects", rejectsPath)]
                    + (events == nil ? [] : [(eventsRejects == nil ? "--events-rejects (default)" : "--events-rejects", eventsRejectsPath)]))
    }
}

/// What a scoring run did, for the summary on stderr.
public struct ScoreSummary: Sendable, Equatable {
    var scored = 0
    public var rejected = 0
    /// Of the rejected rows, those that repeat an earlier scored row's id (`RepeatedIDs`).
    public var repeated = 0
    var rejectsPath: String?
    var unseen = 0
    /// The columns with unseen levels and how many each, most first.
    public var unseenColumns: [(name: String, count: Int)] = []
    var imputed = 0
    /// Leads per tier, in rank order (empty without a policy).
    public var tiers: [(name: String, count: Int)] = []
    /// Notes for the user (e.g. a trailing empty column that was ignored).
    public var notes: [String] = []
    /// The activity log's counts, and the time they were taken as of.
    public var events: EventCounts?
    public var asOf: Double?
    /// The summary's line about the activity log (`EventValues.summary`); "" without one.
    var eventsLine = ""
    /// With `--previous`: leads per change (new, up, down, same, tier_changed), and how many were written.
    public var changes: [Int]?
    var written = 0
    /// With `--suggest-min-score`: the tier, its room, the suggestion, and the candidates at or above it.
    public var suggestion: (tier: String, room: Int, minScore: Int, atOrAbove: Int, candidates: Int)?

    public static func == (a: ScoreSummary, b: ScoreSummary) -> Bool {
        a.scored == b.scored && a.rejected == b.rejected && a.unseen == b.unseen && a.imputed == b.imputed
            && a.tiers.map(\.name) == b.tiers.map(\.name) && a.tiers.map(\.count) == b.tiers.map(\.count)
    }

    /// `scored 1996, rejected 4 (1 repeating an earlier row's id) -> rejects.csv; 12 unseen categories (industry 9, region 3); 30 missing values imputed`
    public var text: String {
        var s = "scored \(scored), rejected \(rejected)"
        if repeated > 0 { s += " (\(repeated) repeating an earlier row's id)" }
        if rejected > 0, let r = rejectsPath { s += " -> \(r)" }
        s += "; \(unseen) unseen categor\(unseen == 1 ? "y" : "ies")"
        if !unseenColumns.isEmpty {
            let shown = unseenColumns.prefix(5).map { "\($0.name) \($0.count)" } + (unseenColumns.count > 5 ? ["…"] : [])
            s += " (" + shown.joined(separator: ", ") + ")"
        }
        s += "; \(imputed) missing value\(imputed == 1 ? "" : "s") imputed"
        if !eventsLine.isEmpty { s += "\n" + eventsLine }
        if let c = changes {
            s += "\nsince the previous run: \(c[0]) new, \(c[1]) up, \(c[2]) down, \(c[4]) changed tier, \(c[3]) the same;"
                + " \(written) written"
        }
        if let g = suggestion {
            s += "\nsuggested min_score for \(g.tier): \(g.minScore) (\(g.atOrAbove) of the \(g.candidates) leads that meet its other"
                + " conditions score \(g.minScore) or more; max_leads \(g.room)"
                + (g.atOrAbove > g.room ? ", ties at \(g.minScore))" : g.candidates < g.room ? ": fewer leads qualify than it has room for)" : ")")
        }
        if !tiers.isEmpty { s += "\ntiers: " + tiers.map { "\($0.name) \($0.count)" }.joined(separator: ", ") }
        for note in notes { s += "\nnote: " + note }
        return s
    }
}

import Foundation

/// Population stability of new leads against the training rows, per feature and for the score.
///
///     PSI = Σ_b (a_b − e_b)·ln(a_b / e_b)
///
/// over bins b, e the training share and a the new share, each floored at 1e-4 so that an empty bin counts
/// as rare rather than impossible. Numerics use the bins stored in the model (cut at the training deciles)
/// plus a missing bin; booleans and categoricals their training levels plus one bucket for levels never seen
/// in training. A PSI above 0.1 is `watch`, above 0.25 `shift`.
public enum Drift {
    public struct FeatureDrift: Codable, Sendable, Equatable {
        public var name: String
        var psi: Double
        var status: String
    }

    public struct Report: Codable, Sendable, Equatable {
        public var features: [FeatureDrift]
        var scorePSI: Double
        var scoreStatus: String
        public var rows: Int
        var unscorable: Int

        enum CodingKeys: String, CodingKey {
            case features, rows, unscorable
            case scorePSI = "score_psi", scoreStatus = "score_status"
        }
    }
    /// The features (and the score) whose PSI is above the limits, as `name PSI` phrases; empty when none
    /// is. A PSI that could not be computed (no score bins) never counts.
    public static func beyond(_ r: Report, maxPSI: Double?, maxScorePSI: Double?) -> [String] {
        var out: [String] = []
        if let maxPSI {
            for f in r.features.sorted(by: { $0.psi > $1.psi }) where f.psi > maxPSI {
                out.append("\(f.name) \(NumberFormat.fixed(f.psi, 4)) > --max-psi \(NumberFormat.shortest(maxPSI))")
            }
        }
        if let maxScorePSI, r.scorePSI > maxScorePSI {
            out.append("score \(NumberFormat.fixed(r.scorePSI, 4)) > --max-score-psi \(NumberFormat.shortest(maxScorePSI))")
        }
        return out
    }


    static let floor = 1e-4

    static func psi(expected: [Double], actual: [Double]) -> Double {
        zip(expected, actual).reduce(0) { sum, pair in
            let e = max(pair.0, floor), a = max(pair.1, floor)
            return sum + (a - e) * log(a / e)
        }
    }

    static func status(_ psi: Double) -> String { psi > 0.25 ? "shift" : psi > 0.1 ? "watch" : "stable" }

    static let unseen = "(unseen)"

    /// - Parameters:
    ///   - events: the leads' activity log, when the model has activity features; `asOf`: when it stops counting.
    public static func run(model: ModelFile, leads: String, delimiter: UInt8?, events: String? = nil, asOf: Double? = nil,
                           eventsRejects: String? = nil, progress: ((String) -> Void)? = nil) throws -> Report {
        let reader = try CSVReader(path: leads, delimiter: delimiter)
        let meter = progress.map { ProgressMeter("reading", totalBytes: reader.dataEnd - reader.dataOffset, report: $0) }
        let header = reader.header
        let eventRejects = EventRejects.at(model.usesEvents ? eventsRejects : nil)
        let activity = try model.eventValues(leads: leads, events: events, asOf: .fixed(asOf ?? Date().timeIntervalSince1970),
                                             delimiter: delimiter, rejects: eventRejects)
        try eventRejects?.commit()
        let scorer = try RowScorer(model: model, header: header, file: leads, events: activity)
        let missing = model.spec.valueRules
        // A feature from the activity log has no field: −1 − its index among the log's features.
        let fields = try model.distributions.map { d -> Int in
            if let e = activity?.names.firstIndex(of: d.name), !header.contains(d.name) { return -1 - e }
            guard let i = header.firstIndex(of: d.name) else {
                throw FileError.header(file: leads, message: "there is no column '\(d.name)', which the model needs")
            }
            return i
        }
        var binCounts = model.distributions.map { [Double](repeating: 0, count: ($0.bins?.shares.count ?? 0) + 1) }
        var levelCounts = [[String: Double]](repeating: [:], count: model.distributions.count)
        var scoreCounts = [Double](repeating: 0, count: (model.scoreBins?.shares.count ?? 0))
        var rows = 0, unscorable = 0
        var contributions = [Double](repeating: 0, count: scorer.featureNames.count)
        var counts = RowScorer.Counts()
        // Categorical levels are counted as the model saw them (lower-cased with normalize: {case: lower}).
        let folds = model.encoder.features.map { model.spec.foldsCase && $0.type == .categorical }
        var pending = (rows: 0, bytes: 0)
        try reader.forEachRecord { record in
            // Progress from the first row, then in steps of 4,096 rows: the meter takes a lock.
            pending.rows += 1; pending.bytes += record.length
            if pending.rows == 4096 || rows + unscorable == 0 { meter?.add(rows: pending.rows, bytes: pending.bytes); pending = (0, 0) }
            guard record.count == header.count else { unscorable += 1; return }
            rows += 1
            let lead = activity.flatMap { $0.lead(record[$0.idField], missing: missing) }
            for (k, d) in model.distributions.enumerated() {
                if fields[k] < 0, let bins = d.bins, let activity {
                    binCounts[k][bins.index(activity.value(lead: lead, feature: -1 - fields[k]))] += 1
                    continue
                }
                let f = record[fields[k]]
                if let bins = d.bins {
                    if missing.isMissing(f) { binCounts[k][bins.shares.count] += 1 }
                    else if let v = missing.number(f), v.isFinite { binCounts[k][bins.index(v)] += 1 }
                } else {
                    var level = EncodedFeature.missingLevel
                    if !missing.isMissing(f) {
                        let raw = String(decoding: f, as: UTF8.self)
                        level = folds[k] ? CaseFold.string(raw) : raw
                    }
                    levelCounts[k][(d.shares?[level] != nil) ? level : unseen, default: 0] += 1
                }
            }
            if let bins = model.scoreBins {
                let (eta, problem) = scorer.score(record, missing: missing, contributions: &contributions, counts: &counts)
                if problem == nil { scoreCounts[bins.index(Logistic.sigmoid(eta))] += 1 } else { unscorable += 1 }
            }
        }
        if rows == 0 { throw FileError(file: leads, message: "has no rows; drift needs leads to compare with the training rows") }
        let features = model.distributions.enumerated().map { k, d -> FeatureDrift in
            let value: Double
            if let bins = d.bins {
                let expected = bins.shares.map { $0 * (1 - d.missingShare) } + [d.missingShare]
                let total = max(1, binCounts[k].reduce(0, +))
                value = psi(expected: expected, actual: binCounts[k].map { $0 / total })
            } else {
                let shares = d.shares ?? [:]
                let keys = shares.keys.sorted() + [unseen]
                let total = max(1, levelCounts[k].values.reduce(0, +))
                value = psi(expected: keys.map { shares[$0] ?? 0 }, actual: keys.map { (levelCounts[k][$0] ?? 0) / total })
            }
            return FeatureDrift(name: d.name, psi: value, status: status(value))
        }
        var scorePSI = Double.nan
        if let bins = model.scoreBins {
            let total = max(1, scoreCounts.reduce(0, +))
            scorePSI = psi(expected: bins.shares, actual: scoreCounts.map { $0 / total })
        }
        return Report(features: features, scorePSI: scorePSI, scoreStatus: scorePSI.isNaN ? "unknown" : status(scorePSI),
                      rows: rows, unscorable: unscorable)
    }
}

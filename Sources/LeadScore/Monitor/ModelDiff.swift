import Foundation

/// What changed between two models: coefficients by term, and with leads and a policy, how the leads
/// move between tiers.
public enum ModelDiff {
    struct TermChange: Codable, Sendable, Equatable {
        var term: String
        public var old: Double?
        public var new: Double?
        var change: Double?
        /// |change| > 1.96·√(se_old² + se_new²): more than the two fits' uncertainty explains.
        var exceedsErrors: Bool

        enum CodingKeys: String, CodingKey {
            case term, old, new, change
            case exceedsErrors = "exceeds_errors"
        }
    }

    public struct Report: Codable, Sendable {
        var terms: [TermChange]
        var added: [String]
        var dropped: [String]
        /// Tier names (rank order) and counts[old][new], when leads and a policy were given.
        public var tiers: [String]?
        public var migration: [[Int]]?
        public var leads: Int?
        /// With segment models in either: each model's segments (`region=emea`), old and new.
        var segments: [[String]]?
    }

    /// - Parameters:
    ///   - events: the leads' activity log, when a model has activity features; `asOf`: when it stops counting.
    public static func run(old: ModelFile, new: ModelFile, leads: String?, policyPath: String?, delimiter: UInt8?,
                           events: String? = nil, asOf: Double? = nil) throws -> Report {
        let a = Dictionary(uniqueKeysWithValues: old.coefficients.map { ($0.term, $0) })
        let b = Dictionary(uniqueKeysWithValues: new.coefficients.map { ($0.term, $0) })
        let order = old.coefficients.map(\.term) + new.coefficients.map(\.term).filter { a[$0] == nil }
        let terms = order.map { t -> TermChange in
            let x = a[t], y = b[t]
            let change = x.flatMap { x in y.map { $0.estimate - x.estimate } }
            var exceeds = false
            if let change, let x, let y {
                let se = (x.stdError * x.stdError + y.stdError * y.stdError).squareRoot()
                exceeds = se.isFinite && abs(change) > Logistic.z975 * se
            }
            return TermChange(term: t, old: x?.estimate, new: y?.estimate, change: change, exceedsErrors: exceeds)
        }
        var report = Report(terms: terms, added: new.coefficients.map(\.term).filter { a[$0] == nil },
                            dropped: old.coefficients.map(\.term).filter { b[$0] == nil }, tiers: nil, migration: nil, leads: nil)
        if old.segments != nil || new.segments != nil {
            report.segments = [old, new].map { m in m.segments.map { seg in seg.models.indices.map(seg.name) } ?? [] }
        }
        if let leads, let policyPath {
            let header = try CSVReader(path: leads, delimiter: delimiter).header
            /// The policy's tier names, and each data row's tier (nil: the model could not score it).
            func tiers(_ m: ModelFile) throws -> (names: [String], rows: [UInt8?]) {
                // Loaded for each model: tiers may name the model's groups.
                let policy = try Policy.load(path: policyPath, header: header, groups: m.spec.groups?.map(\.name) ?? [])
                let activity = try m.eventValues(leads: leads, events: events, asOf: .fixed(asOf ?? Date().timeIntervalSince1970),
                                                 delimiter: delimiter)
                let scorer = try RowScorer(model: m, header: header, file: leads, events: activity)
                let pass = try ScoringPass.run(model: m, path: leads, policy: policy, scorer: scorer, delimiter: delimiter,
                                               subScores: policy.needsSubScores ? SubScores(groups: m.spec.groups, scorer: scorer) : nil) { _ in }
                let t = TierAssigner.assign(policy, probabilities: pass.probabilities,
                                            order: TierAssigner.byProbability(pass.probabilities), passes: pass.passes,
                                            disqualified: pass.disqualified, groups: pass.groupScores)
                return (policy.tierNames, pass.byRow(t.map { Optional($0) }, none: nil))
            }
            // The names are the policy file's whichever model loaded it.
            let (names, before) = try tiers(old), after = try tiers(new).rows
            var matrix = [[Int]](repeating: [Int](repeating: 0, count: names.count), count: names.count)
            var n = 0
            for (t, u) in zip(before, after) {
                if let t, let u { matrix[Int(t)][Int(u)] += 1; n += 1 }
            }
            report.tiers = names
            report.migration = matrix
            report.leads = n
        }
        return report
    }
}

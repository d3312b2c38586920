import Foundation

/// What changed between two models: coefficients by term, and with leads and a policy, how the leads
/// move between tiers.
public enum ModelDiff {
    public struct TermChange: Codable, Sendable, Equatable {
        public var term: String
        public var old: Double?
        public var new: Double?
        public var change: Double?
        /// |change| > 1.96·√(se_old² + se_new²): more than the two fits' uncertainty explains.
        public var exceedsErrors: Bool

        enum CodingKeys: String, CodingKey {
            case term, old, new, change
            case exceedsErrors = "exceeds_errors"
        }
    }

    public struct Report: Codable, Sendable {
        public var terms: [TermChange]
        public var added: [String]
        public var dropped: [String]
        /// Tier names (rank order) and counts[old][new], when leads and a policy were given.
        public var tiers: [String]?
        public var migration: [[Int]]?
        public var leads: Int?
    }

    public static func run(old: ModelFile, new: ModelFile, leads: String?, policyPath: String?, delimiter: UInt8?) throws -> Report {
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
        if let leads, let policyPath {
            let header = try CSVReader(path: leads, delimiter: delimiter).header
            let policy = try Policy.load(path: policyPath, header: header)
            /// Each data row's tier (nil: the model could not score it).
            func tiers(_ m: ModelFile) throws -> [UInt8?] {
                let scorer = try RowScorer(model: m, header: header, file: leads)
                let pass = try ScoringPass.run(model: m, path: leads, policy: policy, scorer: scorer, delimiter: delimiter) { _ in }
                let t = TierAssigner.assign(policy, probabilities: pass.probabilities,
                                            order: TierAssigner.byProbability(pass.probabilities), passes: pass.passes,
                                            disqualified: pass.disqualified)
                return pass.byRow(t.map { Optional($0) }, none: nil)
            }
            let before = try tiers(old), after = try tiers(new)
            var matrix = [[Int]](repeating: [Int](repeating: 0, count: policy.tierNames.count), count: policy.tierNames.count)
            var n = 0
            for (t, u) in zip(before, after) {
                if let t, let u { matrix[Int(t)][Int(u)] += 1; n += 1 }
            }
            report.tiers = policy.tierNames
            report.migration = matrix
            report.leads = n
        }
        return report
    }

    public static func text(_ r: Report) -> String {
        var lines = ["coefficient changes (encoded scale), largest first; * = beyond 1.96 combined standard errors"]
        let width = max(24, (r.terms.map(\.term.count).max() ?? 0) + 2)
        lines.append("  " + "term".padding(toLength: width, withPad: " ", startingAt: 0) + "       old       new    change")
        let f = { (v: Double?) in v.map { NumberFormat.fixed($0, 4) } ?? "—" }
        for t in r.terms.sorted(by: { abs($0.change ?? .infinity) > abs($1.change ?? .infinity) }) {
            let cells = [f(t.old), f(t.new), f(t.change)].map { String(repeating: " ", count: max(0, 10 - $0.count)) + $0 }
            lines.append("  " + t.term.padding(toLength: width, withPad: " ", startingAt: 0) + cells.joined() + (t.exceedsErrors ? " *" : ""))
        }
        if !r.added.isEmpty { lines.append("added terms: " + r.added.joined(separator: ", ")) }
        if !r.dropped.isEmpty { lines.append("dropped terms: " + r.dropped.joined(separator: ", ")) }
        if let tiers = r.tiers, let m = r.migration {
            lines.append("")
            lines.append("tier migration of \(r.leads ?? 0) leads (rows: old model's tier, columns: new model's)")
            let w = max(13, (tiers.map(\.count).max() ?? 0) + 1)
            lines.append(String(repeating: " ", count: w + 2) + tiers.map { String(repeating: " ", count: max(0, w - $0.count)) + $0 }.joined())
            for (i, name) in tiers.enumerated() {
                lines.append("  " + name.padding(toLength: w, withPad: " ", startingAt: 0)
                    + m[i].map { String(repeating: " ", count: max(0, w - String($0).count)) + String($0) }.joined())
            }
        }
        return lines.joined(separator: "\n")
    }
}

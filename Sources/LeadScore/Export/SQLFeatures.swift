/// The model's encoding in SQL: one contribution c_f per feature (the README's reason contributions, which sum
/// with the baseline to the log-odds) and the reason a row cannot be scored.
///
/// The constants are `RowScorer`'s own doubles, and the one run-time formula, a numeric's
/// β·(t(v) − mean)/scale − centre, is written in the order `RowScorer` evaluates it, so that each engine's
/// IEEE arithmetic repeats leadscore's.
struct SQLFeatures {
    struct Feature {
        let name: String
        /// The contribution expression (NULL for a value that cannot be read).
        let contribution: String
        /// The reject reason for this feature's value, or nil when every value can be read.
        let problem: String?
    }

    let features: [Feature]
    /// β₀ + Σ_j β_j·m_j.
    let baseline: Double

    init(features: [Feature], baseline: Double) {
        self.features = features
        self.baseline = baseline
    }

    init(model: ModelFile, values: inout SQLValues) throws {
        let names = model.encoder.features.map(\.name)
        let scorer = try RowScorer(model: model, header: names, file: "the model")
        let d = values.dialect
        let beta = model.beta
        var term = 1
        var features: [Feature] = []
        for (f, slot) in zip(model.encoder.features, scorer.slots) {
            let b = Array(beta[term..<(term + f.terms.count)])
            term += f.terms.count
            let lit = d.double
            let quotedName = "column '\(f.name)': "
            switch f.type {
            case .numeric:
                values.use(f.name, asNumber: true)
                let s = values.value(f.name), n = values.number(f.name)
                // PostgreSQL raises on a double overflow where the others give ±infinity: it sees values clamped
                // to ±1e300, whose contributions still saturate the probability to 0 or 1, as leadscore's do.
                let value = d == .postgres ? "LEAST(GREATEST(\(n), \(lit(-1e300))), \(lit(1e300)))" : n
                let transformed = slot.kind.isLog1p ? d.log1p(value) : value
                let present = "\(lit(slot.beta)) * (\(transformed) - \(lit(slot.mean))) / \(lit(slot.scale)) - \(lit(slot.centre))"
                let readable = "\(values.isFinite(n))" + (slot.kind.isLog1p ? " AND \(n) > \(lit(-1))" : "")
                let contribution = "CASE WHEN \(s) IS NULL THEN \(lit(slot.indicatorBeta - slot.centre))"
                    + " WHEN \(readable) THEN \(present) END"
                var problem = "CASE WHEN \(s) IS NULL THEN NULL"
                    + " WHEN NOT \(values.isNumber(f.name)) THEN \(d.string(quotedName + "\"")) || \(s) || \(d.string("\" is not a number"))"
                    + " WHEN NOT \(values.isFinite(n)) THEN \(d.string(quotedName + "\"")) || \(s) || \(d.string("\" is not a finite number"))"
                if slot.kind.isLog1p {
                    problem += " WHEN NOT \(n) > \(lit(-1)) THEN \(d.string(quotedName + "log1p needs a value above -1, not ")) || \(s)"
                }
                features.append(Feature(name: f.name, contribution: contribution, problem: problem + " END"))
            case .boolean:
                values.use(f.name)
                let s = values.value(f.name)
                let missing = slot.beta * slot.mean + slot.indicatorBeta - slot.centre
                let contribution = "CASE WHEN \(s) IS NULL THEN \(lit(missing))"
                    + " WHEN LOWER(\(s)) IN (\(Self.tokens(true, d))) THEN \(lit(slot.beta - slot.centre))"
                    + " WHEN LOWER(\(s)) IN (\(Self.tokens(false, d))) THEN \(lit(0 - slot.centre)) END"
                let problem = "CASE WHEN \(s) IS NOT NULL AND LOWER(\(s)) NOT IN (\(Self.tokens(true, d)), \(Self.tokens(false, d)))"
                    + " THEN \(d.string(quotedName + "\"")) || \(s) || \(d.string("\" is not a boolean (\(BooleanTokens.spelled))")) END"
                features.append(Feature(name: f.name, contribution: contribution, problem: problem))
            case .categorical:
                values.use(f.name)
                let s = values.value(f.name)
                var betaOf: [(level: String, beta: Double)] = []
                let other = f.levels.firstIndex(of: EncodedFeature.other).map { b[$0] } ?? 0
                for (k, level) in f.levels.enumerated() where level != EncodedFeature.other && level != EncodedFeature.missingLevel {
                    betaOf.append((level, b[k]))
                }
                betaOf += f.folded.map { ($0, other) }
                if let r = f.reference, r != EncodedFeature.missingLevel, r != EncodedFeature.other { betaOf.append((r, 0)) }
                let whens = betaOf.map { " WHEN \(d.string($0.level)) THEN \(lit($0.beta - slot.centre))" }.joined()
                // normalize: {case: lower}: the levels are lower case, and so is the value looked up.
                let subject = model.spec.foldsCase ? "LOWER(\(s))" : s
                let present = whens.isEmpty ? lit(-slot.centre) : "CASE \(subject)\(whens) ELSE \(lit(-slot.centre)) END"
                let contribution = "CASE WHEN \(s) IS NULL THEN \(lit(slot.missingBeta - slot.centre)) ELSE \(present) END"
                features.append(Feature(name: f.name, contribution: contribution, problem: nil))
            }
        }
        self.features = features
        baseline = scorer.baseline
    }

    static func tokens(_ value: Bool, _ d: SQLDialect) -> String {
        BooleanTokens.pairs.map { value ? $0.yes : $0.no }.map(d.string).joined(separator: ", ")
    }
}

extension RowScorer.Kind {
    var isLog1p: Bool { if case .numeric(log1p: true) = self { return true } else { return false } }
}

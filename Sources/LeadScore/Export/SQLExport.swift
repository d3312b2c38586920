/// `leadscore export-sql`: a model (and a policy) as one SQL `SELECT` that scores a table inside the engine,
/// with the columns and values of `score`'s CSV output.
///
/// The query is a chain of common table expressions, each adding columns to the one before:
/// `src` (the id and each used column as trimmed text) → `vals` (NULL for missing) → `nums` (numbers) →
/// `contrib` (one contribution per feature and the reject reason) → `logit` → `scored` (probability, score,
/// gate states) → `tiers0`…`tiersK` (one step per tier) → `ranked` → `reasons`; the final `SELECT` names
/// the result columns and orders by rank. Rows `score` would reject keep their id and `reject_reason`,
/// with every other column NULL.
public enum SQLExport {
    public struct Options: Sendable {
        public var dialect: SQLDialect
        public var table: String
        /// A `reasons` column with this many reasons per lead (nil: none).
        public var reasons: Int?
        public var policy: String?

        public init(dialect: SQLDialect, table: String) {
            self.dialect = dialect
            self.table = table
        }
    }

    public static func query(model: ModelFile, modelPath: String, options o: Options) throws -> String {
        let d = o.dialect
        guard let idName = model.spec.id else {
            throw FileError(file: modelPath, message: "the model has no id column, and the exported query returns one row per"
                + " lead by its id; train it with --id COL (or `id:` in the spec)")
        }
        if model.spec.events != nil {
            throw UsageError("\(modelPath): the model's activity features (events:…) come from an event log, which the"
                + " exported query does not join yet; export a model trained without events:, or score with"
                + " `leadscore score --events FILE`")
        }
        guard let table = d.table(o.table) else {
            throw UsageError("--table \(o.table): a table name is NAME or SCHEMA.NAME, with no empty part")
        }
        let groups = model.spec.groups ?? []
        let policy = try o.policy.map { try Policy.load(path: $0, header: nil, groups: groups.map(\.name)) }
        var values = SQLValues(dialect: d, missing: model.spec.valueRules)
        // With segment models, each contribution and the baseline are the lead's segment model's (a CASE on the
        // segment column's value), else the global model's.
        var segmented = SQLSegments(model: model, values: &values)
        let features: SQLFeatures
        if segmented != nil { features = try segmented!.features(&values) } else { features = try SQLFeatures(model: model, values: &values) }
        let rules = policy.map { SQLPolicy(policy: $0, values: &values) }
        let q = d.identifier
        let id = q("id")
        let rejected = "\(q("reject_reason")) IS NOT NULL"
        let c = features.features.indices.map { q("c\($0)") }

        var ctes: [(name: String, body: String)] = []
        ctes.append(("src", "SELECT " + values.trimmed(idAlias: id, id: idName).joined(separator: ",\n    ") + "\n  FROM " + table))
        ctes.append(("vals", "SELECT " + values.values(idAlias: id).joined(separator: ",\n    ") + "\n  FROM " + q("src")))
        ctes.append(("nums", "SELECT " + (["*"] + values.numbers()).joined(separator: ",\n    ") + "\n  FROM " + q("vals")))
        let problems = features.features.compactMap(\.problem)
        let reject = problems.isEmpty ? "CAST(NULL AS \(d.textType))"
            : problems.count == 1 ? problems[0] : "COALESCE(" + problems.joined(separator: ",\n      ") + ")"
        ctes.append(("contrib", "SELECT " + (["*"] + features.features.enumerated().map { "\($1.contribution) AS \(c[$0])" }
            + [reject + " AS " + q("reject_reason")]).joined(separator: ",\n    ") + "\n  FROM " + q("nums")))
        let baseline = segmented?.baseline ?? d.double(features.baseline)
        ctes.append(("logit", "SELECT *, " + ([baseline] + c).joined(separator: " + ") + " AS " + q("eta")
            + " FROM " + q("contrib")))
        // σ(η) = 1/(1 + e^(−η)) as `Logistic.sigmoid`; the exponent is clamped where e^x over- or underflows
        // (PostgreSQL raises there), which leaves the double result unchanged.
        let exp = "EXP(GREATEST(LEAST(-\(q("eta")), \(d.double(709))), \(d.double(-708))))"
        let probability = "CASE WHEN \(rejected) THEN NULL ELSE \(d.double(1)) / (\(d.double(1)) + \(exp)) END"
        ctes.append(("probs", "SELECT *, " + probability + " AS " + q("probability") + " FROM " + q("logit")))
        func score(_ p: String) -> String {
            "CASE WHEN \(rejected) THEN NULL ELSE CAST(FLOOR(\(d.double(100)) * \(p) + \(d.double(0.5))) AS \(d.integerType)) END"
        }
        var scoredColumns = ["*", score(q("probability")) + " AS " + q("score")]
        if let segmented { scoredColumns.append("CASE WHEN \(rejected) THEN NULL ELSE \(segmented.modelName) END AS " + q("model")) }
        // Sub-scores (`SubScores`): each group's log-odds summed in the scorer's order, as leadscore does.
        let featureIndex = Dictionary(uniqueKeysWithValues: features.features.enumerated().map { ($1.name, $0) })
        for g in groups {
            let eta = ([baseline] + g.columns.compactMap { featureIndex[$0] }.map { c[$0] }).joined(separator: " + ")
            let p = "\(d.double(1)) / (\(d.double(1)) + EXP(GREATEST(LEAST(-(\(eta)), \(d.double(709))), \(d.double(-708)))))"
            scoredColumns.append(score(p) + " AS " + q("score_" + g.name))
        }
        if let rules {
            for (g, gate) in rules.policy.gates.enumerated() {
                scoredColumns.append("CASE WHEN \(rejected) THEN NULL ELSE \(rules.gateState(gate, values)) END AS " + q("g\(g)"))
            }
            scoredColumns.append("CASE WHEN \(rejected) THEN NULL ELSE \(rules.disqualified(values)) END AS " + q("disqualified"))
        }
        ctes.append(("graded", "SELECT " + scoredColumns.joined(separator: ",\n    ") + "\n  FROM " + q("probs")))
        var last = q("graded")
        if let rules {
            let passed = rules.policy.gates.indices.map { "CASE WHEN \(q("g\($0)")) = 'pass' THEN 1 ELSE 0 END" }
            let grade = rules.policy.grades.map { g in
                ", CASE WHEN \(rejected) THEN NULL" + g.bands.map { " WHEN \(q("score_" + g.group)) >= \($0.min) THEN \(d.string($0.letter))" }.joined()
                    + " ELSE \(d.string(Grades.below)) END AS " + q("grade")
            } ?? ""
            ctes.append(("gated", "SELECT *, CASE WHEN \(rejected) THEN NULL ELSE "
                + (passed.isEmpty ? "0" : passed.joined(separator: " + ")) + " END AS " + q("gates_passed") + grade + " FROM " + last))
            let steps = rules.tierSteps(from: q("gated"), id: id)
            ctes += steps.ctes
            let order = rules.policy.tierNames.enumerated().map { " WHEN \(d.string($1)) THEN \($0)" }.joined()
            ctes.append(("ranked", "SELECT *, \(steps.tier) AS \(q("tier")), CASE WHEN \(rejected) THEN NULL ELSE ROW_NUMBER() OVER"
                + " (PARTITION BY \(rejected) ORDER BY CASE \(steps.tier)\(order) END, \(q("probability")) DESC, \(id) ASC) END AS "
                + q("rank") + " FROM " + steps.last))
        } else {
            ctes.append(("ranked", "SELECT *, CASE WHEN \(rejected) THEN NULL ELSE ROW_NUMBER() OVER (PARTITION BY \(rejected)"
                + " ORDER BY \(q("probability")) DESC, \(id) ASC) END AS " + q("rank") + " FROM " + last))
        }
        last = q("ranked")
        var columns = ["\(id) AS \(q(idName))", q("probability"), q("score")]
        if let rules {
            columns += [q("tier"), q("rank"), q("gates_passed")]
            columns += rules.policy.gates.enumerated().map { "\(q("g\($0)")) AS \(q("gate_" + $1.name))" }
        } else {
            columns.append(q("rank"))
        }
        if let k = o.reasons {
            let reasons = SQLReasons(dialect: d, features: features.features.map(\.name), values: values)
            ctes.append(("positions", "SELECT " + (["*"] + reasons.positions()).joined(separator: ",\n    ") + "\n  FROM " + last))
            last = q("positions")
            columns.append("CASE WHEN \(rejected) THEN NULL ELSE \(reasons.text(k)) END AS " + q("reasons"))
        }
        if let rules {
            columns.append("CASE WHEN \(rejected) THEN NULL ELSE \(rules.tierReason(tier: q("tier"), values)) END AS " + q("tier_reason"))
        }
        columns += groups.map { q("score_" + $0.name) } + (rules?.policy.grades == nil ? [] : [q("grade")])
            + (segmented == nil ? [] : [q("model")])
        columns += features.features.enumerated().map { "CASE WHEN \(rejected) THEN NULL ELSE \(c[$0]) END AS \(q("contribution_" + $1.name))" }
        columns.append(q("reject_reason"))

        var sql = "-- leadscore \(LeadScoreVersion.current) export-sql --dialect \(d.rawValue): scores \(o.table) with \(modelPath)"
            + (o.policy.map { " and \($0)" } ?? "") + ".\n"
        sql += "-- Columns as in `leadscore score`; rank ties on equal probability go to the lower id.\n"
        // PostgreSQL inlines a step used once into the next, which here repeats every value's parsing in each
        // use of it (the reasons read each contribution 2F times): each step is computed once instead.
        let materialized = d == .postgres ? "MATERIALIZED " : ""
        sql += "WITH\n" + ctes.map { "\(q($0.name)) AS \(materialized)(\n  \($0.body)\n)" }.joined(separator: ",\n")
        sql += "\nSELECT\n  " + columns.joined(separator: ",\n  ") + "\nFROM " + last
        sql += "\nORDER BY \(q("rank")) ASC NULLS LAST, \(id) ASC;\n"
        return sql
    }
}

/// A policy in SQL: each gate's state, the disqualify rule, and the tiers with `max_leads` as window functions.
///
/// Conditions follow `CompiledCondition`: a leaf on a missing value is false (except `missing`); `is` reads
/// boolean tokens; `gt`…`lte` compare the field's number; `eq`/`in` compare numbers when both the field and
/// the literal are numbers and exact text otherwise. Every expression is TRUE or FALSE, never NULL.
struct SQLPolicy {
    let policy: Policy
    let dialect: SQLDialect

    init(policy: Policy, values: inout SQLValues) {
        self.policy = policy
        dialect = values.dialect
        for c in policy.gates.map(\.condition) + (policy.disqualify.map { [$0] } ?? []) { Self.register(c, &values) }
    }

    private static func register(_ c: Condition, _ values: inout SQLValues) {
        switch c {
        case .any(let cs), .all(let cs): cs.forEach { register($0, &values) }
        case .not(let inner): register(inner, &values)
        case .leaf(let l):
            switch l.op {
            case .gt, .gte, .lt, .lte: values.use(l.field, asNumber: true)
            case .eq(let v), .ne(let v): values.use(l.field, asNumber: v.number != nil)
            case .inSet(let vs), .notIn(let vs): values.use(l.field, asNumber: vs.contains { $0.number != nil })
            case .isBool, .missing: values.use(l.field)
            }
        }
    }

    func condition(_ c: Condition, _ values: SQLValues) -> String {
        switch c {
        case .any(let cs): return "(" + cs.map { condition($0, values) }.joined(separator: " OR ") + ")"
        case .all(let cs): return "(" + cs.map { condition($0, values) }.joined(separator: " AND ") + ")"
        case .not(let inner): return "(NOT " + condition(inner, values) + ")"
        case .leaf(let l): return leaf(l, values)
        }
    }

    private func leaf(_ l: Condition.Leaf, _ values: SQLValues) -> String {
        let d = dialect
        let s = values.value(l.field)
        func compare(_ op: String, _ x: Double) -> String { "COALESCE(\(values.number(l.field)) \(op) \(d.double(x)), FALSE)" }
        /// Whether the field equals one of `vs` (FALSE when it is missing).
        func matches(_ vs: [Condition.Value]) -> String {
            "(" + vs.map { v -> String in
                guard let x = v.number else { return "COALESCE(\(s) = \(d.string(v.text)), FALSE)" }
                // A field that reads as a number compares as one (NaN equals nothing); other text exactly.
                let equal = x.isNaN ? "FALSE" : "\(values.number(l.field)) = \(d.double(x))"
                return "COALESCE(CASE WHEN \(values.isNumber(l.field)) THEN \(equal) ELSE \(s) = \(d.string(v.text)) END, FALSE)"
            }.joined(separator: " OR ") + ")"
        }
        switch l.op {
        case .missing(let yes): return "(\(s) IS \(yes ? "" : "NOT ")NULL)"
        case .isBool(let b): return "COALESCE(LOWER(\(s)) IN (\(SQLFeatures.tokens(b, d))), FALSE)"
        case .gt(let x): return compare(">", x)
        case .gte(let x): return compare(">=", x)
        case .lt(let x): return compare("<", x)
        case .lte(let x): return compare("<=", x)
        case .eq(let v): return matches([v])
        case .inSet(let vs): return matches(vs)
        case .ne(let v): return "(\(s) IS NOT NULL AND NOT \(matches([v])))"
        case .notIn(let vs): return "(\(s) IS NOT NULL AND NOT \(matches(vs)))"
        }
    }

    /// Field names a condition reads.
    static func fields(_ c: Condition) -> [String] {
        switch c {
        case .any(let cs), .all(let cs): return cs.flatMap(fields)
        case .not(let inner): return fields(inner)
        case .leaf(let l): return [l.field]
        }
    }

    /// `pass`, `fail` or `unknown` (every field the gate reads is missing).
    func gateState(_ g: Policy.Gate, _ values: SQLValues) -> String {
        var seen = Set<String>()
        let unknown = Self.fields(g.condition).filter { seen.insert($0).inserted }.map { "\(values.value($0)) IS NULL" }
        return "CASE WHEN \(unknown.joined(separator: " AND ")) THEN 'unknown' WHEN \(condition(g.condition, values))"
            + " THEN 'pass' ELSE 'fail' END"
    }

    func disqualified(_ values: SQLValues) -> String {
        policy.disqualify.map { condition($0, values) } ?? "FALSE"
    }

    /// `TierReason`'s text for the final tier `tier` (see there), from the columns of ``tierSteps(from:id:)``.
    func tierReason(tier: String, _ values: SQLValues) -> String {
        let d = dialect
        let names = policy.tierNames
        let gates = policy.gates.map(\.name)
        func int(_ column: String) -> String { d.asText(d.identifier(column)) }
        var whens: [String] = []
        if let rule = policy.disqualify {
            let pick = TierReason.alternatives(rule).map { " WHEN \(condition($0, values)) THEN \(d.string(names.last! + ": " + $0.description))" }.joined()
            whens.append(" WHEN \(d.string(names.last!)) THEN CASE\(pick) ELSE \(d.string(names.last!)) END")
        } else {
            whens.append(" WHEN \(d.string(names.last!)) THEN \(d.string(names.last!))")
        }
        // The top tier: the conditions it met.
        let top = policy.tiers[0]
        var met: [String] = []
        if let s = top.minScore { met.append("\(d.string("score ")) || \(int("score")) || \(d.string(" ≥ \(s)"))") }
        if top.minGates != nil || !top.require.isEmpty {
            let incl = top.require.isEmpty ? "" : " incl. " + top.require.map { gates[$0] }.joined(separator: ", ")
            met.append("\(d.string("gates ")) || \(int("gates_passed")) || \(d.string("/\(gates.count)\(incl)"))")
        }
        for c in top.minGroupScores {
            met.append("\(d.string(c.group + " ")) || \(int("score_" + c.group)) || \(d.string(" ≥ \(c.min)"))")
        }
        if top.grades != nil { met.append("\(d.string("grade ")) || \(d.identifier("grade"))") }
        let metText = met.isEmpty ? d.string("every lead") : met.joined(separator: " || ', ' || ")
        whens.append(" WHEN \(d.string(top.name)) THEN \(d.string(top.name + ": ")) || \(metText)")
        // Lower tiers: why not the tier just above.
        for t in 1..<policy.tiers.count {
            let above = policy.tiers[t - 1]
            var why: [String] = []
            if let s = above.minScore {
                why.append(" WHEN \(d.identifier("score")) < \(s) THEN \(d.string("score ")) || \(int("score")) || \(d.string(" < \(s) for \(above.name)"))")
            }
            if let g = above.minGates {
                why.append(" WHEN \(d.identifier("gates_passed")) < \(g) THEN \(d.string("gates ")) || \(int("gates_passed"))"
                    + " || \(d.string("/\(gates.count) < \(g) for \(above.name)"))")
            }
            for g in above.require {
                let state = d.identifier("g\(g)")
                why.append(" WHEN \(state) <> 'pass' THEN \(d.string("gate \(gates[g]) ")) || CASE WHEN \(state) = 'unknown'"
                    + " THEN 'unknown' ELSE 'failed' END")
            }
            for c in above.minGroupScores {
                why.append(" WHEN \(d.identifier("score_" + c.group)) < \(c.min) THEN \(d.string(c.group + " ")) || \(int("score_" + c.group))"
                    + " || \(d.string(" < \(c.min) for \(above.name)"))")
            }
            if let letters = above.grades {
                why.append(" WHEN \(d.identifier("grade")) NOT IN (" + letters.map(d.string).joined(separator: ", ") + ") THEN"
                    + " \(d.string("grade ")) || \(d.identifier("grade")) || \(d.string(" not " + letters.joined(separator: " or ") + " for \(above.name)"))")
            }
            let capacity = above.maxLeads == nil ? "NULL"
                : "\(d.string("over \(above.name) capacity (rank ")) || \(int("q\(t - 1)")) || ' of ' || \(int("m\(t - 1)")) || ' eligible)'"
            whens.append(" WHEN \(d.string(policy.tiers[t].name)) THEN \(d.string(policy.tiers[t].name + ": ")) || CASE\(why.joined()) ELSE \(capacity) END")
        }
        return "CASE \(tier)\(whens.joined()) END"
    }

    /// One common table expression per tier, `tier<k>` the tier after step k (NULL: not placed yet), each
    /// reading the one before; the first places disqualified leads. Leads meet the tiers top to bottom,
    /// highest probability first, ties by id ascending; a tier with `max_leads` takes the first that many of
    /// the leads that meet its conditions and are not placed yet (`TierAssigner`).
    /// - Parameters:
    ///   - from: the expression the first reads, holding `probability`, `score`, `gates_passed`, the gate
    ///     states `g<k>`, `disqualified` and `reject_reason`.
    func tierSteps(from: String, id: String) -> (ctes: [(name: String, body: String)], last: String, tier: String) {
        let d = dialect
        var ctes: [(String, String)] = []
        let scored = "\(d.identifier("reject_reason")) IS NULL"
        ctes.append(("tiers0", "SELECT *, CASE WHEN \(scored) AND \(d.identifier("disqualified")) THEN \(d.string(Policy.disqualified))"
            + " END AS \(d.identifier("tier0")) FROM \(from)"))
        for (k, t) in policy.tiers.enumerated() {
            let previous = d.identifier("tier\(k)")
            var eligible = ["\(scored)", "\(previous) IS NULL"]
            if let s = t.minScore { eligible.append("\(d.identifier("score")) >= \(s)") }
            if let g = t.minGates { eligible.append("\(d.identifier("gates_passed")) >= \(g)") }
            for g in t.require { eligible.append("\(d.identifier("g\(g)")) = 'pass'") }
            for c in t.minGroupScores { eligible.append("\(d.identifier("score_" + c.group)) >= \(c.min)") }
            if let letters = t.grades { eligible.append("\(d.identifier("grade")) IN (" + letters.map(d.string).joined(separator: ", ") + ")") }
            let test = "(" + eligible.joined(separator: " AND ") + ")"
            var place = test
            var counts = ""
            if let m = t.maxLeads {
                // The position among the leads that met the conditions, and their number, for tier_reason.
                let position = "ROW_NUMBER() OVER (PARTITION BY \(test) ORDER BY \(d.identifier("probability")) DESC, \(id) ASC)"
                place = "\(test) AND \(position) <= \(m)"
                counts = ", CASE WHEN \(test) THEN \(position) END AS \(d.identifier("q\(k)"))"
                    + ", CASE WHEN \(test) THEN COUNT(*) OVER (PARTITION BY \(test)) END AS \(d.identifier("m\(k)"))"
            }
            ctes.append(("tiers\(k + 1)", "SELECT *, CASE WHEN \(place) THEN \(d.string(t.name)) ELSE \(previous) END AS "
                + d.identifier("tier\(k + 1)") + counts + " FROM " + d.identifier("tiers\(k)")))
        }
        return (ctes, d.identifier("tiers\(policy.tiers.count)"), d.identifier("tier\(policy.tiers.count)"))
    }
}

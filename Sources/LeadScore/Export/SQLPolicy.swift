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
            let test = "(" + eligible.joined(separator: " AND ") + ")"
            var place = test
            if let m = t.maxLeads {
                place = "\(test) AND ROW_NUMBER() OVER (PARTITION BY \(test) ORDER BY \(d.identifier("probability")) DESC,"
                    + " \(id) ASC) <= \(m)"
            }
            ctes.append(("tiers\(k + 1)", "SELECT *, CASE WHEN \(place) THEN \(d.string(t.name)) ELSE \(previous) END AS "
                + d.identifier("tier\(k + 1)") + " FROM " + d.identifier("tiers\(k)")))
        }
        return (ctes, d.identifier("tiers\(policy.tiers.count)"), d.identifier("tier\(policy.tiers.count)"))
    }
}

/// `score`'s reasons in SQL, in one statement and in every dialect: "name=value (+1.23); …", the K
/// contributions of largest size, ties by column order, the value `(missing)` when missing.
///
/// No sorting of arrays is needed: feature f's position is the number of features before it in that order,
/// Σ_g [|c_g| > |c_f| or (|c_g| = |c_f| and g < f)], a permutation of 0..<F; reason r is the feature at
/// position r. Two decimals round half away from zero, as `ByteText.writeFixed2`.
struct SQLReasons {
    let dialect: SQLDialect
    let features: [String]
    let values: SQLValues

    private func a(_ f: Int) -> String { "abs(\(dialect.identifier("c\(f)")))" }
    private func position(_ f: Int) -> String { dialect.identifier("pos\(f)") }

    /// Each feature's position, as columns of a step before the final one.
    func positions() -> [String] {
        features.indices.map { f in
            let before = features.indices.filter { $0 != f }.map { g in
                "CASE WHEN \(a(g)) > \(a(f))" + (g < f ? " OR \(a(g)) = \(a(f))" : "") + " THEN 1 ELSE 0 END"
            }
            return (before.isEmpty ? "0" : before.joined(separator: " + ")) + " AS " + position(f)
        }
    }

    /// The reasons text for `k` reasons per lead.
    func text(_ k: Int) -> String {
        let d = dialect
        let n = min(k, features.count)
        guard n > 0 else { return "''" }
        let items = features.indices.map { f -> String in
            let c = d.identifier("c\(f)")
            let x = "(\(a(f)) * \(d.double(100)))"
            // Round half away from zero: x − ⌊x⌋ is exact for doubles.
            let r = "(CASE WHEN \(x) - FLOOR(\(x)) >= \(d.double(0.5)) THEN FLOOR(\(x)) + 1 ELSE FLOOR(\(x)) END)"
            let whole = d.asText("CAST(FLOOR(\(r) / \(d.double(100))) AS \(d.integerType))")
            let cents = d.lpad2(d.asText("CAST(\(r) - \(d.double(100)) * FLOOR(\(r) / \(d.double(100))) AS \(d.integerType))"))
            // A size of 1e13 or more (values near the largest double) is written `>1e13`, as RowScorer does: no
            // integer type holds it, and a failed cast would abort the query.
            let size = "CASE WHEN \(x) < \(d.double(1e15)) THEN \(whole) || '.' || \(cents) ELSE '>1e13' END"
            return d.string(features[f] + "=") + " || COALESCE(\(values.value(features[f])), '(missing)') || ' ('"
                + " || CASE WHEN \(c) >= \(d.double(0)) THEN '+' ELSE '-' END || \(size) || ')'"
        }
        let picks = (0..<n).map { r in
            "CASE" + features.indices.map { " WHEN \(position($0)) = \(r) THEN \(items[$0])" }.joined() + " END"
        }
        return picks.joined(separator: " || '; ' || ")
    }
}

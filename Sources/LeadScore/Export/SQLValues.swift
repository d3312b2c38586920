/// The columns the exported query reads, each as leadscore reads a field: `t<k>` the text trimmed of
/// surrounding spaces, tabs and no-break spaces, `s<k>` that text or NULL when it is missing (SQL NULL, a built-in missing
/// token in any case, or one of the model's own tokens), and for columns read as numbers `n<k>` its double
/// (±infinity when out of range, NULL when not a number or NaN) and `isn<k>` whether it reads as a number.
struct SQLValues {
    let dialect: SQLDialect
    let missing: ValueRules
    /// Column names in order of first use.
    private(set) var names: [String] = []
    private var index: [String: Int] = [:]
    private var numeric: Set<Int> = []

    init(dialect: SQLDialect, missing: ValueRules) {
        self.dialect = dialect
        self.missing = missing
    }

    /// The column's number, registering it.
    @discardableResult
    mutating func use(_ name: String, asNumber: Bool = false) -> Int {
        let k: Int
        if let i = index[name] { k = i } else { k = names.count; index[name] = k; names.append(name) }
        if asNumber { numeric.insert(k) }
        return k
    }

    func value(_ name: String) -> String { dialect.identifier("s\(index[name]!)") }
    func number(_ name: String) -> String { dialect.identifier("n\(index[name]!)") }
    func isNumber(_ name: String) -> String { dialect.identifier("isn\(index[name]!)") }

    /// `SELECT` lists of the three stages: trimmed text, value or NULL, number.
    func trimmed(idAlias: String, id: String) -> [String] {
        [dialect.identifier(id) + " AS " + idAlias]
            + names.enumerated().map { k, name in
                dialect.trim(dialect.asText(dialect.identifier(name))) + " AS " + dialect.identifier("t\(k)")
            }
    }

    func values(idAlias: String) -> [String] {
        let builtIn = (["NA", "N/A", "NULL", "NAN", "\\N"] + ValueRules.sheetErrors).map(dialect.string).joined(separator: ", ")
        let extra = missing.extra.filter { !$0.isEmpty }.map(dialect.string)
        return [idAlias] + names.indices.map { k in
            let t = dialect.identifier("t\(k)")
            var test = "\(t) IS NULL OR \(t) = '' OR UPPER(\(t)) IN (\(builtIn))"
            if !extra.isEmpty { test += " OR \(t) IN (\(extra.joined(separator: ", ")))" }
            return "CASE WHEN \(test) THEN NULL ELSE \(t) END AS " + dialect.identifier("s\(k)")
        }
    }

    func numbers() -> [String] {
        numeric.sorted().flatMap { k -> [String] in
            let s = dialect.identifier("s\(k)")
            // With decimal commas the pattern's mark is a comma, and the text is cast with a point instead.
            let mark = { (pattern: String) in self.missing.decimalComma ? pattern.replacingOccurrences(of: "[.]", with: "[,]") : pattern }
            let decimal = dialect.fullMatch(s, mark(SQLDialect.decimal))
            let word = dialect.fullMatch("LOWER(\(s))", SQLDialect.nonFiniteWord)
            let castable = dialect == .postgres ? dialect.fullMatch(s, mark(SQLDialect.decimalForCast)) : decimal
            let text = missing.decimalComma ? "REPLACE(\(s), ',', '.')" : s
            let infinity = "CASE WHEN \(s) LIKE '-%' THEN \(dialect.double(-.infinity)) ELSE \(dialect.double(.infinity)) END"
            // Only PostgreSQL reaches the second branch: an exponent of four digits or more, which is beyond
            // any double unless the mantissa is zero or the exponent negative (then zero, as strtod gives).
            let huge = dialect.fullMatch(s, "[+-]?[0-9.,]*[1-9][0-9.,]*[eE][+]?[0-9]+")
            let n = "CASE WHEN \(castable) THEN \(dialect.decimalAsDouble(text))"
                + " WHEN \(decimal) THEN CASE WHEN \(huge) THEN \(infinity) ELSE \(dialect.double(0)) END"
                + " WHEN \(word) AND LOWER(\(s)) NOT LIKE '%nan%' THEN \(infinity) END"
            return [n + " AS " + dialect.identifier("n\(k)"),
                    "COALESCE(\(decimal) OR \(word), FALSE) AS " + dialect.identifier("isn\(k)")]
        }
    }

    /// Whether number `n` is finite (false for NULL).
    func isFinite(_ n: String) -> String {
        "COALESCE(abs(\(n)) <= \(dialect.double(.greatestFiniteMagnitude)), FALSE)"
    }
}

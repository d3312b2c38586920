/// How each SQL engine spells what the exported query needs: quoted names, string and double literals,
/// text casts, trimming, a full-match regular expression, a number cast that never aborts the query.
///
/// Doubles are always written so that the engine reads them as IEEE doubles from their shortest decimal
/// form (DuckDB and Spark read `0.125` as a DECIMAL; PostgreSQL calls the type `double precision`).
public enum SQLDialect: String, CaseIterable, Sendable {
    case duckdb, postgres, spark, bigquery, snowflake

    /// Whether the query is run against this engine in the test suite (the others are parsed only).
    public var isExecutedInTests: Bool { self == .duckdb || self == .postgres || self == .spark }

    /// A quoted identifier.
    func identifier(_ name: String) -> String {
        switch self {
        case .spark, .bigquery: return "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
        case .duckdb, .postgres, .snowflake: return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }

    /// A table name, qualified or not (`crm.leads`, `project.dataset.leads`), each part quoted; nil when a
    /// part is empty.
    func table(_ qualified: String) -> String? {
        let parts = qualified.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !parts.contains(where: \.isEmpty) else { return nil }
        return parts.map(identifier).joined(separator: ".")
    }

    /// A string literal. Spark, BigQuery and Snowflake treat a backslash as an escape inside quotes.
    func string(_ s: String) -> String {
        switch self {
        case .duckdb, .postgres: return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        case .snowflake:
            return "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
        case .spark, .bigquery:
            return "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }
    }

    var doubleType: String {
        switch self {
        case .postgres: return "double precision"
        case .bigquery: return "FLOAT64"
        case .duckdb, .spark, .snowflake: return "DOUBLE"
        }
    }

    var textType: String {
        switch self {
        case .postgres: return "text"
        case .spark, .bigquery: return "STRING"
        case .duckdb, .snowflake: return "VARCHAR"
        }
    }

    var integerType: String { self == .bigquery ? "INT64" : "BIGINT" }

    /// A double literal holding exactly `x` (its shortest round-trip decimal form, read by the engine's
    /// correctly rounded parser); infinities spelled as each engine reads them.
    func double(_ x: Double) -> String {
        if x.isInfinite {
            let word = self == .postgres || self == .spark || self == .snowflake ? "Infinity" : "inf"
            return "CAST(" + string((x < 0 ? "-" : "") + word) + " AS \(doubleType))"
        }
        let text = x == 0 ? "0.0" : x.description
        switch self {
        case .spark: return text.uppercased().replacingOccurrences(of: "E+", with: "E") + "D"
        case .postgres: return "'" + text + "'::float8"
        case .duckdb, .snowflake: return "'" + text + "'::DOUBLE"
        case .bigquery: return "CAST('" + text + "' AS FLOAT64)"
        }
    }

    func asText(_ e: String) -> String { "CAST(" + e + " AS " + textType + ")" }

    /// `e` less surrounding spaces, tabs and no-break spaces (`CSVRecord`).
    func trim(_ e: String) -> String {
        switch self {
        case .duckdb: return "trim(" + e + ", ' ' || chr(9) || chr(160))"
        case .postgres: return "btrim(" + e + ", ' ' || chr(9) || chr(160))"
        case .spark: return "TRIM(BOTH ' \\t\\u00A0' FROM " + e + ")"
        case .bigquery, .snowflake: return "TRIM(" + e + ", ' \\t\\u00A0')"
        }
    }

    /// Whether all of `e` matches `pattern` (written without backslashes, so that no dialect's string
    /// escapes change it).
    func fullMatch(_ e: String, _ pattern: String) -> String {
        switch self {
        case .duckdb: return "regexp_full_match(" + e + ", " + string(pattern) + ")"
        case .postgres: return "(" + e + " ~ " + string("^(" + pattern + ")$") + ")"
        case .spark: return "(" + e + " RLIKE " + string("^(" + pattern + ")$") + ")"
        case .bigquery: return "REGEXP_CONTAINS(" + e + ", " + string("^(" + pattern + ")$") + ")"
        case .snowflake: return "REGEXP_LIKE(" + e + ", " + string(pattern) + ")"
        }
    }

    /// The double of text `t` known to match ``SQLDialect/decimal``; ±infinity beyond the double range.
    /// PostgreSQL has no safe cast and raises on overflow and on underflow to zero, so there the text is
    /// first read as an exact `numeric` and compared with the bounds (its exponent is limited to three digits
    /// by ``SQLDialect/decimalForCast``, as `numeric` accepts no more than ±1000).
    func decimalAsDouble(_ t: String) -> String {
        switch self {
        case .duckdb, .spark, .snowflake: return "TRY_CAST(" + t + " AS DOUBLE)"
        case .bigquery: return "SAFE_CAST(" + t + " AS FLOAT64)"
        case .postgres:
            let n = "CAST(" + t + " AS numeric)"
            return "CASE WHEN abs(\(n)) >= 179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792"
                + " THEN CASE WHEN \(n) < 0 THEN '-Infinity'::float8 ELSE 'Infinity'::float8 END"
                + " WHEN abs(\(n)) < 2.5e-324 THEN '0'::float8 ELSE CAST(\(t) AS float8) END"
        }
    }

    /// Decimal numbers as leadscore reads them: sign, digits with an optional point, optional exponent.
    static let decimal = "[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?"
    /// The same with the exponent limited to three digits after leading zeros (what PostgreSQL's `numeric`
    /// reads); a longer exponent is beyond any double or rounds to zero.
    static let decimalForCast = "[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?0*[0-9]{1,3})?"
    /// Infinity and NaN spelled out (lower case), which leadscore's parser also reads as numbers.
    static let nonFiniteWord = "[+-]?(inf|infinity|nan([(][0-9a-z_]*[)])?)"

    /// ln(1 + x). Only Spark has log1p; ln(1 + x) differs from it by a rounding of 1 + x, an absolute error
    /// below 2⁻⁵² that the z-scoring around the training mean keeps absolute.
    func log1p(_ x: String) -> String {
        self == .spark ? "LOG1P(" + x + ")" : "LN(" + double(1) + " + " + x + ")"
    }

    func lpad2(_ e: String) -> String { "LPAD(" + e + ", 2, '0')" }
}
